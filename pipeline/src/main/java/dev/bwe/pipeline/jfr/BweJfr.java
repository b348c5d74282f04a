package dev.bwe.pipeline.jfr;

import dev.bwe.estimator.BandwidthUsage;
import jdk.jfr.EventType;

/**
 * Emits bwe's JFR events. Each method first asks whether its event type is enabled (a field read when
 * no recording wants it) and only then allocates the event: stages call these in steady state without
 * allocating unless a recording is on, and then only at the rare moments the events describe.
 */
public final class BweJfr {
    /** Why a REMB went out (the {@code reason} field of dev.bwe.RembSent). */
    public static final String REASON_DROP = "drop";
    public static final String REASON_INTERVAL = "interval";
    public static final String REASON_RESEND = "resend";

    private static final EventType REMB = EventType.getEventType(RembSentEvent.class);
    private static final EventType DETECTOR = EventType.getEventType(DetectorStateEvent.class);
    private static final EventType EVICTED = EventType.getEventType(StreamsEvictedEvent.class);
    private static final EventType SESSION = EventType.getEventType(SessionEvent.class);
    private static final EventType JOURNAL_GAP = EventType.getEventType(JournalGapEvent.class);
    private static final BandwidthUsage[] STATES = BandwidthUsage.values();

    private BweJfr() {
    }

    /**
     * A REMB went out.
     *
     * @param resend true when the periodic re-send sent it
     * @param previousBps the bitrate of the session's previous REMB, 0 when none
     */
    public static void rembSent(final long sessionId, final long timeUs, final long bitrateBps, final int ssrcCount,
                                final boolean resend, final long previousBps) {
        if (REMB.isEnabled()) {
            final RembSentEvent event = new RembSentEvent();
            event.sessionId = sessionId;
            event.bitrateBps = bitrateBps;
            event.ssrcCount = ssrcCount;
            event.reason = reason(resend, bitrateBps, previousBps);
            event.pipelineTimeUs = timeUs;
            event.commit();
        }
    }

    /** The reason as the scheduler would give it: a drop is an estimate at or below 100/103 of the last. */
    static String reason(final boolean resend, final long bitrateBps, final long previousBps) {
        if (resend) {
            return REASON_RESEND;
        }
        // The scheduler's drop rule (bitrate * 103 / 100 <= last), in the same integer arithmetic.
        return previousBps > 0 && bitrateBps <= Long.MAX_VALUE / 103 && bitrateBps * 103 / 100 <= previousBps
            ? REASON_DROP : REASON_INTERVAL;
    }

    /** The detector of a session changed from state {@code fromOrdinal} to {@code toOrdinal}. */
    public static void detectorState(final long sessionId, final long timeUs, final int fromOrdinal,
                                     final int toOrdinal) {
        if (DETECTOR.isEnabled()) {
            final DetectorStateEvent event = new DetectorStateEvent();
            event.sessionId = sessionId;
            event.from = STATES[fromOrdinal].name();
            event.to = STATES[toOrdinal].name();
            event.pipelineTimeUs = timeUs;
            event.commit();
        }
    }

    /** {@code evicted} streams of a session timed out; {@code liveStreams} are left. */
    public static void streamsEvicted(final long sessionId, final long timeUs, final int evicted,
                                      final int liveStreams) {
        if (EVICTED.isEnabled()) {
            final StreamsEvictedEvent event = new StreamsEvictedEvent();
            event.sessionId = sessionId;
            event.evicted = evicted;
            event.liveStreams = liveStreams;
            event.pipelineTimeUs = timeUs;
            event.commit();
        }
    }

    /** A session opened ({@code opened}) or closed on shard {@code shard}. */
    public static void session(final int shard, final long sessionId, final boolean opened) {
        if (SESSION.isEnabled()) {
            final SessionEvent event = new SessionEvent();
            event.shard = shard;
            event.sessionId = sessionId;
            event.action = opened ? "open" : "close";
            event.commit();
        }
    }

    /** The journal wrote a GAP record: {@code sessions} touched, or -1 for all of them. */
    public static void journalGap(final long lostRecords, final long lostPackets, final int sessions,
                                  final long firstNs, final long lastNs) {
        if (JOURNAL_GAP.isEnabled()) {
            final JournalGapEvent event = new JournalGapEvent();
            event.lostRecords = lostRecords;
            event.lostPackets = lostPackets;
            event.sessions = sessions;
            event.firstNs = firstNs;
            event.lastNs = lastNs;
            event.commit();
        }
    }
}
