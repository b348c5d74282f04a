package dev.bwe.pipeline.stat;

import dev.bwe.estimator.PacketResult;
import dev.bwe.pipeline.rtp.ParseStatus;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * One pipeline's (one shard's) counters, allocated in a fixed order so that ids and labels are
 * stable. Each counter has one writer thread: producers for published/dropped (atomic adds, since
 * many relay threads may publish), the parse stage for rejections, the estimate stage for accepted
 * packets, the timer stage for gauges, REMBs and evictions, the control thread for sessions and
 * ticks. Invariant once the ring is drained:
 * {@code published = accepted + rejected (all reasons) + dropped}.
 */
public final class PipelineCounters implements AutoCloseable {
    /** Counter type id of every bwe counter (Aeron reserves ids below 1000 for its own). */
    public static final int TYPE_ID = 1101;

    private final AtomicCounter packetsPublished;
    private final AtomicCounter packetsDropped;
    private final AtomicCounter packetsEntered;
    private final AtomicCounter packetsAccepted;
    private final AtomicCounter[] rejectedByParse = new AtomicCounter[ParseStatus.COUNT];
    private final AtomicCounter refusedStreamCap;
    private final AtomicCounter refusedSendTimeConflict;
    private final AtomicCounter malformedTimeExtensions;
    private final AtomicCounter sessions;
    private final AtomicCounter sessionsOpened;
    private final AtomicCounter sessionsClosed;
    private final AtomicCounter sessionsRejected;
    private final AtomicCounter streams;
    private final AtomicCounter evictions;
    private final AtomicCounter rembsSent;
    private final AtomicCounter sinkErrors;
    private final AtomicCounter ringRemainingCapacity;
    private final AtomicCounter ticks;
    private final AtomicCounter stageErrors;
    private final AtomicCounter journalRecords;
    private final AtomicCounter journalBytes;
    private final AtomicCounter journalFailures;
    private final AtomicCounter journalGaps;
    private final AtomicCounter journalLostRecords;
    private final AtomicCounter journalLagRecords;
    private final AtomicCounter ticksSkippedBehind;

    public PipelineCounters(final CountersManager manager, final int shard) {
        final String prefix = "bwe[" + shard + "] ";
        packetsPublished = manager.newCounter(prefix + "packets published", TYPE_ID);
        packetsDropped = manager.newCounter(prefix + "packets dropped (ring full)", TYPE_ID);
        packetsEntered = manager.newCounter(prefix + "packets entered ring", TYPE_ID);
        packetsAccepted = manager.newCounter(prefix + "packets accepted", TYPE_ID);
        for (final ParseStatus status : ParseStatus.values()) {
            if (status != ParseStatus.OK) {
                rejectedByParse[status.code()] = manager.newCounter(prefix + "rejected: " + status.label(), TYPE_ID);
            }
        }
        refusedStreamCap = manager.newCounter(prefix + "rejected: "
            + PacketResult.label(PacketResult.REFUSED_STREAM_CAP), TYPE_ID);
        refusedSendTimeConflict = manager.newCounter(prefix + "rejected: "
            + PacketResult.label(PacketResult.IGNORED_SEND_TIME_CONFLICT), TYPE_ID);
        malformedTimeExtensions = manager.newCounter(prefix + "malformed time extensions", TYPE_ID);
        sessions = manager.newCounter(prefix + "sessions", TYPE_ID);
        sessionsOpened = manager.newCounter(prefix + "sessions opened", TYPE_ID);
        sessionsClosed = manager.newCounter(prefix + "sessions closed", TYPE_ID);
        sessionsRejected = manager.newCounter(prefix + "sessions rejected (cap)", TYPE_ID);
        streams = manager.newCounter(prefix + "streams", TYPE_ID);
        evictions = manager.newCounter(prefix + "stream evictions", TYPE_ID);
        rembsSent = manager.newCounter(prefix + "rembs sent", TYPE_ID);
        sinkErrors = manager.newCounter(prefix + "remb sink errors", TYPE_ID);
        ringRemainingCapacity = manager.newCounter(prefix + "ring remaining capacity", TYPE_ID);
        ticks = manager.newCounter(prefix + "ticks", TYPE_ID);
        stageErrors = manager.newCounter(prefix + "stage errors", TYPE_ID);
        journalRecords = manager.newCounter(prefix + "journal records", TYPE_ID);
        journalBytes = manager.newCounter(prefix + "journal bytes", TYPE_ID);
        journalFailures = manager.newCounter(prefix + "journal failures", TYPE_ID);
        journalGaps = manager.newCounter(prefix + "journal gaps", TYPE_ID);
        journalLostRecords = manager.newCounter(prefix + "journal records lost (gaps)", TYPE_ID);
        journalLagRecords = manager.newCounter(prefix + "journal lag (records)", TYPE_ID);
        ticksSkippedBehind = manager.newCounter(prefix + "ticks skipped (stages behind)", TYPE_ID);
    }

