package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryJsonTest {
    @TempDir
    Path dir;

    private static SimulationResult run(final CapacitySchedule capacity, final long durationMs) {
        return Simulation.run(SimulationConfig.builder().durationMs(durationMs)
            .addSession(SessionConfig.builder(1).link(LinkConfig.builder(capacity).propagationDelayMs(20).build())
                .addStream(StreamConfig.video(0x1001)).build())
            .build());
    }

    @Test
    void oneProfileIsOneObjectWithTheIssuesFieldNames() throws IOException {
        // Up to 2 Mbps at 2 s (never reached so soon: null), down to 100 kbps at 8 s (reached), 12 s.
        final SimulationResult result = run(CapacitySchedule.parse("1mbps@0s,2mbps@2s,100kbps@8s"), 12_000);
        final Path file = dir.resolve("s.json");
        SummaryJson.write(Map.of("parity", result), file);
        final JsonNode root = new ObjectMapper().readTree(file.toFile());

        assertThat(root.get("profile").asText()).isEqualTo("parity");
        final JsonNode s = root.get("sessions").get(0);
        assertThat(s.get("session").asLong()).isEqualTo(1);
        assertThat(s.get("link").asLong()).isEqualTo(1);
        assertThat(s.get("utilisation").asDouble()).isEqualTo(result.sessions().get(0).metrics().utilisation());
        assertThat(s.get("queue_p50_ms").isNumber()).isTrue();
        assertThat(s.get("queue_p95_ms").asDouble()).isGreaterThanOrEqualTo(s.get("queue_p50_ms").asDouble());
        assertThat(s.get("loss").asDouble()).isBetween(0.0, 1.0);
        assertThat(s.get("first_estimate_s").asDouble()).isBetween(0.0, 6.0);
        assertThat(s.get("to_80pct_of_raise_s")).hasSize(1);
        assertThat(s.get("to_80pct_of_raise_s").get(0).isNull()).as("never reached").isTrue();
        assertThat(s.get("drop_reaction_s")).hasSize(1);
        assertThat(s.get("drop_reaction_s").get(0).asDouble()).isBetween(0.0, 4.0);
        final JsonNode link = root.get("links").get(0);
        assertThat(link.get("link").asLong()).isEqualTo(1);
        assertThat(link.get("jain_fairness").isNull()).isTrue();
        assertThat(link.get("media_share").asDouble()).isEqualTo(1.0);
    }

    @Test
    void severalProfilesAreRunsAndATraceHasNoReactions() {
        final SimulationResult trace = run(CellularCapacity.generate(1, 3_000), 3_000);
        final Map<String, SimulationResult> runs = new LinkedHashMap<>();
        runs.put("parity", trace);
        runs.put("adaptive", trace);
        final JsonNode root = SummaryJson.toJson(runs);
        assertThat(root.get("runs")).hasSize(2);
        assertThat(root.get("runs").get(1).get("profile").asText()).isEqualTo("adaptive");
        final JsonNode s = root.get("runs").get(0).get("sessions").get(0);
        assertThat(s.get("drop_reaction_s").isNull()).isTrue();
        assertThat(s.get("to_80pct_of_raise_s").isNull()).isTrue();
        assertThat(s.get("first_estimate_s").isNull()).as("no REMB within 3 s").isTrue();
    }
}
