package dev.bwe.jmh.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The report from made-up results: every figure, ratio and verdict derived from them, nothing else. */
class BenchmarksReportTest {
    private static final BenchmarksReport.Machine MACHINE =
        new BenchmarksReport.Machine("Test CPU", 2, "1.0 GiB", "Test OS");

    @Test
    void judgesEachTargetFromTheResultsAndComparesWithTheBaselinesOfTheSameRun() {
        final String report = render(false);

        assertThat(report).contains("Generated file: do not edit.").contains("`./jmh/run-benchmarks.sh`")
            .doesNotContain("SMOKE RUN");
        // Estimator: 85 ns and 0.2 B/packet meet the target; the harness baseline sits beside it.
        assertThat(report).contains("| Estimator ≤ 100 ns/packet and 0 B/op (KALMAN, the default) | 85.0 ns/packet, "
            + "0.20 B/packet | time **met**, 15 % under the limit; **0 B/op: met** |");
        assertThat(report).contains("| KALMAN | 85.0 ns ± 1.0 | 0.20 B | 5.0 ns ± 0.1 | ≈ 80.0 ns |");
        // Parse: 25 ns misses 20 ns by 25 %; the naive parser is 8× slower.
        assertThat(report).contains("**missed** by 5.0 ns (25 % over)").contains("| 8.0× |");
        // Pipeline: journaling on cannot be judged yet; off is 6 M = 6× ABQ+new, 3× ABQ+pool.
        assertThat(report).contains("**not measured**: the journal stage has not landed")
            .contains("With journaling off: met, 20 % above the target");
        assertThat(report).contains("| 6.0× (6.00 M vs 1.00 M) | **met**, 20 % above the target |")
            .contains("| 3.0× (6.00 M vs 2.00 M) | **missed** by 2.0× (40 % short) |");
        assertThat(report)
            .contains("| DEDICATED | Disruptor, SLEEPING, journal OFF | 6.00 M | 0.00 B | 0.50 | 6.0× | 3.0× |");
        // Latency: p99 8 µs at 100 k/s meets 10 µs; ABQ+pool's p99 of 40 µs is 5× higher.
        assertThat(report).contains("| 8.00 µs | **met**, 20 % under the limit |")
            .contains("| 100 k | Disruptor DEDICATED SLEEPING | 100 k | 2.00 | 4.00 | 8.00 | 9.00 | 12.0 | 0 "
                + "| 5.0× lower |");
        assertThat(report).contains("about 45,249 2.5 Mbps video streams");
        assertThat(report).contains("java -cp jmh/target/benchmarks.jar dev.bwe.jmh.PipelineLatencyHarness --rates "
            + "100000 --warmup-ms 2000 --measure-ms 5000 --jit-warmup-packets 262144");
        assertThat(report).contains("java -jar jmh/target/benchmarks.jar EstimatorBenchmark -prof gc -f 3 -wi 5 -w 1s "
            + "-i 5 -r 1s");
    }

    @Test
    void aQuickRunSaysItIsASmokeRun() {
        assertThat(render(true)).contains("**SMOKE RUN (`--quick`), NOT RESULTS.**");
    }

    @Test
    void formatsFiguresWithTheirUnits() {
        assertThat(BenchmarksReport.rate(6_123_000)).isEqualTo("6.12 M");
        assertThat(BenchmarksReport.rate(999_999)).isEqualTo("1.00 M");
        assertThat(BenchmarksReport.rate(850_400)).isEqualTo("850 k");
        assertThat(BenchmarksReport.rate(9_977)).isEqualTo("9.98 k");
        assertThat(BenchmarksReport.us(8_000)).isEqualTo("8.00");
        assertThat(BenchmarksReport.us(18_432_000)).isEqualTo("18,432");
        assertThat(BenchmarksReport.atLeast(4, 5, "ratio")).isEqualTo("**missed** by 1.0× (20 % short)");
        assertThat(BenchmarksReport.atMost(Double.NaN, 5, "ns")).isEqualTo("not measured");
        assertThat(BenchmarksReport.atMost(7_455_000, 10_000, "us")).isEqualTo("**missed** by 7,445 µs (746× the limit)");
        assertThat(BenchmarksReport.memory("24685064 kB")).isEqualTo("23.5 GiB");
    }

