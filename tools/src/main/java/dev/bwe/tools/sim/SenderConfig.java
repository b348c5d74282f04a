package dev.bwe.tools.sim;

/**
 * How a session's sender reacts to REMB and paces its packets. Immutable; see {@link #builder()}.
 */
public final class SenderConfig {
    /** libwebrtc's pacer runs at 2.5 × the target bitrate ({@code kDefaultPaceMultiplier}). */
    public static final double DEFAULT_PACING_FACTOR = 2.5;
    /** Largest RTP payload of a video packet: keeps IP packets under a 1280-byte IPv6 minimum MTU. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1200;

    /** Defaults: start 300 kbps, REMB clamped to [50 kbps, 5 Mbps], pacing 2.5 ×, feedback on. */
    public static final SenderConfig DEFAULT = builder().build();

    private final long startBitrateBps;
    private final long minBitrateBps;
    private final long maxBitrateBps;
    private final double pacingFactor;
    private final int maxPayloadBytes;
    private final boolean feedbackEnabled;

    private SenderConfig(final Builder b) {
        this.startBitrateBps = b.startBitrateBps;
        this.minBitrateBps = b.minBitrateBps;
        this.maxBitrateBps = b.maxBitrateBps;
        this.pacingFactor = b.pacingFactor;
        this.maxPayloadBytes = b.maxPayloadBytes;
        this.feedbackEnabled = b.feedbackEnabled;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        final Builder b = new Builder();
        b.startBitrateBps = startBitrateBps;
        b.minBitrateBps = minBitrateBps;
        b.maxBitrateBps = maxBitrateBps;
        b.pacingFactor = pacingFactor;
        b.maxPayloadBytes = maxPayloadBytes;
        b.feedbackEnabled = feedbackEnabled;
        return b;
    }

    /** Target before the first REMB arrives, bps. */
    public long startBitrateBps() {
        return startBitrateBps;
    }

    public long minBitrateBps() {
        return minBitrateBps;
    }

    public long maxBitrateBps() {
        return maxBitrateBps;
    }

    /** Pacing rate ÷ target bitrate. */
    public double pacingFactor() {
        return pacingFactor;
    }

    public int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    /** False: REMBs are ignored and the sender keeps its start bitrate (open loop). */
    public boolean feedbackEnabled() {
        return feedbackEnabled;
    }

    /** {@code bps} clamped to [min, max]. */
    public long clamp(final long bps) {
        return Math.max(minBitrateBps, Math.min(maxBitrateBps, bps));
    }

    @Override
    public String toString() {
        return "start=" + startBitrateBps + "bps, range=[" + minBitrateBps + ", " + maxBitrateBps + "]bps, pacing="
            + pacingFactor + "x, maxPayload=" + maxPayloadBytes + "B" + (feedbackEnabled ? "" : ", feedback off");
    }

    /** Builds a {@link SenderConfig}; {@link #build()} checks that min ≤ start ≤ max. */
    public static final class Builder {
        private long startBitrateBps = 300_000;
        private long minBitrateBps = 50_000;
        private long maxBitrateBps = 5_000_000;
        private double pacingFactor = DEFAULT_PACING_FACTOR;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private boolean feedbackEnabled = true;

        private Builder() {
        }

        public Builder startBitrateBps(final long bps) {
            this.startBitrateBps = bps;
            return this;
        }

        public Builder minBitrateBps(final long bps) {
            this.minBitrateBps = bps;
            return this;
        }

        public Builder maxBitrateBps(final long bps) {
            this.maxBitrateBps = bps;
            return this;
        }

        public Builder pacingFactor(final double factor) {
            if (!(factor >= 1) || Double.isInfinite(factor)) {
                throw new IllegalArgumentException("pacingFactor must be >= 1, was " + factor);
            }
            this.pacingFactor = factor;
            return this;
        }

        public Builder maxPayloadBytes(final int bytes) {
            if (bytes < 1 || bytes > 1400) {
                throw new IllegalArgumentException("maxPayloadBytes must be in 1..1400, was " + bytes);
            }
            this.maxPayloadBytes = bytes;
            return this;
        }

        public Builder feedbackEnabled(final boolean enabled) {
            this.feedbackEnabled = enabled;
            return this;
        }

        public SenderConfig build() {
            if (minBitrateBps <= 0) {
                throw new IllegalArgumentException("minBitrateBps must be > 0, was " + minBitrateBps);
            }
            if (!(minBitrateBps <= startBitrateBps && startBitrateBps <= maxBitrateBps)) {
                throw new IllegalArgumentException("need minBitrateBps <= startBitrateBps <= maxBitrateBps, was "
                    + minBitrateBps + " <= " + startBitrateBps + " <= " + maxBitrateBps);
            }
            return new SenderConfig(this);
        }
    }
}
