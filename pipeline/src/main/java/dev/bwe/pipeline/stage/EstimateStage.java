package dev.bwe.pipeline.stage;

import dev.bwe.estimator.EstimateListener;
import dev.bwe.estimator.PacketResult;
import dev.bwe.estimator.RemoteBitrateEstimator;
import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.stat.PipelineCounters;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Runs each session's estimator on the packets the parse stage accepted and writes the estimate
 * update (if any) into the slot for the timer stage. On a tick it applies the stream timeout with the
 * tick's time, so a silent session lets go of its streams without waiting for a packet. Owns:
 * session → estimator.
 */
public final class EstimateStage implements Stage, EstimateListener {
    private final Long2ObjectHashMap<RemoteBitrateEstimator> estimators = new Long2ObjectHashMap<>();
    private final PipelineCounters counters;
    /** The slot being processed: where the estimator's listener writes an update. */
    private PipelineEvent current;

    public EstimateStage(final PipelineCounters counters) {
        this.counters = counters;
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
                estimators.put(event.sessionId, new RemoteBitrateEstimator(event.settings.estimatorConfig(), this));
                break;
            case EventType.CLOSE_SESSION:
                estimators.remove(event.sessionId);
                break;
            default:
                break;
        }
    }

    private void onPacket(final PipelineEvent event) {
        final RemoteBitrateEstimator estimator = estimators.get(event.sessionId);
        if (estimator == null) {
            // Parse and estimate see the same OPEN/CLOSE events in the same order, so this cannot
            // happen; if it ever does, count it rather than lose it silently.
            event.estimateResult = PacketResult.REFUSED_STREAM_CAP;
            counters.refusedByEstimator(PacketResult.REFUSED_STREAM_CAP).incrementOrdered();
            return;
        }
        current = event;
        // The sequence number is journaled with the packet, so a replay gives every profile the same input.
        final int result = event.hasAbsSendTime
            ? estimator.incomingRtpPacket(event.timeUs(), event.ssrc, event.sequenceNumber, event.absSendTime24,
                event.payloadSizeBytes)
            : estimator.incomingRtpPacketWithCaptureTime(event.timeUs(), event.ssrc, event.sequenceNumber,
                event.absCaptureTimeNtp, event.payloadSizeBytes);
        current = null;
        event.estimateResult = result;
        event.detectorState = (byte) estimator.detectorState().ordinal();
        if (result == PacketResult.ACCEPTED) {
            counters.packetsAccepted().incrementOrdered();
        } else {
            counters.refusedByEstimator(result).incrementOrdered();
        }
    }

    private void onTick(final long nowUs) {
        for (final RemoteBitrateEstimator estimator : estimators.values()) {
            estimator.timeoutStreams(nowUs);
        }
    }

    @Override
    public void onEstimate(final long timeUs, final long bitrateBps, final SsrcSet ssrcs) {
        current.estimateUpdated = true;
        current.estimateBitrateBps = bitrateBps;
    }

    /**
     * The live streams of a session's estimator, ascending unsigned, or the empty set when the session is
     * not open. Valid until the next event; only from this stage's thread (replay reads it right after
     * {@link #onEvent} to report the SSRCs of an estimate update).
     */
    public SsrcSet streams(final long sessionId) {
        final RemoteBitrateEstimator estimator = estimators.get(sessionId);
        return estimator == null ? SsrcSet.EMPTY : estimator.ssrcs();
    }

    /** Sessions this stage knows (for tests and leak checks). */
    public int sessionCount() {
        return estimators.size();
    }

    /** Live streams summed over the sessions' estimators (for tests and leak checks; walks every session). */
    public int streamCount() {
        int streams = 0;
        for (final RemoteBitrateEstimator estimator : estimators.values()) {
            streams += estimator.ssrcs().size();
        }
        return streams;
    }

    @Override
    public void onShutdown() {
        estimators.clear();
    }
}
