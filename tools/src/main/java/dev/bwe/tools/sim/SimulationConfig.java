package dev.bwe.tools.sim;

import dev.bwe.estimator.EstimatorConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything a {@link Simulation} run needs: its sessions, how long it lasts, the seed of every random
 * draw, how often the receiver ticks and the results are sampled, and the receiver under test. Two runs
 * of equal configs (same seed, same receiver behaviour) produce identical results. Immutable; see
 * {@link #builder()}.
 */
public final class SimulationConfig {
    private final List<SessionConfig> sessions;
    private final long durationNs;
    private final long seed;
    private final long tickIntervalNs;
    private final long sampleIntervalNs;
    private final long rateWindowNs;
    private final SimReceiverFactory receiver;
    private final boolean recordPackets;

    private SimulationConfig(final Builder b) {
        this.sessions = Collections.unmodifiableList(new ArrayList<>(b.sessions));
        this.durationNs = b.durationNs;
        this.seed = b.seed;
        this.tickIntervalNs = b.tickIntervalNs;
        this.sampleIntervalNs = b.sampleIntervalNs;
        this.rateWindowNs = b.rateWindowNs;
        this.receiver = b.receiver;
        this.recordPackets = b.recordPackets;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder that starts from these settings (to change the seed or duration of a scenario, say). */
    public Builder toBuilder() {
        final Builder b = new Builder();
        b.sessions.addAll(sessions);
        b.durationNs = durationNs;
        b.seed = seed;
        b.tickIntervalNs = tickIntervalNs;
        b.sampleIntervalNs = sampleIntervalNs;
        b.rateWindowNs = rateWindowNs;
        b.receiver = receiver;
        b.recordPackets = recordPackets;
        return b;
    }

    public List<SessionConfig> sessions() {
        return sessions;
    }

    public long durationNs() {
        return durationNs;
    }

    public long seed() {
        return seed;
    }

    /** How often {@link SimReceiver#advanceTo} is called, ns. */
    public long tickIntervalNs() {
        return tickIntervalNs;
    }

    /** Spacing of the time-series samples, ns. */
    public long sampleIntervalNs() {
        return sampleIntervalNs;
    }

    /** Trailing window over which the sampled send/receive rates are averaged, ns. */
    public long rateWindowNs() {
        return rateWindowNs;
    }

    public SimReceiverFactory receiver() {
        return receiver;
    }

    /** Whether every media packet's {@link PacketRecord} is kept in the result. */
    public boolean recordPackets() {
        return recordPackets;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("duration=").append(SimTime.nsToS(durationNs)).append("s, seed=")
            .append(seed).append(", tick=").append(SimTime.nsToMs(tickIntervalNs)).append("ms");
        for (final SessionConfig s : sessions) {
            sb.append("\n  ").append(s);
        }
        return sb.toString();
    }

    /** Builds a {@link SimulationConfig}; by default 60 s, seed 1, 5 ms ticks, 100 ms samples, 500 ms rate window. */
    public static final class Builder {
        private final List<SessionConfig> sessions = new ArrayList<>();
        private long durationNs = 60 * SimTime.NS_PER_S;
        private long seed = 1;
        private long tickIntervalNs = 5 * SimTime.NS_PER_MS;
        private long sampleIntervalNs = 100 * SimTime.NS_PER_MS;
        private long rateWindowNs = 500 * SimTime.NS_PER_MS;
        private SimReceiverFactory receiver = EstimatorReceiver.factory(EstimatorConfig.DEFAULT);
        private boolean recordPackets = true;

        private Builder() {
        }

        public Builder addSession(final SessionConfig session) {
            sessions.add(Objects.requireNonNull(session, "session"));
            return this;
        }

        public Builder durationMs(final long ms) {
            if (ms <= 0) {
                throw new IllegalArgumentException("duration must be > 0, was " + ms + " ms");
            }
            this.durationNs = SimTime.msToNs(ms);
            return this;
        }

        public Builder seed(final long value) {
            this.seed = value;
            return this;
        }

        public Builder tickIntervalMs(final long ms) {
            if (ms <= 0) {
                throw new IllegalArgumentException("tick interval must be > 0, was " + ms + " ms");
            }
            this.tickIntervalNs = SimTime.msToNs(ms);
            return this;
        }

        public Builder sampleIntervalMs(final long ms) {
            if (ms <= 0) {
                throw new IllegalArgumentException("sample interval must be > 0, was " + ms + " ms");
            }
            this.sampleIntervalNs = SimTime.msToNs(ms);
            return this;
        }

        public Builder rateWindowMs(final long ms) {
            if (ms <= 0) {
                throw new IllegalArgumentException("rate window must be > 0, was " + ms + " ms");
            }
            this.rateWindowNs = SimTime.msToNs(ms);
            return this;
        }

        /** The receiver under test; default: {@link EstimatorReceiver} with libwebrtc's settings. */
        public Builder receiver(final SimReceiverFactory factory) {
            this.receiver = Objects.requireNonNull(factory, "receiver");
            return this;
        }

        public Builder recordPackets(final boolean record) {
            this.recordPackets = record;
            return this;
        }

        public SimulationConfig build() {
            if (sessions.isEmpty()) {
                throw new IllegalArgumentException("a simulation needs at least one session");
            }
            final Set<Long> ids = new HashSet<>();
            for (final SessionConfig s : sessions) {
                if (!ids.add(s.sessionId())) {
                    throw new IllegalArgumentException("session id " + s.sessionId() + " used twice");
                }
            }
            if (rateWindowNs < sampleIntervalNs) {
                throw new IllegalArgumentException("rate window must be at least one sample interval");
            }
            return new SimulationConfig(this);
        }
    }
}
