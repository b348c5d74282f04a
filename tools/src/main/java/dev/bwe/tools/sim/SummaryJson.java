package dev.bwe.tools.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable summary of runs ({@code bwe simulate --summary-json}): for one profile
 * <pre>{"profile": "adaptive", "sessions": [{"session": 1, "link": 1, "utilisation": 0.738, "queue_p50_ms": ...,
 *   "queue_p95_ms": ..., "loss": ..., "first_estimate_s": ..., "drop_reaction_s": [...],
 *   "to_80pct_of_raise_s": [...]}], "links": [{"link": 1, "jain_fairness": ..., "media_share": ...}]}</pre>
 * and for several {@code {"runs": [ ...one such object per profile... ]}}.
 *
 * <p>Definitions: utilisation = delivered media bits ÷ capacity bits over the run; queueing percentiles over
 * the delivered media packets (null if none was delivered); loss = media packets dropped ÷ sent (null if
 * none was sent); first estimate from the session's first packet to its first REMB (null if it got none);
 * reactions for each capacity step of a schedule, in time order, null for a step never reached (and the
 * arrays are null for a trace, whose changes are not steps); {@link LinkResult} for the links.
 */
public final class SummaryJson {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SummaryJson() {
    }

    /** Writes one run's summary ({@code runs} of size 1) or {@code {"runs": [...]}} to {@code file}. */
    public static void write(final Map<String, SimulationResult> runs, final Path file) throws IOException {
        MAPPER.writeValue(file.toFile(), toJson(runs));
    }

    /** The summary as a tree (see the class comment). */
    public static ObjectNode toJson(final Map<String, SimulationResult> runs) {
        if (runs.size() == 1) {
            final Map.Entry<String, SimulationResult> only = runs.entrySet().iterator().next();
            return run(only.getKey(), only.getValue());
        }
        final ObjectNode root = MAPPER.createObjectNode();
        final ArrayNode array = root.putArray("runs");
        runs.forEach((profile, result) -> array.add(run(profile, result)));
        return root;
    }

    /** The summary of one run of {@code profile}. */
    public static ObjectNode run(final String profile, final SimulationResult result) {
        final ObjectNode run = MAPPER.createObjectNode();
        run.put("profile", profile);
        final ArrayNode sessions = run.putArray("sessions");
        for (final SessionResult s : result.sessions()) {
            sessions.add(session(s));
        }
        final ArrayNode links = run.putArray("links");
        for (final LinkResult l : result.links()) {
            final ObjectNode link = links.addObject();
            link.put("link", l.linkId());
            putOrNull(link, "jain_fairness", l.jainFairness());
            putOrNull(link, "media_share", l.mediaShare());
        }
        return run;
    }

    private static ObjectNode session(final SessionResult s) {
        final SessionMetrics m = s.metrics();
        final boolean delivered = m.mediaPacketsSent() > m.mediaPacketsLost();
        final ObjectNode node = MAPPER.createObjectNode();
        node.put("session", s.sessionId());
        node.put("link", s.config().linkId());
        node.put("utilisation", m.utilisation());
        putOrNull(node, "queue_p50_ms", delivered ? m.queueDelayP50Ms() : null);
        putOrNull(node, "queue_p95_ms", delivered ? m.queueDelayP95Ms() : null);
        putOrNull(node, "loss", m.mediaPacketsSent() > 0 ? m.mediaLossRate() : null);
        putOrNull(node, "first_estimate_s", m.firstEstimateNs() >= 0 ? SimTime.nsToS(m.firstEstimateNs()) : null);
        final boolean trace = s.config().link().capacity().isTrace();
        reactions(node, "drop_reaction_s", trace ? null : m.decreases());
        reactions(node, "to_80pct_of_raise_s", trace ? null : m.increases());
        return node;
    }

    private static void reactions(final ObjectNode node, final String name, final List<CapacityResponse> responses) {
        if (responses == null) {
            node.putNull(name);
            return;
        }
        final ArrayNode array = node.putArray(name);
        for (final CapacityResponse r : responses) {
            if (r.reached()) {
                array.add(SimTime.nsToS(r.responseTimeNs()));
            } else {
                array.addNull();
            }
        }
    }

    private static void putOrNull(final ObjectNode node, final String name, final Double value) {
        if (value == null) {
            node.putNull(name);
        } else {
            node.put(name, value);
        }
    }
}
