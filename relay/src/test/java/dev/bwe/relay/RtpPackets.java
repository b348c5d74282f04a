package dev.bwe.relay;

/** Writes minimal RTP packets with an abs-send-time one-byte header extension (tests only). */
public final class RtpPackets {
    private RtpPackets() {
    }

    /**
     * Writes a VP8-like RTP packet of {@code size} bytes into {@code out}.
     *
     * @param absSendTimeId the one-byte extension id of abs-send-time
     * @param sendTimeNs    the send time; abs-send-time is its 6.18 fixed-point seconds, 24 bits
     */
    public static int write(final byte[] out, final int size, final int payloadType, final int sequence,
                            final int ssrc, final int absSendTimeId, final long sendTimeNs) {
        final long absSendTime = ((sendTimeNs << 18) / 1_000_000_000L) & 0xFFFFFF;
        out[0] = (byte) 0x90; // V=2, X=1
        out[1] = (byte) payloadType;
        out[2] = (byte) (sequence >>> 8);
        out[3] = (byte) sequence;
        final long rtpTimestamp = sendTimeNs / 1_000_000L * 90;
        putInt(out, 4, (int) rtpTimestamp);
        putInt(out, 8, ssrc);
        out[12] = (byte) 0xBE;
        out[13] = (byte) 0xDE;
        out[14] = 0;
        out[15] = 1; // one 32-bit word of extensions
        out[16] = (byte) ((absSendTimeId << 4) | 2); // id, length - 1 = 2
        out[17] = (byte) (absSendTime >>> 16);
        out[18] = (byte) (absSendTime >>> 8);
        out[19] = (byte) absSendTime;
        for (int i = 20; i < size; i++) {
            out[i] = (byte) i;
        }
        return size;
    }

    private static void putInt(final byte[] out, final int at, final int value) {
        out[at] = (byte) (value >>> 24);
        out[at + 1] = (byte) (value >>> 16);
        out[at + 2] = (byte) (value >>> 8);
        out[at + 3] = (byte) value;
    }
}
