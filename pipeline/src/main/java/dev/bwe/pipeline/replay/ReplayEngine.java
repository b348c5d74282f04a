package dev.bwe.pipeline.replay;

import dev.bwe.estimator.BandwidthUsage;
import dev.bwe.estimator.PacketResult;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.stage.EstimateStage;
import dev.bwe.pipeline.stage.TimerStage;
import dev.bwe.pipeline.stat.CountersFile;
import dev.bwe.pipeline.stat.PipelineCounters;
import org.agrona.collections.LongHashSet;

/**
 * The pipeline's estimate and timer stages (the same classes, not a model of them) run on the caller's
 * thread with no ring and no clock: each event, filled as the parse stage would have left its slot,
 * goes through {@link EstimateStage} and then {@link TimerStage}, exactly as in the ring. Estimate
 * updates are read from the slot after the estimate stage; REMBs come out of the timer stage's sink.
 * Outputs pass the {@link ReplayFilter} on their way to the {@link ReplayListener}.
 *
 * <p>One engine replays one pipeline run: the stages start empty, as a new pipeline's do.
 */
public final class ReplayEngine implements AutoCloseable {
    /** Checks each reported REMB (verify mode); {@link #NONE} checks nothing. */
    @FunctionalInterface
    public interface RembCheck {
        RembCheck NONE = remb -> { };

        void check(RembView remb);
    }

    private static final BandwidthUsage[] DETECTOR_STATES = BandwidthUsage.values();

    private final PipelineCounters counters = new PipelineCounters(CountersFile.inMemory(64), 0);
    private final EstimateStage estimate = new EstimateStage(counters);
    private final TimerStage timer;
    private final ReplayFilter filter;
    private final ReplayListener listener;
    private final RembCheck check;
    private final LongHashSet openSessions = new LongHashSet();

    private long events;
    private long packets;
    private long ticks;
    private long opens;
    private long closes;
    private long unknownSessionPackets;
    private long rejectedPackets;
    private long estimateUpdates;
    private long rembs;

    /**
     * @param rembSenderSsrc the sender SSRC written into each REMB (the live pipeline's)
     * @param rembResendIntervalUs the REMB re-send interval, µs (the live pipeline's)
     */
    public ReplayEngine(final int rembSenderSsrc, final long rembResendIntervalUs, final ReplayFilter filter,
                        final ReplayListener listener, final RembCheck check) {
        this.filter = filter;
        this.listener = listener;
        this.check = check;
        final RembSink sink = this::onRemb;
        this.timer = new TimerStage(counters, sink, rembSenderSsrc, rembResendIntervalUs, TimerStage.RingGauge.NONE);
    }

    /** The sessions open in this run (a live view: do not modify). */
    public LongHashSet openSessions() {
        return openSessions;
    }

    /** Whether a session is open in this run. */
    public boolean isOpen(final long sessionId) {
        return openSessions.contains(sessionId);
    }

    /**
     * Runs one event through estimate and timer. The slot must hold the input and the parse stage's
     * outputs, with the estimate outputs cleared ({@link PipelineEvent#clearOutputs()} then the parse
     * fields). Events of sessions the filter leaves out are skipped (ticks never are).
     */
    public void process(final PipelineEvent event) {
        final byte type = event.type;
        if (type != EventType.TICK && !filter.replays(event.sessionId)) {
            return;
        }
        events++;
        switch (type) {
            case EventType.PACKET:
                packets++;
                if (!openSessions.contains(event.sessionId)) {
                    unknownSessionPackets++;
                    return;
                }
                if (!event.parsedOk()) {
                    rejectedPackets++;
                }
                break;
            case EventType.TICK:
                ticks++;
                break;
            case EventType.OPEN_SESSION:
                opens++;
                openSessions.add(event.sessionId);
                break;
            case EventType.CLOSE_SESSION:
                closes++;
                openSessions.remove(event.sessionId);
                break;
            case EventType.RTT_UPDATE:
            case EventType.BITRATE_BOUNDS:
            case EventType.REMOVE_STREAM:
            case EventType.SET_REMB_SENDER_SSRC:
                // Session controls: counted among the events; estimate and timer apply them.
                break;
            default:
                return;
        }
        estimate.onEvent(event);
        if (type == EventType.PACKET && event.estimateResult == PacketResult.IGNORED_NO_SEND_TIME) {
            // No send time while the session waits for the switch to RTP timestamps: counted with the
            // packets rejected for having none, as the pipeline's counters count it.
            rejectedPackets++;
        }
        if (type == EventType.PACKET && filter.reports(event.timeNs, event.sessionId)) {
            listener.onPacket(event.timeNs, event.sessionId, event.ssrc, event.payloadSizeBytes, event.estimated(),
                DETECTOR_STATES[event.detectorState]);
        }
        if (event.estimateUpdated && filter.reports(event.timeNs, event.sessionId)) {
            estimateUpdates++;
            listener.onEstimate(event.timeNs, event.sessionId, event.estimateBitrateBps,
                estimate.streams(event.sessionId));
        }
        timer.onEvent(event);
    }

    private void onRemb(final RembView remb) {
        if (filter.reports(remb.timeNs(), remb.sessionId())) {
            rembs++;
            check.check(remb);
            listener.onRemb(remb);
        }
    }

    long events() {
        return events;
    }

    long packets() {
        return packets;
    }

    long ticks() {
        return ticks;
    }

    long opens() {
        return opens;
    }

    long closes() {
        return closes;
    }

    long unknownSessionPackets() {
        return unknownSessionPackets;
    }

    long rejectedPackets() {
        return rejectedPackets;
    }

    long estimateUpdates() {
        return estimateUpdates;
    }

    long rembs() {
        return rembs;
    }

    /** Adds this engine's counts to {@code totals} (one replay may run several engines: one per run). */
    public void addTo(final ReplayTotals totals) {
        totals.add(this);
    }

    @Override
    public void close() {
        estimate.onShutdown();
        timer.onShutdown();
        counters.close();
    }
}
