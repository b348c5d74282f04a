package dev.bwe.estimator;

/**
 * Compares the delay gradient with an adaptive threshold and decides between normal, over-use and
 * under-use: libwebrtc's {@code OveruseDetector}.
 *
 * <p>The threshold follows |gradient| slowly (up with gain 0.0087, down with 0.039 per ms), so that
 * a flow competing with loss-based TCP is not starved, but ignores spikes more than 15 ms above it
 * (a sudden capacity drop must still trigger). Over-use needs the gradient above the threshold for
 * more than 10 ms, on at least two deltas, and not decreasing.
 */
public final class OveruseDetector {
    static final double INITIAL_THRESHOLD_MS = 12.5;
    static final double K_UP = 0.0087;
    static final double K_DOWN = 0.039;
    static final double MAX_ADAPT_OFFSET_MS = 15.0;
    static final long MAX_TIME_DELTA_MS = 100;
    static final double OVERUSING_TIME_THRESHOLD_MS = 10;
    static final int MAX_NUM_DELTAS = 60;
    // libwebrtc clamps with float literals; 6.f and 600.f are exact in double.
    static final double MIN_THRESHOLD_MS = 6.0f;
    static final double MAX_THRESHOLD_MS = 600.0f;

    private final DetectorStateListener listener;

    private double thresholdMs;
    private long lastUpdateMs;
    private double prevOffset;
    private double timeOverUsingMs;
    private int overuseCounter;
    private BandwidthUsage hypothesis;

    public OveruseDetector() {
        this(DetectorStateListener.NONE);
    }

    public OveruseDetector(final DetectorStateListener listener) {
        this.listener = listener;
        reset();
    }

    /** Back to the freshly constructed state. */
    public void reset() {
        thresholdMs = INITIAL_THRESHOLD_MS;
        lastUpdateMs = -1;
        prevOffset = 0;
        timeOverUsingMs = -1;
        overuseCounter = 0;
        hypothesis = BandwidthUsage.NORMAL;
    }

    /**
     * Updates the hypothesis with one delta.
     *
     * @param offset the filter's gradient ({@link DelayFilter#offset()})
     * @param tsDeltaMs send-time delta of the groups, ms
     * @param numOfDeltas the filter's delta count
     * @param nowMs arrival time, ms
     * @return the new hypothesis; {@link BandwidthUsage#NORMAL} without touching any state while
     *     fewer than two deltas were seen
     */
    public BandwidthUsage detect(final double offset, final double tsDeltaMs, final int numOfDeltas, final long nowMs) {
        if (numOfDeltas < 2) {
            return BandwidthUsage.NORMAL;
        }
        final BandwidthUsage before = hypothesis;
        final double t = Math.min(numOfDeltas, MAX_NUM_DELTAS) * offset;
        if (t > thresholdMs) {
            if (timeOverUsingMs == -1) {
                // Assume we have been over-using for half the time since the previous sample.
                timeOverUsingMs = tsDeltaMs / 2;
            } else {
                timeOverUsingMs += tsDeltaMs;
            }
            overuseCounter++;
            if (timeOverUsingMs > OVERUSING_TIME_THRESHOLD_MS && overuseCounter > 1 && offset >= prevOffset) {
                timeOverUsingMs = 0;
                overuseCounter = 0;
                hypothesis = BandwidthUsage.OVERUSING;
            }
        } else if (t < -thresholdMs) {
            timeOverUsingMs = -1;
            overuseCounter = 0;
            hypothesis = BandwidthUsage.UNDERUSING;
        } else {
            timeOverUsingMs = -1;
            overuseCounter = 0;
            hypothesis = BandwidthUsage.NORMAL;
        }
        prevOffset = offset;

        updateThreshold(t, nowMs);

        if (hypothesis != before) {
            listener.onStateChanged(nowMs, before, hypothesis);
        }
        return hypothesis;
    }

    private void updateThreshold(final double modifiedOffset, final long nowMs) {
        if (lastUpdateMs == -1) {
            lastUpdateMs = nowMs;
        }
        final double absOffset = Math.abs(modifiedOffset);
        if (absOffset > thresholdMs + MAX_ADAPT_OFFSET_MS) {
            // A latency spike (a sudden capacity drop, say) must not drag the threshold up.
            lastUpdateMs = nowMs;
            return;
        }
        final double k = absOffset < thresholdMs ? K_DOWN : K_UP;
        final long timeDeltaMs = Math.min(nowMs - lastUpdateMs, MAX_TIME_DELTA_MS);
        thresholdMs += k * (absOffset - thresholdMs) * timeDeltaMs;
        thresholdMs = Math.max(MIN_THRESHOLD_MS, Math.min(MAX_THRESHOLD_MS, thresholdMs));
        lastUpdateMs = nowMs;
    }

    /** The current hypothesis. */
    public BandwidthUsage state() {
        return hypothesis;
    }

    /** The adaptive threshold γ, ms. */
    public double thresholdMs() {
        return thresholdMs;
    }
}
