package dev.bwe.pipeline.journal;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.replay.RembRecord;
import dev.bwe.pipeline.replay.ReplayListener;
import java.util.ArrayList;
import java.util.List;

/** Keeps every REMB (live sink or replay) and every estimate update (replay) it sees, in order. */
final class CollectingListener implements ReplayListener, RembSink {
    private final List<RembRecord> rembs = new ArrayList<>();
    private final List<RembRecord> updates = new ArrayList<>();

    @Override
    public synchronized void onRemb(final RembView remb) {
        rembs.add(RembRecord.of(remb.timeNs(), remb.sessionId(), remb.bitrateBps(), remb.ssrcs()));
    }

    @Override
    public synchronized void onEstimate(final long timeNs, final long sessionId, final long bitrateBps,
                                        final SsrcSet ssrcs) {
        updates.add(RembRecord.of(timeNs, sessionId, bitrateBps, ssrcs));
    }

    synchronized List<RembRecord> rembs() {
        return new ArrayList<>(rembs);
    }

    synchronized List<RembRecord> updates() {
        return new ArrayList<>(updates);
    }
}
