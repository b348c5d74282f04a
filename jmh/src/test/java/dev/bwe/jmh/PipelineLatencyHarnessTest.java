package dev.bwe.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.bwe.jmh.report.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A smoke run of the latency harness, in this JVM: 0.2 s at 10,000 packets/s through bwe's pipeline and
 * through the pooled queue baseline. The figures are not results; what is checked is that the harness
 * runs its correctness checks, times every packet and writes percentiles the report can read.
 */
class PipelineLatencyHarnessTest {
    @Test
    void measuresPercentilesAtAFixedRateAndWritesThemAsJson(@TempDir final Path directory) throws Exception {
        final Path out = directory.resolve("latency.json");
        PipelineLatencyHarness.run(new String[] {"--in-process", "--subjects",
            "DISRUPTOR_DEDICATED_SLEEPING,QUEUE_POOLED_DEDICATED", "--rates", "10000", "--warmup-ms", "50",
            "--measure-ms", "200", "--jit-warmup-packets", "0", "--out", out.toString()});

        final Object document = Json.parse(Files.readString(out, StandardCharsets.UTF_8));
        final List<Object> results = Json.list(Json.get(document, "results"));
        assertThat(results).hasSize(2);
        assertThat(results).allSatisfy(result -> {
            assertThat(Json.number(Json.get(result, "offeredPerSecond"))).isEqualTo(10_000.0);
            assertThat(Json.number(Json.get(result, "packets"))).isEqualTo(2_000.0);
            assertThat(Json.number(Json.get(result, "achievedPerSecond"))).isPositive();
            final double p50 = Json.number(Json.get(result, "p50Ns"));
            final double p90 = Json.number(Json.get(result, "p90Ns"));
            final double p99 = Json.number(Json.get(result, "p99Ns"));
            final double p999 = Json.number(Json.get(result, "p999Ns"));
            final double max = Json.number(Json.get(result, "maxNs"));
            assertThat(p50).isPositive();
            assertThat(p50).isLessThanOrEqualTo(p90);
            assertThat(p90).isLessThanOrEqualTo(p99);
            assertThat(p99).isLessThanOrEqualTo(p999);
            // The histogram keeps 3 significant digits; the maximum is exact.
            assertThat(p999).isLessThanOrEqualTo(max * 1.001);
        });
        assertThat(results).extracting(result -> (Object) Json.get(result, "baseline")).containsExactly(false, true);
    }

    @Test
    void intendedTimesFollowTheScheduleWithoutDrift() {
        assertThat(PipelineLatencyHarness.intendedNs(5, 0, 3)).isEqualTo(5);
        assertThat(PipelineLatencyHarness.intendedNs(5, 3, 3)).isEqualTo(5 + 1_000_000_000L);
        assertThat(PipelineLatencyHarness.intendedNs(0, 10_000_000, 1_000_000)).isEqualTo(10_000_000_000L);
    }

    @Test
    void refusesUnknownOptionsAndSubjects() {
        assertThatThrownBy(() -> PipelineLatencyHarness.run(new String[] {"--fast"}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --fast");
        assertThatThrownBy(() -> PipelineLatencyHarness.run(new String[] {"--subjects", "LMAX"}))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown subject LMAX");
    }
}
