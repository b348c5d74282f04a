package dev.bwe.relay;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;

/**
 * The datagram a REMB travels in: a compound RTCP packet whose first packet is an empty receiver report
 * (RFC 3550 §6.4.2: V=2, RC=0, PT=201, length 1 word, our SSRC), as RFC 3550 §6.1 wants every compound to
 * start with SR or RR, followed by the PSFB REMB. Chromium accepts it (and, with rtcp-rsize, would accept
 * the REMB alone too).
 */
public final class RembCompound {
    /** Size of the empty receiver report, bytes. */
    public static final int RECEIVER_REPORT_BYTES = 8;
    /** RTCP packet type of a receiver report. */
    public static final int PT_RECEIVER_REPORT = 201;

    // V=2 (top two bits 10), no padding, report count 0.
    private static final int RR_FIRST_BYTE = 0x80;
    // Length in 32-bit words minus one: 8 bytes are 2 words.
    private static final int RR_LENGTH_WORDS_MINUS_ONE = 1;

    private RembCompound() {
    }

    /**
     * Writes RR + REMB into {@code out} from index 0.
     *
     * @param senderSsrc our RTCP SSRC, written into the RR (the REMB carries its own sender SSRC)
     * @param remb       the encoded REMB packet, bytes 0 until {@code rembLength}
     * @return the compound packet's length
     */
    public static int write(final byte[] out, final int senderSsrc, final DirectBuffer remb, final int rembLength) {
        final int length = writeReceiverReport(out, senderSsrc);
        remb.getBytes(0, out, length, rembLength);
        return length + rembLength;
    }

    /** Writes the empty receiver report into {@code out} from index 0 and returns its length, 8. */
    public static int writeReceiverReport(final byte[] out, final int senderSsrc) {
        final ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.BIG_ENDIAN);
        bb.put(0, (byte) RR_FIRST_BYTE);
        bb.put(1, (byte) PT_RECEIVER_REPORT);
        bb.putShort(2, (short) RR_LENGTH_WORDS_MINUS_ONE);
        bb.putInt(4, senderSsrc);
        return RECEIVER_REPORT_BYTES;
    }
}
