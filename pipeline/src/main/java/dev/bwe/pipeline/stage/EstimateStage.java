package dev.bwe.pipeline.stage;

import dev.bwe.estimator.EstimateListener;
import dev.bwe.estimator.EstimatorKind;
import dev.bwe.estimator.EstimatorSwitchListener;
import dev.bwe.estimator.PacketResult;
import dev.bwe.estimator.ReceiveSideEstimator;
import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.stat.PipelineCounters;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Runs each session's estimator on the packets the parse stage accepted and writes the estimate
 * update (if any) into the slot for the timer stage. On a tick it applies the stream timeout with the
 * tick's time, so a silent session lets go of its streams without waiting for a packet. Each session's
 * {@link ReceiveSideEstimator} picks the abs-send-time or the single-stream (RTP timestamp) estimator by
 * libwebrtc's rule; a switch is written into the slot of the packet that caused it. Owns: session →
 * estimator.
 *
 * <p>Ticks cost what is due: each session with live streams sits in a {@link DeadlineQueue} at the
 * first µs its oldest stream could time out, and a tick runs the timeout only for the sessions due.
 * Before that time the timeout changes nothing (and a session without streams has nothing to drop),
 * so the results are those of running it for every session on every tick.
 */
public final class EstimateStage implements Stage, EstimateListener, EstimatorSwitchListener {
    private final Long2ObjectHashMap<Session> sessions = new Long2ObjectHashMap<>();
    private final DeadlineQueue timeouts = new DeadlineQueue();
    private final NextDeadline nextDeadline;
    private final PipelineCounters counters;
    private final LatestEstimates latest;
    /** The slot being processed: where the estimator's listener writes an update. */
    private PipelineEvent current;

    public EstimateStage(final PipelineCounters counters) {
        this(counters, new LatestEstimates(16));
    }

    /** @param latest where each session's latest estimate is published for readers on any thread */
    public EstimateStage(final PipelineCounters counters, final LatestEstimates latest) {
        this(counters, latest, new NextDeadline());
    }

    /** @param nextDeadline where this stage publishes its earliest stream timeout, for the tick source */
    public EstimateStage(final PipelineCounters counters, final LatestEstimates latest,
                         final NextDeadline nextDeadline) {
        this.counters = counters;
        this.latest = latest;
        this.nextDeadline = nextDeadline;
    }

    @Override
    public void onEvent(final PipelineEvent event) {
        switch (event.type) {
            case EventType.PACKET:
                if (event.parsedOk()) {
                    onPacket(event);
                }
                break;
            case EventType.TICK:
                onTick(event.timeUs());
                break;
            case EventType.OPEN_SESSION:
                final ExtensionIds ids = event.settings.extensionIds();
                sessions.put(event.sessionId, new Session(new ReceiveSideEstimator(event.settings.estimatorConfig(),
                    ids.hasAbsSendTime(), ids.hasAbsCaptureTime(), this, this)));
                latest.open(event.sessionId);
                break;
            case EventType.CLOSE_SESSION:
                // Its queued deadlines go stale and are skipped when they come due.
                sessions.remove(event.sessionId);
                latest.close(event.sessionId);
                break;
            case EventType.RTT_UPDATE:
            case EventType.BITRATE_BOUNDS:
            case EventType.REMOVE_STREAM:
                onControl(event);
                break;
            default:
                break;
        }
    }

    private void onPacket(final PipelineEvent event) {
        final Session session = sessions.get(event.sessionId);
        if (session == null) {
            // Parse and estimate see the same OPEN/CLOSE events in the same order, so this cannot
            // happen; if it ever does, count it rather than lose it silently.
            event.estimateResult = PacketResult.REFUSED_STREAM_CAP;
            counters.refusedByEstimator(PacketResult.REFUSED_STREAM_CAP).incrementOrdered();
            return;
        }
        final ReceiveSideEstimator estimator = session.estimator;
        current = event;
        // The sequence number is journaled with the packet, so a replay gives every profile the same input.
        final int result = estimator.incomingPacket(event.timeUs(), event.ssrc, event.hasAbsSendTime,
            event.absSendTime24, event.hasAbsCaptureTime, event.absCaptureTimeNtp, event.rtpTimestamp,
            event.transmissionOffset, event.payloadSizeBytes, event.sequenceNumber & 0xFFFF);
        current = null;
        event.estimateResult = result;
        event.detectorState = (byte) estimator.detectorState().ordinal();
        if (result == PacketResult.ACCEPTED) {
            counters.packetsAccepted().incrementOrdered();
            // The stream just seen times out at the earliest at this packet's time + timeout: earlier than
            // what is queued only when the session had no stream, or when arrival times went backwards.
            final long dueUs = event.timeUs() + estimator.config().streamTimeoutUs() + 1;
            if (dueUs < session.timeoutCheckUs) {
                schedule(event.sessionId, session, dueUs);
            }
        } else {
            counters.refusedByEstimator(result).incrementOrdered();
        }
    }

