package dev.bwe.pipeline;

/**
 * Builds RTP packets byte by byte, independently of the parser under test: version 2, PT 96, the
 * given sequence number, timestamp and SSRC, and a one-byte (0xBEDE) header extension block with
 * abs-send-time, then a zero payload.
 */
public final class RtpPacketBuilder {
    public static final int AST_ID = 3;

    private RtpPacketBuilder() {
    }

    /** Writes a packet into {@code out} and returns its length: 12 header + 8 extension + payload bytes. */
    public static int write(final byte[] out, final int ssrc, final int seq, final int rtpTimestamp,
                            final int absSendTime24, final int payloadBytes) {
        out[0] = (byte) 0x90; // V=2, P=0, X=1, CC=0
        out[1] = 96;
        out[2] = (byte) (seq >>> 8);
        out[3] = (byte) seq;
        out[4] = (byte) (rtpTimestamp >>> 24);
        out[5] = (byte) (rtpTimestamp >>> 16);
        out[6] = (byte) (rtpTimestamp >>> 8);
        out[7] = (byte) rtpTimestamp;
        out[8] = (byte) (ssrc >>> 24);
        out[9] = (byte) (ssrc >>> 16);
        out[10] = (byte) (ssrc >>> 8);
        out[11] = (byte) ssrc;
        out[12] = (byte) 0xBE;
        out[13] = (byte) 0xDE;
        out[14] = 0;
        out[15] = 1; // one 32-bit word of extensions
        out[16] = (byte) ((AST_ID << 4) | 2); // id, L = 3 bytes - 1
        out[17] = (byte) (absSendTime24 >>> 16);
        out[18] = (byte) (absSendTime24 >>> 8);
        out[19] = (byte) absSendTime24;
        final int length = 20 + payloadBytes;
        for (int i = 20; i < length; i++) {
            out[i] = 0;
        }
        return length;
    }

    /** Payload size the estimator sees for a packet of {@code length} bytes written by {@link #write}. */
    static int payloadSize(final int length) {
        return length - 20;
    }
}
