package dev.bwe.pipeline;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.PacketResult;
import dev.bwe.estimator.RemoteBitrateEstimator;
import dev.bwe.estimator.SsrcSet;
import dev.bwe.estimator.remb.RembScheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the estimator module alone computes for a packet schedule: one {@link RemoteBitrateEstimator}
 * and one {@link RembScheduler} per session, fed on one thread, with the stream timeout applied on
 * ticks. The pipeline must produce exactly the same REMBs.
 */
final class ReferenceModel {
    /** One REMB as the tests compare them. */
    record Remb(long timeUs, long sessionId, long bitrateBps, List<Integer> ssrcs) {
    }

    private final Map<Long, RemoteBitrateEstimator> estimators = new HashMap<>();
    private final Map<Long, RembScheduler> schedulers = new HashMap<>();
    final List<Remb> rembs = new ArrayList<>();
    final List<long[]> updates = new ArrayList<>();
    private long currentSession;

    void open(final long sessionId, final EstimatorConfig config) {
        final long id = sessionId;
        estimators.put(id, new RemoteBitrateEstimator(config, (t, bps, s) -> {
            updates.add(new long[] {t, id, bps});
            pendingUpdate = bps;
        }));
        schedulers.put(id, new RembScheduler((t, bps, ssrcs) -> rembs.add(new Remb(t, currentSession, bps, list(ssrcs)))));
    }

    void close(final long sessionId) {
        estimators.remove(sessionId);
        schedulers.remove(sessionId);
    }

    private long pendingUpdate = -1;

    void packet(final long sessionId, final long timeUs, final int ssrc, final int ast, final int payloadBytes) {
        final RemoteBitrateEstimator estimator = estimators.get(sessionId);
        pendingUpdate = -1;
        if (estimator.incomingPacket(timeUs, ssrc, ast, payloadBytes) == PacketResult.ACCEPTED && pendingUpdate >= 0) {
            currentSession = sessionId;
            schedulers.get(sessionId).onEstimate(timeUs, pendingUpdate, estimator.ssrcs());
        }
    }

    void tick(final long timeUs) {
        for (final Map.Entry<Long, RemoteBitrateEstimator> e : new java.util.TreeMap<>(estimators).entrySet()) {
            e.getValue().timeoutStreams(timeUs);
        }
        // The pipeline's timer visits sessions in its map's order; REMBs of one tick are compared as a set
        // ordered by session, so visit in session order here and sort the pipeline's per tick too.
        for (final Long id : new java.util.TreeMap<>(estimators).keySet()) {
            currentSession = id;
            schedulers.get(id).onTick(timeUs, estimators.get(id).ssrcs());
        }
    }

    static List<Integer> list(final SsrcSet ssrcs) {
        final List<Integer> out = new ArrayList<>(ssrcs.size());
        for (int i = 0; i < ssrcs.size(); i++) {
            out.add(ssrcs.get(i));
        }
        return out;
    }
}