    public AtomicCounter packetsPublished() {
        return packetsPublished;
    }

    public AtomicCounter packetsDropped() {
        return packetsDropped;
    }

    /** Packets the parse stage took from the ring (published − dropped, once drained). */
    public AtomicCounter packetsEntered() {
        return packetsEntered;
    }

    public AtomicCounter packetsAccepted() {
        return packetsAccepted;
    }

    /** The rejection counter for a parse status code (not OK). */
    public AtomicCounter rejected(final int parseStatusCode) {
        return rejectedByParse[parseStatusCode];
    }

    /** The rejection counter for an estimator refusal ({@link PacketResult} code, not ACCEPTED). */
    public AtomicCounter refusedByEstimator(final int packetResult) {
        switch (packetResult) {
            case PacketResult.IGNORED_SEND_TIME_CONFLICT:
                return refusedSendTimeConflict;
            case PacketResult.IGNORED_NO_SEND_TIME:
                // No send time while waiting for the switch to RTP timestamps: the parse stage's reason.
                return rejectedByParse[ParseStatus.NO_SEND_TIME.code()];
            default:
                return refusedStreamCap;
        }
    }

    public AtomicCounter malformedTimeExtensions() {
        return malformedTimeExtensions;
    }

    public AtomicCounter sessions() {
        return sessions;
    }

    public AtomicCounter sessionsOpened() {
        return sessionsOpened;
    }

    public AtomicCounter sessionsClosed() {
        return sessionsClosed;
    }

    public AtomicCounter sessionsRejected() {
        return sessionsRejected;
    }

    public AtomicCounter streams() {
        return streams;
    }

    public AtomicCounter evictions() {
        return evictions;
    }

    public AtomicCounter rembsSent() {
        return rembsSent;
    }

    public AtomicCounter sinkErrors() {
        return sinkErrors;
    }

    public AtomicCounter ringRemainingCapacity() {
        return ringRemainingCapacity;
    }

    public AtomicCounter ticks() {
        return ticks;
    }

    /** Ticks the tick source did not publish because the previous one was not processed yet (overload). */
    public AtomicCounter ticksSkippedBehind() {
        return ticksSkippedBehind;
    }

    public AtomicCounter stageErrors() {
        return stageErrors;
    }

    public AtomicCounter journalRecords() {
        return journalRecords;
    }

    public AtomicCounter journalBytes() {
        return journalBytes;
    }

    public AtomicCounter journalFailures() {
        return journalFailures;
    }

    /** GAP records: times the journal fell behind and lost records (never packets). */
    public AtomicCounter journalGaps() {
        return journalGaps;
    }

    /** Journal records lost in gaps (packets, estimate updates, REMBs; never session or control events). */
    public AtomicCounter journalLostRecords() {
        return journalLostRecords;
    }

    /** Gauge: records handed to the journal but not yet written (how far behind the journal thread is). */
    public AtomicCounter journalLagRecords() {
        return journalLagRecords;
    }

    /** Sum of every rejection: parse reasons plus estimator refusals. */
    public long rejectedTotal() {
        long total = refusedStreamCap.get() + refusedSendTimeConflict.get();
        for (final AtomicCounter counter : rejectedByParse) {
            if (counter != null) {
                total += counter.get();
            }
        }
        return total;
    }

    /** Frees the counters' slots in their manager (idempotent). */
    @Override
    public void close() {
        packetsPublished.close();
        packetsDropped.close();
        packetsEntered.close();
        packetsAccepted.close();
        for (final AtomicCounter counter : rejectedByParse) {
            if (counter != null) {
                counter.close();
            }
        }
        refusedStreamCap.close();
        refusedSendTimeConflict.close();
        malformedTimeExtensions.close();
        sessions.close();
        sessionsOpened.close();
        sessionsClosed.close();
        sessionsRejected.close();
        streams.close();
        evictions.close();
        rembsSent.close();
        sinkErrors.close();
        ringRemainingCapacity.close();
        ticks.close();
        ticksSkippedBehind.close();
        stageErrors.close();
        journalRecords.close();
        journalBytes.close();
        journalFailures.close();
        journalGaps.close();
        journalLostRecords.close();
        journalLagRecords.close();
    }
}
