/**
 * The parse stage's logic: RTP header validation and RFC 8285 header-extension reading, from the
 * bytes a ring slot captured, with the extension ids the session negotiated in SDP.
 *
 * <ul>
 *   <li>{@link dev.bwe.pipeline.rtp.SdpExtmap} reads {@code a=extmap} lines into
 *       {@link dev.bwe.pipeline.rtp.ExtensionIds} when a session opens (allocates, may throw);
 *   <li>{@link dev.bwe.pipeline.rtp.RtpHeaderParser} parses every packet (never allocates, never
 *       throws) and returns a {@link dev.bwe.pipeline.rtp.ParseStatus} code, whose stable values
 *       double as counter ids for rejected packets.
 * </ul>
 *
 * <p>The rules follow libwebrtc's {@code RtpPacket::ParseBuffer}, so a packet bwe accepts is one a
 * WebRTC receiver would feed its own estimator, with the same sizes and send times.
 */
package dev.bwe.pipeline.rtp;
