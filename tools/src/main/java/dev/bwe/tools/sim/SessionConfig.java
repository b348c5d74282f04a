package dev.bwe.tools.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One session of a simulation: a sender with its streams, its own path to the receiver (a
 * {@link BottleneckLink}, as each remote peer of a relay has its own access link), optional cross traffic
 * on that path, and the reverse path delay that REMBs and ACKs take back. Immutable; see
 * {@link #builder(long)}.
 */
public final class SessionConfig {
    /** abs-send-time extension id that Chrome's SDP offers commonly use. */
    public static final int DEFAULT_ABS_SEND_TIME_ID = 3;

    private final long sessionId;
    private final List<StreamConfig> streams;
    private final SenderConfig sender;
    private final LinkConfig link;
    private final long reverseDelayNs;
    private final CrossTrafficConfig crossTraffic;
    private final int absSendTimeExtensionId;
    private final long linkId;

    private SessionConfig(final Builder b) {
        this.linkId = b.linkId == Long.MIN_VALUE ? b.sessionId : b.linkId;
        this.sessionId = b.sessionId;
        this.streams = Collections.unmodifiableList(new ArrayList<>(b.streams));
        this.sender = b.sender;
        this.link = b.link;
        this.reverseDelayNs = b.reverseDelayNs >= 0 ? b.reverseDelayNs : b.link.propagationDelayNs();
        this.crossTraffic = b.crossTraffic;
        this.absSendTimeExtensionId = b.absSendTimeExtensionId;
    }

    /** A session with id {@code sessionId}; give it a link and at least one stream. */
    public static Builder builder(final long sessionId) {
        return new Builder(sessionId);
    }

    public long sessionId() {
        return sessionId;
    }

    public List<StreamConfig> streams() {
        return streams;
    }

    public SenderConfig sender() {
        return sender;
    }

    public LinkConfig link() {
        return link;
    }

    /** One-way delay from receiver back to sender (REMB, ACKs), ns; uncongested and lossless. */
    public long reverseDelayNs() {
        return reverseDelayNs;
    }

    /** The competing flow on this session's bottleneck, or null for none. */
    public CrossTrafficConfig crossTraffic() {
        return crossTraffic;
    }

    public int absSendTimeExtensionId() {
        return absSendTimeExtensionId;
    }

    /**
     * Which bottleneck this session's packets cross: sessions with the same link id share one
     * {@link BottleneckLink} (one FIFO, one capacity), built from the first such session's {@link #link()}.
     * By default the session id: every session has a link of its own, as each peer of a relay has its own
     * access link.
     */
    public long linkId() {
        return linkId;
    }

    /** When the session's first stream starts, ns. */
    public long activeFromNs() {
        long from = Long.MAX_VALUE;
        for (final StreamConfig s : streams) {
            from = Math.min(from, s.startNs());
        }
        return from;
    }

    /** When the session's last stream stops, ns ({@link Long#MAX_VALUE}: never). */
    public long activeUntilNs() {
        long until = 0;
        for (final StreamConfig s : streams) {
            until = Math.max(until, s.stopNs());
        }
        return until;
    }

    @Override
    public String toString() {
        return "session " + sessionId + (linkId != sessionId ? " on link " + linkId : "") + ": " + streams + "; sender " + sender + "; link " + link
            + "; reverse delay " + SimTime.nsToMs(reverseDelayNs) + "ms"
            + (crossTraffic != null ? "; cross " + crossTraffic : "");
    }

    /** Builds a {@link SessionConfig}. */
    public static final class Builder {
        private final long sessionId;
        private final List<StreamConfig> streams = new ArrayList<>();
        private SenderConfig sender = SenderConfig.DEFAULT;
        private LinkConfig link;
        private long reverseDelayNs = -1;
        private CrossTrafficConfig crossTraffic;
        private int absSendTimeExtensionId = DEFAULT_ABS_SEND_TIME_ID;
        private long linkId = Long.MIN_VALUE;

        private Builder(final long sessionId) {
            this.sessionId = sessionId;
        }

        /** Shares bottleneck {@code id} with the other sessions that name it (see {@link SessionConfig#linkId()}). */
        public Builder linkId(final long id) {
            this.linkId = id;
            return this;
        }

        public Builder addStream(final StreamConfig stream) {
            streams.add(Objects.requireNonNull(stream, "stream"));
            return this;
        }

        public Builder sender(final SenderConfig config) {
            this.sender = Objects.requireNonNull(config, "sender");
            return this;
        }

        public Builder link(final LinkConfig config) {
            this.link = Objects.requireNonNull(config, "link");
            return this;
        }

        /** Reverse-path delay; defaults to the link's propagation delay (a symmetric path). */
        public Builder reverseDelayMs(final long ms) {
            if (ms < 0) {
                throw new IllegalArgumentException("reverse delay must be >= 0, was " + ms + " ms");
            }
            this.reverseDelayNs = SimTime.msToNs(ms);
            return this;
        }

        /** A competing flow on the bottleneck; null for none. */
        public Builder crossTraffic(final CrossTrafficConfig config) {
            this.crossTraffic = config;
            return this;
        }

        public Builder absSendTimeExtensionId(final int id) {
            if (id < 1 || id > 14) {
                throw new IllegalArgumentException("abs-send-time extension id must be 1..14, was " + id);
            }
            this.absSendTimeExtensionId = id;
            return this;
        }

        public SessionConfig build() {
            if (link == null) {
                throw new IllegalArgumentException("session " + sessionId + " has no link");
            }
            if (streams.isEmpty()) {
                throw new IllegalArgumentException("session " + sessionId + " has no stream");
            }
            final Set<Integer> ssrcs = new HashSet<>();
            for (final StreamConfig s : streams) {
                if (!ssrcs.add(s.ssrc())) {
                    throw new IllegalArgumentException("session " + sessionId + " has SSRC "
                        + Integer.toUnsignedString(s.ssrc()) + " twice");
                }
            }
            return new SessionConfig(this);
        }
    }
}
