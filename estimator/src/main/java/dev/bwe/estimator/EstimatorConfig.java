package dev.bwe.estimator;

import java.util.Objects;

/**
 * Settings of one session's {@link RemoteBitrateEstimator}. The defaults are libwebrtc's receive-side
 * behaviour; anything else departs from the reference and is said so here.
 */
public final class EstimatorConfig {
    /** libwebrtc {@code kStreamTimeOut}: a stream silent for longer is dropped. */
    public static final long DEFAULT_STREAM_TIMEOUT_US = 2_000_000;
    /** REMB lists at most 255 SSRCs, so a session never tracks more. */
    public static final int MAX_STREAMS_LIMIT = 255;

    /** libwebrtc's defaults. */
    public static final EstimatorConfig DEFAULT = builder().build();

    private final EstimatorProfile profile;
    private final DelayFilterKind delayFilter;
    private final double backoffFactor;
    private final long minBitrateBps;
    private final long maxBitrateBps;
    private final long startBitrateBps;
    private final long streamTimeoutUs;
    private final int maxStreams;

    private EstimatorConfig(final Builder b) {
        this.profile = b.profile;
        this.delayFilter = b.delayFilter;
        this.backoffFactor = b.backoffFactor;
        this.minBitrateBps = b.minBitrateBps;
        this.maxBitrateBps = b.maxBitrateBps;
        this.startBitrateBps = b.startBitrateBps;
        this.streamTimeoutUs = b.streamTimeoutUs;
        this.maxStreams = b.maxStreams;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        final Builder b = new Builder();
        b.profile = profile;
        b.delayFilter = delayFilter;
        b.backoffFactor = backoffFactor;
        b.minBitrateBps = minBitrateBps;
        b.maxBitrateBps = maxBitrateBps;
        b.startBitrateBps = startBitrateBps;
        b.streamTimeoutUs = streamTimeoutUs;
        b.maxStreams = maxStreams;
        return b;
    }

    /** {@link EstimatorProfile#PARITY} unless set. */
    public EstimatorProfile profile() {
        return profile;
    }

    public DelayFilterKind delayFilter() {
        return delayFilter;
    }

    public double backoffFactor() {
        return backoffFactor;
    }

    public long minBitrateBps() {
        return minBitrateBps;
    }

    /** {@link Long#MAX_VALUE} when there is no ceiling (libwebrtc's behaviour). */
    public long maxBitrateBps() {
        return maxBitrateBps;
    }

    /** -1 when there is no start bitrate (libwebrtc's receive-side behaviour). */
    public long startBitrateBps() {
        return startBitrateBps;
    }

    public long streamTimeoutUs() {
        return streamTimeoutUs;
    }

    public int maxStreams() {
        return maxStreams;
    }

    @Override
    public boolean equals(final Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof EstimatorConfig)) {
            return false;
        }
        final EstimatorConfig that = (EstimatorConfig) o;
        return Double.compare(backoffFactor, that.backoffFactor) == 0
            && minBitrateBps == that.minBitrateBps
            && maxBitrateBps == that.maxBitrateBps
            && startBitrateBps == that.startBitrateBps
            && streamTimeoutUs == that.streamTimeoutUs
            && maxStreams == that.maxStreams
            && delayFilter == that.delayFilter
            && profile == that.profile;
    }

    @Override
    public int hashCode() {
        return Objects.hash(profile, delayFilter, backoffFactor, minBitrateBps, maxBitrateBps, startBitrateBps,
            streamTimeoutUs, maxStreams);
    }

    @Override
    public String toString() {
        return "EstimatorConfig{profile=" + profile.cliName()
            + ", delayFilter=" + delayFilter
            + ", backoffFactor=" + backoffFactor
            + ", minBitrateBps=" + minBitrateBps
            + ", maxBitrateBps=" + (maxBitrateBps == Long.MAX_VALUE ? "none" : Long.toString(maxBitrateBps))
            + ", startBitrateBps=" + (startBitrateBps < 0 ? "none" : Long.toString(startBitrateBps))
            + ", streamTimeoutUs=" + streamTimeoutUs
            + ", maxStreams=" + maxStreams + '}';
    }

    /** Builds an {@link EstimatorConfig}; every setter validates at once with a message naming the setting. */
    public static final class Builder {
        private EstimatorProfile profile = EstimatorProfile.PARITY;
        private DelayFilterKind delayFilter = DelayFilterKind.KALMAN;
        private double backoffFactor = AimdRateControl.DEFAULT_BACKOFF_FACTOR;
        private long minBitrateBps = AimdRateControl.DEFAULT_MIN_BITRATE_BPS;
        private long maxBitrateBps = Long.MAX_VALUE;
        private long startBitrateBps = -1;
        private long streamTimeoutUs = DEFAULT_STREAM_TIMEOUT_US;
        private int maxStreams = MAX_STREAMS_LIMIT;

        private Builder() {
        }

        /** The estimator's behaviour; {@link EstimatorProfile#PARITY} (libwebrtc's) by default. */
        public Builder profile(final EstimatorProfile value) {
            this.profile = Objects.requireNonNull(value, "profile");
            return this;
        }

        public Builder delayFilter(final DelayFilterKind kind) {
            this.delayFilter = Objects.requireNonNull(kind, "delayFilter");
            return this;
        }

        /** Multiplicative decrease on over-use, in (0, 1); libwebrtc: 0.85. */
        public Builder backoffFactor(final double factor) {
            if (!(factor > 0 && factor < 1)) {
                throw new IllegalArgumentException("backoffFactor must be in (0, 1), was " + factor);
            }
            this.backoffFactor = factor;
            return this;
        }

        /** Floor of the estimate; libwebrtc: 5 kbps. */
        public Builder minBitrateBps(final long bps) {
            if (bps < 0) {
                throw new IllegalArgumentException("minBitrateBps must be >= 0, was " + bps);
            }
            this.minBitrateBps = bps;
            return this;
        }

        /** Ceiling of the estimate (a bwe option; libwebrtc has none). */
        public Builder maxBitrateBps(final long bps) {
            if (bps <= 0) {
                throw new IllegalArgumentException("maxBitrateBps must be > 0, was " + bps);
            }
            this.maxBitrateBps = bps;
            return this;
        }

        /** A start estimate, valid at once (a bwe option; libwebrtc's receive side has none). -1: none. */
        public Builder startBitrateBps(final long bps) {
            if (bps < -1 || bps == 0) {
                throw new IllegalArgumentException("startBitrateBps must be > 0, or -1 for none, was " + bps);
            }
            this.startBitrateBps = bps;
            return this;
        }

        /** How long a silent stream is kept; libwebrtc: 2 s. */
        public Builder streamTimeoutUs(final long us) {
            if (us <= 0) {
                throw new IllegalArgumentException("streamTimeoutUs must be > 0, was " + us);
            }
            this.streamTimeoutUs = us;
            return this;
        }

        /** Most SSRCs tracked at once (1..255); packets of further SSRCs are refused. */
        public Builder maxStreams(final int count) {
            if (count < 1 || count > MAX_STREAMS_LIMIT) {
                throw new IllegalArgumentException("maxStreams must be in 1.." + MAX_STREAMS_LIMIT + ", was " + count);
            }
            this.maxStreams = count;
            return this;
        }

        public EstimatorConfig build() {
            if (minBitrateBps > maxBitrateBps) {
                throw new IllegalArgumentException("minBitrateBps " + minBitrateBps + " exceeds maxBitrateBps "
                    + maxBitrateBps);
            }
            return new EstimatorConfig(this);
        }
    }
}
