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
 */
public final class EstimateStage implements Stage, EstimateListener, EstimatorSwitchListener {
    private final Long2ObjectHashMap<ReceiveSideEstimator> estimators = new Long2ObjectHashMap<>();
    private final PipelineCounters counters;
    private final LatestEstimates latest;
    /** The slot being processed: where the estimator's listener writes an update. */
    private PipelineEvent current;

    public EstimateStage(final PipelineCounters counters) {
        this(counters, new LatestEstimates(16));
    }

    /** @param latest where each session's latest estimate is published for readers on any thread */
    public EstimateStage(final PipelineCounters counters, final LatestEstimates latest) {
        this.counters = counters;
        this.latest = latest;
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
                estimators.put(event.sessionId, new ReceiveSideEstimator(event.settings.estimatorConfig(),
                    ids.hasAbsSendTime(), ids.hasAbsCaptureTime(), this, this));
                latest.open(event.sessionId);
                break;
            case EventType.CLOSE_SESSION:
                estimators.remove(event.sessionId);
                latest.close(event.sessionId);
                break;
            default:
                break;
        }
    }

    private void onPacket(final PipelineEvent event) {
        final ReceiveSideEstimator estimator = estimators.get(event.sessionId);
        if (estimator == null) {
            // Parse and estimate see the same OPEN/CLOSE events in the same order, so this cannot
            // happen; if it ever does, count it rather than lose it silently.
            event.estimateResult = PacketResult.REFUSED_STREAM_CAP;
            counters.refusedByEstimator(PacketResult.REFUSED_STREAM_CAP).incrementOrdered();
            return;
        }
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
        } else {
            counters.refusedByEstimator(result).incrementOrdered();
        }
    }

    private void onTick(final long nowUs) {
        for (final ReceiveSideEstimator estimator : estimators.values()) {
            estimator.timeoutStreams(nowUs);
        }
    }

    @Override
    public void onEstimatorSwitch(final long timeUs, final int ssrc, final EstimatorKind from, final EstimatorKind to) {
        current.estimatorSwitch = (byte) to.code();
    }

    /** The estimator a session runs now, or null when the session is not open (tests, diagnostics). */
    public EstimatorKind estimatorKind(final long sessionId) {
        final ReceiveSideEstimator estimator = estimators.get(sessionId);
        return estimator == null ? null : estimator.kind();
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
        final ReceiveSideEstimator estimator = estimators.get(sessionId);
        return estimator == null ? SsrcSet.EMPTY : estimator.ssrcs();
    }

    /** Sessions this stage knows (for tests and leak checks). */
    public int sessionCount() {
        return estimators.size();
    }

    /** Live streams summed over the sessions' estimators (for tests and leak checks; walks every session). */
    public int streamCount() {
        int streams = 0;
        for (final ReceiveSideEstimator estimator : estimators.values()) {
            streams += estimator.ssrcs().size();
        }
        return streams;
    }

    @Override
    public void onShutdown() {
        estimators.clear();
        latest.clear();
    }
}