    private static String render(final boolean quick) {
        final List<JmhResult> jmh = new ArrayList<>();
        jmh.add(result("EstimatorBenchmark", "estimatorWithRemb", "delayFilter", "KALMAN", 85, 1, 0.2));
        jmh.add(result("EstimatorBenchmark", "baselineSumOfFields", null, null, 5, 0.1, 0));
        jmh.add(result("ParseBenchmark", "bweParser", "form", "ONE_BYTE", 25, 0.5, 0));
        jmh.add(result("ParseBenchmark", "baselineNaiveParser", "form", "ONE_BYTE", 200, 3, 500));
        jmh.add(pipeline("disruptor", 6_000_000));
        jmh.add(pipeline("baselineQueueNewEvent", 1_000_000));
        jmh.add(pipeline("baselineQueuePooledEvent", 2_000_000));
        final Object latency = Json.parse("{\"jdk\": \"17\", \"vm\": \"test\", \"settings\": {\"ratesPerSecond\": "
            + "[100000], \"warmupMs\": 2000, \"measureMs\": 5000, \"jitWarmupPackets\": 262144}, \"results\": ["
            + latencyResult("DISRUPTOR_DEDICATED_SLEEPING", "Disruptor DEDICATED SLEEPING", false, 8_000) + ", "
            + latencyResult("QUEUE_POOLED_DEDICATED", "ABQ + pool DEDICATED", true, 40_000) + "]}");
        final BenchmarksReport.Options options = BenchmarksReport.Options.parse(quick
            ? new String[] {"--jmh", "x.json", "--quick"} : new String[] {"--jmh", "x.json"});
        return new BenchmarksReport(jmh, latency, options, MACHINE).render();
    }

    private static JmhResult result(final String className, final String method, final String param,
                                    final String value, final double score, final double error, final double bytes) {
        final String params = param == null ? "" : ", \"params\": {\"" + param + "\": \"" + value + "\"}";
        return JmhResult.of(Json.parse("{\"benchmark\": \"dev.bwe.jmh." + className + "." + method + "\", "
            + "\"forks\": 3, \"warmupIterations\": 5, \"warmupTime\": \"1 s\", \"measurementIterations\": 5, "
            + "\"measurementTime\": \"1 s\", \"jdkVersion\": \"17\", \"vmName\": \"VM\", \"vmVersion\": \"1\"" + params
            + ", \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": " + error
            + ", \"scoreUnit\": \"ns/op\"},"
            + " \"secondaryMetrics\": {\"gc.alloc.rate.norm\": {\"score\": " + bytes + "}}}"));
    }

    private static JmhResult pipeline(final String method, final double packetsPerSecond) {
        final String params = method.equals("disruptor")
            ? "{\"journal\": \"OFF\", \"threading\": \"DEDICATED\", \"waitStrategy\": \"SLEEPING\"}"
            : "{\"threading\": \"DEDICATED\"}";
        return JmhResult.of(Json.parse("{\"benchmark\": \"dev.bwe.jmh.PipelineThroughputBenchmark." + method + "\", "
            + "\"forks\": 2, \"warmupIterations\": 4, \"warmupTime\": \"1 s\", \"measurementIterations\": 5, "
            + "\"measurementTime\": \"1 s\", \"params\": " + params + ", \"primaryMetric\": {\"score\": "
            + packetsPerSecond + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"ops/s\"}, \"secondaryMetrics\": {"
            + "\"gc.alloc.rate.norm\": {\"score\": 0.001}, \"ringFullWaits\": {\"score\": 5}, "
            + "\"packetsPublished\": {\"score\": 10000}}}"));
    }

    private static String latencyResult(final String subject, final String label, final boolean baseline,
                                        final long p99Ns) {
        return "{\"subject\": \"" + subject + "\", \"label\": \"" + label + "\", \"baseline\": " + baseline
            + ", \"offeredPerSecond\": 100000, \"achievedPerSecond\": 100000.0, \"keptUp\": true, \"packets\": 500000,"
            + " \"ringFullWaits\": 0, \"meanNs\": 3000.0, \"p50Ns\": 2000, \"p90Ns\": 4000, \"p99Ns\": " + p99Ns
            + ", \"p999Ns\": " + (p99Ns + 1000) + ", \"maxNs\": " + (p99Ns + 4000) + "}";
    }
}
