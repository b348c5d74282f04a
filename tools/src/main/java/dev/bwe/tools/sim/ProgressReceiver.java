package dev.bwe.tools.sim;

import java.io.PrintWriter;

/**
 * Wraps a {@link SimReceiver} and reports progress on long runs: one line each time another tenth of
 * the simulated duration has passed, with the wall time so far.
 */
public final class ProgressReceiver implements SimReceiver {
    private final SimReceiver inner;
    private final PrintWriter out;
    private final long startNs;
    private final long durationNs;
    private final long wallStartNs = System.nanoTime();
    private int reportedTenths;

    public ProgressReceiver(final SimReceiver inner, final PrintWriter out, final long startNs, final long durationNs) {
        this.inner = inner;
        this.out = out;
        this.startNs = startNs;
        this.durationNs = durationNs;
    }

    /** Wraps every receiver {@code factory} makes. */
    public static SimReceiverFactory wrap(final SimReceiverFactory factory, final PrintWriter out,
                                          final long durationNs) {
        return feedback -> new ProgressReceiver(factory.create(feedback), out, 0, durationNs);
    }

    @Override
    public void openSession(final long sessionId, final int absSendTimeExtensionId) {
        inner.openSession(sessionId, absSendTimeExtensionId);
    }

    @Override
    public void onPacket(final long sessionId, final long arrivalTimeNs, final SimPacket packet) {
        inner.onPacket(sessionId, arrivalTimeNs, packet);
    }

    @Override
    public void feedbackSlackNs(final long slackNs) {
        inner.feedbackSlackNs(slackNs);
    }

    @Override
    public void finish(final long endNs) {
        inner.finish(endNs);
    }

    @Override
    public void advanceTo(final long nowNs) {
        inner.advanceTo(nowNs);
        final int tenths = (int) Math.min(10, (nowNs - startNs) * 10 / Math.max(1, durationNs));
        if (tenths > reportedTenths) {
            reportedTenths = tenths;
            out.printf("  simulated %5.1f s of %.1f s (%d%%) in %.1f s%n", (nowNs - startNs) / 1e9, durationNs / 1e9,
                tenths * 10, (System.nanoTime() - wallStartNs) / 1e9);
            out.flush();
        }
    }
}
