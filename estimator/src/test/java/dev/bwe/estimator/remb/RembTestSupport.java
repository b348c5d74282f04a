package dev.bwe.estimator.remb;

import dev.bwe.estimator.SsrcSet;
import java.util.Arrays;
import org.agrona.concurrent.UnsafeBuffer;

/** The REMB vectors of the reference (§4.1) and small helpers shared by the REMB tests. */
final class RembTestSupport {
    /** libwebrtc remb_unittest.cc kPacket: sender 0x12345678, 522022 bps, three SSRCs. */
    static final String LIBWEBRTC_PACKET =
        "8f ce 00 07 12 34 56 78 00 00 00 00 52 45 4d 42 03 07 fb 93 23 45 67 89 23 45 67 8a 23 45 67 8b";
    static final int LIBWEBRTC_SENDER_SSRC = 0x12345678;
    static final long LIBWEBRTC_BITRATE_BPS = 522022;
    static final int[] LIBWEBRTC_SSRCS = {0x23456789, 0x2345678A, 0x2345678B};

    /** pion/rtcp: a REMB Chrome sent while receiving a 6 Mb/s stream. */
    static final String CHROME_PACKET = "8f ce 00 05 00 00 00 01 00 00 00 00 52 45 4d 42 01 1a 20 df 48 74 ed 16";
    static final int CHROME_SENDER_SSRC = 1;
    static final long CHROME_BITRATE_BPS = 8927168;
    static final int[] CHROME_SSRCS = {1215622422};

    /** libwebrtc CreateAndParse64bitBitrate: 0x3FB93 << 30, no sender SSRC, no SSRCs. */
    static final String BITRATE_64BIT_PACKET = "8f ce 00 04 00 00 00 00 00 00 00 00 52 45 4d 42 00 7b fb 93";
    static final long BITRATE_64BIT_BPS = 0x3FB93L << 30;

    private RembTestSupport() {
    }

    static byte[] hex(final String spaced) {
        final String digits = spaced.replace(" ", "");
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    static UnsafeBuffer bufferOf(final byte[] bytes) {
        return new UnsafeBuffer(bytes.clone());
    }

    static byte[] bytesOf(final UnsafeBuffer buffer, final int offset, final int length) {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        return bytes;
    }

    static int[] ssrcsOf(final SsrcSet set) {
        final int[] ssrcs = new int[set.size()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = set.get(i);
        }
        return ssrcs;
    }

    /** An SsrcSet over an array, for feeding the encoder and the scheduler. */
    static final class ArraySsrcSet implements SsrcSet {
        private final int[] ssrcs;

        ArraySsrcSet(final int... ssrcs) {
            this.ssrcs = ssrcs.clone();
        }

        @Override
        public int size() {
            return ssrcs.length;
        }

        @Override
        public int get(final int index) {
            return ssrcs[index];
        }

        @Override
        public String toString() {
            return Arrays.toString(ssrcs);
        }
    }
}
