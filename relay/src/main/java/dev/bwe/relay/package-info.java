/**
 * bwe in front of a real WebRTC peer: a minimal receive endpoint and the harness that lets a browser talk to it.
 *
 * <ul>
 *   <li>{@link dev.bwe.relay.RelayEndpoint}: one UDP socket on 127.0.0.1, ICE-lite STUN, plain RTP into a
 *       {@link dev.bwe.pipeline.BwePipeline} session, bwe's REMBs back as RR + REMB (or a forced schedule);
 *   <li>{@link dev.bwe.relay.RelayServer}: the endpoint, an optional bottleneck shaper and a page a browser opens
 *       ({@code RelayServer.start(options)} returns a handle to close);
 *   <li>{@link dev.bwe.relay.PacketKind} (RFC 7983 demultiplexing), {@link dev.bwe.relay.RembCompound},
 *       {@link dev.bwe.relay.RembLog} (the REMBs sent, for tests and tools), {@link dev.bwe.relay.Executables}.
 * </ul>
 *
 * <p>Media is NOT encrypted: the browser runs with {@code --disable-webrtc-encryption}. Loopback only; for tests
 * and demonstrations, not for a network.
 */
package dev.bwe.relay;
