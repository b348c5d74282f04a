package dev.bwe.tools.sim;

/**
 * When a receiver sends a REMB for one session: libwebrtc's {@code RembThrottler} rule plus the periodic
 * re-send that RTCP reports give (reference §1.7, §2.6). Kept on its own so that
 * {@code dev.bwe.estimator.remb.RembScheduler} can take its place without touching the receiver.
 *
 * <ul>
 *   <li>An estimate is sent at once when it is a drop to about 97 % or less of the last value sent
 *       ({@code new × 103 / 100 ≤ lastSent}, integer arithmetic), or when at least 200 ms passed since the
 *       last REMB; otherwise it is swallowed. The first estimate is always sent.</li>
 *   <li>When 1 s passed since the last REMB, a periodic one is due (libwebrtc repeats the REMB in every
 *       compound RTCP report, about once a second for video).</li>
 * </ul>
 * Times are µs, the estimator's unit.
 */
public final class RembThrottle {
    /** libwebrtc {@code kRembSendInterval}. */
    public static final long MIN_INTERVAL_US = 200_000;
    /** The RTCP report interval of video: a REMB is repeated at least this often. */
    public static final long PERIODIC_INTERVAL_US = 1_000_000;
    /** libwebrtc {@code kSendThresholdPercent}. */
    public static final long SEND_THRESHOLD_PERCENT = 103;

    private static final long NONE = Long.MIN_VALUE;

    private long lastSentUs = NONE;
    private long lastSentBps = Long.MAX_VALUE;

    /**
     * The estimator produced {@code bitrateBps} at {@code nowUs}.
     *
     * @return true if a REMB must be sent now (the throttle then counts it as sent)
     */
    public boolean onEstimate(final long nowUs, final long bitrateBps) {
        final boolean dropped = lastSentBps != Long.MAX_VALUE
            && bitrateBps * SEND_THRESHOLD_PERCENT / 100 <= lastSentBps;
        if (lastSentUs == NONE || dropped || nowUs - lastSentUs >= MIN_INTERVAL_US) {
            markSent(nowUs, bitrateBps);
            return true;
        }
        return false;
    }

    /** True when a periodic REMB is due at {@code nowUs}: one was sent before, and not for a second. */
    public boolean periodicDue(final long nowUs) {
        return lastSentUs != NONE && nowUs - lastSentUs >= PERIODIC_INTERVAL_US;
    }

    /** Records a REMB sent outside {@link #onEstimate} (the periodic one). */
    public void markSent(final long nowUs, final long bitrateBps) {
        lastSentUs = nowUs;
        lastSentBps = bitrateBps;
    }
}
