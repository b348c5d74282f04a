package dev.bwe.pipeline.stage;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.RembView;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** The timer stage's reusable {@link RembView}: set before each sink call, never allocated per REMB. */
final class RembFlyweight implements RembView {
    private final UnsafeBuffer window = new UnsafeBuffer(new byte[0]);
    private long sessionId;
    private long timeNs;
    private long bitrateBps;
    private SsrcSet ssrcs = SsrcSet.EMPTY;

    void set(final long sessionId, final long timeNs, final long bitrateBps, final SsrcSet ssrcs,
             final DirectBuffer encoded, final int length) {
        this.sessionId = sessionId;
        this.timeNs = timeNs;
        this.bitrateBps = bitrateBps;
        this.ssrcs = ssrcs;
        this.window.wrap(encoded, 0, length);
    }

    @Override
    public long sessionId() {
        return sessionId;
    }

    @Override
    public long timeNs() {
        return timeNs;
    }

    @Override
    public long bitrateBps() {
        return bitrateBps;
    }

    @Override
    public SsrcSet ssrcs() {
        return ssrcs;
    }

    @Override
    public DirectBuffer buffer() {
        return window;
    }

    @Override
    public int length() {
        return window.capacity();
    }
}
