package dev.bwe.relay;

import java.nio.ByteBuffer;

/**
 * What a datagram on a WebRTC 5-tuple is, by its first bytes (RFC 7983 §7): 0..3 STUN, 20..63 DTLS,
 * 128..191 RTP or RTCP; among those, RTCP when the second byte (the packet type, marker bit included) is
 * 192..223 (RFC 5761 §4: RTCP types 200..206 and friends; no RTP payload type lands there).
 */
public enum PacketKind {
    STUN,
    DTLS,
    RTP,
    RTCP,
    /** Empty, or a first byte in none of the ranges (TURN channel data, ZRTP, garbage). */
    UNKNOWN;

    private static final int STUN_LAST = 3;
    private static final int DTLS_FIRST = 20;
    private static final int DTLS_LAST = 63;
    private static final int RTP_FIRST = 128;
    private static final int RTP_LAST = 191;
    private static final int RTCP_TYPE_FIRST = 192;
    private static final int RTCP_TYPE_LAST = 223;

    /** Classifies {@code packet[offset, offset + length)}. */
    public static PacketKind of(final byte[] packet, final int offset, final int length) {
        if (length < 1) {
            return UNKNOWN;
        }
        return classify(packet[offset] & 0xFF, length > 1 ? packet[offset + 1] & 0xFF : -1);
    }

    /** Classifies the buffer's remaining bytes without moving its position. */
    public static PacketKind of(final ByteBuffer packet) {
        if (packet.remaining() < 1) {
            return UNKNOWN;
        }
        final int at = packet.position();
        return classify(packet.get(at) & 0xFF, packet.remaining() > 1 ? packet.get(at + 1) & 0xFF : -1);
    }

    private static PacketKind classify(final int first, final int second) {
        if (first <= STUN_LAST) {
            return STUN;
        }
        if (first >= DTLS_FIRST && first <= DTLS_LAST) {
            return DTLS;
        }
        if (first >= RTP_FIRST && first <= RTP_LAST) {
            if (second < 0) {
                return UNKNOWN;
            }
            return second >= RTCP_TYPE_FIRST && second <= RTCP_TYPE_LAST ? RTCP : RTP;
        }
        return UNKNOWN;
    }
}