    /** A session control from the relay: applied to the session's estimator between its packets. */
    private void onControl(final PipelineEvent event) {
        final Session session = sessions.get(event.sessionId);
        if (session == null) {
            return;
        }
        final ReceiveSideEstimator estimator = session.estimator;
        switch (event.type) {
            case EventType.RTT_UPDATE -> estimator.onRttUpdate(event.controlA);
            case EventType.BITRATE_BOUNDS -> estimator.setBitrateBounds(event.controlA, event.controlB);
            default -> estimator.removeStream((int) event.controlA);
        }
    }

    private void onTick(final long nowUs) {
        while (timeouts.hasDue(nowUs)) {
            final long dueUs = timeouts.earliestUs();
            final long sessionId = timeouts.earliestSessionId();
            timeouts.removeEarliest();
            final Session session = sessions.get(sessionId);
            if (session == null || session.timeoutCheckUs != dueUs) {
                continue; // stale: the session closed or was queued again for another time
            }
            session.timeoutCheckUs = DeadlineQueue.NONE;
            session.estimator.timeoutStreams(nowUs);
            final long nextUs = session.estimator.nextTimeoutUs();
            if (nextUs != Long.MAX_VALUE) {
                schedule(sessionId, session, nextUs);
            }
        }
        nextDeadline.set(timeouts.earliestUs());
    }

    private void schedule(final long sessionId, final Session session, final long dueUs) {
        session.timeoutCheckUs = dueUs;
        timeouts.schedule(sessionId, dueUs);
        if (dueUs < nextDeadline.get()) {
            nextDeadline.set(dueUs);
        }
    }

    @Override
    public void onEstimatorSwitch(final long timeUs, final int ssrc, final EstimatorKind from, final EstimatorKind to) {
        current.estimatorSwitch = (byte) to.code();
    }

    /** The estimator a session runs now, or null when the session is not open (tests, diagnostics). */
    public EstimatorKind estimatorKind(final long sessionId) {
        final Session session = sessions.get(sessionId);
        return session == null ? null : session.estimator.kind();
    }

    @Override
    public void onEstimate(final long timeUs, final long bitrateBps, final SsrcSet ssrcs) {
        current.estimateUpdated = true;
        current.estimateBitrateBps = bitrateBps;
        latest.set(current.sessionId, bitrateBps);
    }

    /**
     * The live streams of a session's estimator, ascending unsigned, or the empty set when the session is
     * not open. Valid until the next event; only from this stage's thread (replay reads it right after
     * {@link #onEvent} to report the SSRCs of an estimate update).
     */
    public SsrcSet streams(final long sessionId) {
        final Session session = sessions.get(sessionId);
        return session == null ? SsrcSet.EMPTY : session.estimator.ssrcs();
    }

    /** Sessions this stage knows (for tests and leak checks). */
    public int sessionCount() {
        return sessions.size();
    }

    /** Live streams summed over the sessions' estimators (for tests and leak checks; walks every session). */
    public int streamCount() {
        int streams = 0;
        for (final Session session : sessions.values()) {
            streams += session.estimator.ssrcs().size();
        }
        return streams;
    }

    /** Deadline entries queued, stale ones included (for tests and leak checks). */
    public int queuedDeadlines() {
        return timeouts.size();
    }

    @Override
    public void onShutdown() {
        sessions.clear();
        timeouts.clear();
        nextDeadline.set(NextDeadline.NONE);
        latest.clear();
    }

    /** A session's estimator and the deadline at which it is queued for a timeout check. */
    private static final class Session {
        final ReceiveSideEstimator estimator;
        long timeoutCheckUs = DeadlineQueue.NONE;

        Session(final ReceiveSideEstimator estimator) {
            this.estimator = estimator;
        }
    }
}
