package dev.bwe.pipeline;

import dev.bwe.estimator.remb.RembDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A sink that decodes every REMB with the estimator module's decoder and keeps what it saw. */
final class RecordingSink implements RembSink {
    private final List<ReferenceModel.Remb> rembs = new ArrayList<>();
    private final List<String> decodeErrors = new ArrayList<>();
    private final RembDecoder decoder = new RembDecoder();

    @Override
    public synchronized void onRemb(final RembView remb) {
        rembs.add(new ReferenceModel.Remb(Math.floorDiv(remb.timeNs(), 1000L), remb.sessionId(), remb.bitrateBps(),
            ReferenceModel.list(remb.ssrcs())));
        if (!decoder.wrap(remb.buffer(), 0, remb.length())) {
            decodeErrors.add(decoder.error().name());
        } else if (!ReferenceModel.list(decoder).equals(ReferenceModel.list(remb.ssrcs()))
            || decoder.bitrateBps() > remb.bitrateBps()) {
            decodeErrors.add("decoded " + decoder.bitrateBps() + " " + ReferenceModel.list(decoder) + " for "
                + remb.bitrateBps() + " " + ReferenceModel.list(remb.ssrcs()));
        }
    }

    synchronized List<ReferenceModel.Remb> rembs() {
        return new ArrayList<>(rembs);
    }

    synchronized List<String> decodeErrors() {
        return new ArrayList<>(decodeErrors);
    }

    /** REMBs grouped per session, each in the order it was sent. */
    static Map<Long, List<ReferenceModel.Remb>> bySession(final List<ReferenceModel.Remb> rembs) {
        final Map<Long, List<ReferenceModel.Remb>> out = new TreeMap<>();
        for (final ReferenceModel.Remb r : rembs) {
            out.computeIfAbsent(r.sessionId(), k -> new ArrayList<>()).add(r);
        }
        return out;
    }
}
