package dev.bwe.tools.sim;

import java.util.Objects;

/**
 * Settings of one {@link BottleneckLink}: capacity over time, one-way propagation delay, jitter, loss and
 * the drop-tail queue limit. Immutable; build with {@link #builder(CapacitySchedule)}.
 */
public final class LinkConfig {
    /** RFC 8867's bottleneck queue: drop tail, 300 ms (§5.1 and the other wired test cases). */
    public static final QueueLimit DEFAULT_QUEUE_LIMIT = QueueLimit.millis(300);

    private final CapacitySchedule capacity;
    private final long propagationDelayNs;
    private final long jitterMaxNs;
    private final double lossProbability;
    private final BurstLoss burstLoss;
    private final QueueLimit queueLimit;

    private LinkConfig(final Builder b) {
        this.capacity = b.capacity;
        this.propagationDelayNs = b.propagationDelayNs;
        this.jitterMaxNs = b.jitterMaxNs;
        this.lossProbability = b.lossProbability;
        this.burstLoss = b.burstLoss;
        this.queueLimit = b.queueLimit;
    }

    public static Builder builder(final CapacitySchedule capacity) {
        return new Builder(capacity);
    }

    /** A builder that starts from these settings. */
    public Builder toBuilder() {
        final Builder b = new Builder(capacity);
        b.propagationDelayNs = propagationDelayNs;
        b.jitterMaxNs = jitterMaxNs;
        b.lossProbability = lossProbability;
        b.burstLoss = burstLoss;
        b.queueLimit = queueLimit;
        return b;
    }

    public CapacitySchedule capacity() {
        return capacity;
    }

    /** One-way propagation delay after the bottleneck, ns. */
    public long propagationDelayNs() {
        return propagationDelayNs;
    }

    /** Upper bound of the extra per-packet delay (uniform in [0, max]), ns; 0: no jitter. */
    public long jitterMaxNs() {
        return jitterMaxNs;
    }

    /** Independent per-packet loss probability. */
    public double lossProbability() {
        return lossProbability;
    }

    /** The burst-loss channel, or null for none. */
    public BurstLoss burstLoss() {
        return burstLoss;
    }

    public QueueLimit queueLimit() {
        return queueLimit;
    }

    @Override
    public String toString() {
        return "capacity=" + capacity + ", delay=" + SimTime.nsToMs(propagationDelayNs) + "ms"
            + (jitterMaxNs > 0 ? ", jitter<=" + SimTime.nsToMs(jitterMaxNs) + "ms" : "")
            + (lossProbability > 0 ? ", loss=" + lossProbability : "")
            + (burstLoss != null ? ", burstLoss=" + burstLoss : "")
            + ", queue=" + queueLimit;
    }

    /** Builds a {@link LinkConfig}; setters validate at once. */
    public static final class Builder {
        private final CapacitySchedule capacity;
        private long propagationDelayNs;
        private long jitterMaxNs;
        private double lossProbability;
        private BurstLoss burstLoss;
        private QueueLimit queueLimit = DEFAULT_QUEUE_LIMIT;

        private Builder(final CapacitySchedule capacity) {
            this.capacity = Objects.requireNonNull(capacity, "capacity");
        }

        public Builder propagationDelayMs(final long ms) {
            return propagationDelayNs(SimTime.msToNs(ms));
        }

        public Builder propagationDelayNs(final long ns) {
            if (ns < 0) {
                throw new IllegalArgumentException("propagation delay must be >= 0, was " + ns + " ns");
            }
            this.propagationDelayNs = ns;
            return this;
        }

        public Builder jitterMaxMs(final long ms) {
            return jitterMaxNs(SimTime.msToNs(ms));
        }

        public Builder jitterMaxNs(final long ns) {
            if (ns < 0) {
                throw new IllegalArgumentException("jitter must be >= 0, was " + ns + " ns");
            }
            this.jitterMaxNs = ns;
            return this;
        }

        public Builder lossProbability(final double p) {
            this.lossProbability = BurstLoss.probability("lossProbability", p);
            return this;
        }

        /** A Gilbert-Elliott burst-loss channel, or null for none. */
        public Builder burstLoss(final BurstLoss loss) {
            this.burstLoss = loss;
            return this;
        }

        public Builder queueLimit(final QueueLimit limit) {
            this.queueLimit = Objects.requireNonNull(limit, "queueLimit");
            return this;
        }

        public LinkConfig build() {
            return new LinkConfig(this);
        }
    }
}
