package dev.bwe.pipeline;

import dev.bwe.estimator.SsrcSet;
import org.agrona.DirectBuffer;

/**
 * A read-only view of one REMB about to go out: the session, the announced bitrate, the SSRCs and the
 * encoded RTCP packet. The pipeline reuses one view for every REMB: it is valid only during
 * {@link RembSink#onRemb}.
 */
public interface RembView {
    /** The session the REMB is for. */
    long sessionId();

    /** When it was decided, ns in the pipeline's clock (the packet's arrival or the tick's time). */
    long timeNs();

    /** The bitrate the REMB announces, bps (the encoded value may be slightly lower: the mantissa truncates). */
    long bitrateBps();

    /** The SSRCs it lists, ascending unsigned. */
    SsrcSet ssrcs();

    /** The encoded RTCP PSFB REMB packet, bytes 0 until {@link #length()}; do not write to it. */
    DirectBuffer buffer();

    /** Length of the encoded packet, bytes. */
    int length();

    /** A copy of the encoded packet (allocates; for tests and tools). */
    default byte[] toByteArray() {
        final byte[] bytes = new byte[length()];
        buffer().getBytes(0, bytes);
        return bytes;
    }
}
