package dev.bwe.tools.cli;

import dev.bwe.pipeline.replay.TraceReader;
import dev.bwe.pipeline.rtp.ExtensionIds;

/**
 * Rebuilds an RTP packet from a trace row, so that a trace can go through the real pipeline's parse
 * stage: version 2, PT 96, the row's sequence number and SSRC, a one-byte header extension block with
 * abs-send-time (id 3) and/or abs-capture-time (id 5, 8 bytes) when the row has them, then a zero
 * payload of the row's payload size.
 */
final class RtpRebuilder {
    static final int ABS_SEND_TIME_ID = 3;
    static final int ABS_CAPTURE_TIME_ID = 5;
    static final int TOFFSET_ID = 7;
    static final ExtensionIds IDS = ExtensionIds.of(ABS_SEND_TIME_ID, ABS_CAPTURE_TIME_ID, TOFFSET_ID);

    private RtpRebuilder() {
    }

    /** Writes the packet into {@code out} (which must hold it) and returns its length. */
    static int write(final TraceReader.Row row, final byte[] out) {
        int p = 12;
        final boolean extension = row.hasAbsSendTime || row.hasAbsCaptureTime || row.hasTransmissionOffset;
        out[0] = (byte) (extension ? 0x90 : 0x80);
        out[1] = 96;
        out[2] = (byte) (row.sequenceNumber >>> 8);
        out[3] = (byte) row.sequenceNumber;
        out[4] = (byte) (row.rtpTimestamp >>> 24);
        out[5] = (byte) (row.rtpTimestamp >>> 16);
        out[6] = (byte) (row.rtpTimestamp >>> 8);
        out[7] = (byte) row.rtpTimestamp;
        out[8] = (byte) (row.ssrc >>> 24);
        out[9] = (byte) (row.ssrc >>> 16);
        out[10] = (byte) (row.ssrc >>> 8);
        out[11] = (byte) row.ssrc;
        if (extension) {
            final int start = p;
            p += 4;
            if (row.hasAbsSendTime) {
                out[p++] = (byte) ((ABS_SEND_TIME_ID << 4) | 2);
                out[p++] = (byte) (row.absSendTime24 >>> 16);
                out[p++] = (byte) (row.absSendTime24 >>> 8);
                out[p++] = (byte) row.absSendTime24;
            }
            if (row.hasAbsCaptureTime) {
                out[p++] = (byte) ((ABS_CAPTURE_TIME_ID << 4) | 7);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    out[p++] = (byte) (row.absCaptureTimeNtp >>> shift);
                }
            }
            if (row.hasTransmissionOffset) {
                out[p++] = (byte) ((TOFFSET_ID << 4) | 2);
                out[p++] = (byte) (row.transmissionOffset >>> 16);
                out[p++] = (byte) (row.transmissionOffset >>> 8);
                out[p++] = (byte) row.transmissionOffset;
            }
            while ((p - start) % 4 != 0) {
                out[p++] = 0;
            }
            final int words = (p - start - 4) / 4;
            out[start] = (byte) 0xBE;
            out[start + 1] = (byte) 0xDE;
            out[start + 2] = (byte) (words >>> 8);
            out[start + 3] = (byte) words;
        }
        final int length = p + row.payloadSizeBytes;
        java.util.Arrays.fill(out, p, length, (byte) 0);
        return length;
    }
}
