package dev.bwe.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import dev.bwe.estimator.DelayFilterKind;
import dev.bwe.pipeline.ThreadingMode;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark of the package once, briefly, in one fork each, so that {@code mvn verify}
 * catches a benchmark that no longer compiles, starts, passes its own correctness checks or stays
 * allocation-free. The figures are not performance results.
 *
 * <p>Two passes, so that each benchmark runs once: the baselines get 100 ms of warm-up and 100 ms
 * measured; the benchmarks of bwe's code, whose allocation is asserted, get
 * {@link #WARMUP_BEFORE_ALLOCATION_CHECK} first. Until C2 has compiled the estimator, it allocates
 * about 17 B per packet: JDK 17+'s Java {@code StrictMath.pow} (FdLibm) makes a scratch array that
 * only escape analysis removes. On a loaded 2-core machine that took up to 0.6 s of running.
 *
 * <p>The pipeline benchmarks ({@link PipelineThroughputBenchmark}: packets per second) run in the first
 * pass; their own setup checks the stages' counts against a single-threaded replay before measuring, and
 * each iteration checks that every packet got through. Their allocation is not asserted here (the
 * estimator inside allocates until C2 has compiled it, as above), except that a new event per packet must
 * show up, which proves the profiler counts the stage threads' allocation too.
 *
 * <p>The forks get their JVM flags from {@link BweBenchmark}'s {@code @Fork}, as with
 * {@code java -jar benchmarks.jar}, so a missing flag fails here too.
 */
class BenchmarksSmokeTest {
    private static final String ALLOCATION_PER_OP = "gc.alloc.rate.norm";
    /** Bytes per packet: the harness's own few hundred bytes per iteration spread over millions of packets. */
    private static final double ALLOCATION_FREE_BOUND_BYTES = 1.0;
    private static final TimeValue SMOKE_TIME = TimeValue.milliseconds(100);
    /** About 3 × the longest time to reach C2 seen on a loaded machine. */
    private static final TimeValue WARMUP_BEFORE_ALLOCATION_CHECK = TimeValue.seconds(2);

    private static final String ESTIMATOR = EstimatorBenchmark.class.getName() + ".estimatorWithRemb";
    private static final String TRACE_BASELINE = EstimatorBenchmark.class.getName() + ".baselineSumOfFields";
    private static final String BWE_PARSER = ParseBenchmark.class.getName() + ".bweParser";
    private static final String NAIVE_PARSER = ParseBenchmark.class.getName() + ".baselineNaiveParser";
    private static final String BWE_PARSER_GENERIC = ParseBenchmark.class.getName() + ".bweParserGenericPath";
    private static final String ALLOCATION_FREE = "^(" + Pattern.quote(ESTIMATOR) + "|" + Pattern.quote(BWE_PARSER)
        + "|" + Pattern.quote(BWE_PARSER_GENERIC) + ")$";
    private static final String PIPELINE = PipelineThroughputBenchmark.class.getName() + ".disruptor";
    private static final String QUEUE_NEW = PipelineThroughputBenchmark.class.getName() + ".baselineQueueNewEvent";
    private static final String QUEUE_POOLED =
        PipelineThroughputBenchmark.class.getName() + ".baselineQueuePooledEvent";
    private static final String PIPELINE_PREFIX = PipelineThroughputBenchmark.class.getName() + ".";
    /**
     * The pipeline runs with its default wait strategy only: the other value changes nothing but the
     * Disruptor's wait-strategy object, which {@code HandoffTest} builds and checks, and each pipeline fork
     * costs about 3 s of the smoke run.
     */
    private static final String WAIT_STRATEGY = "waitStrategy";
    private static final String SMOKE_WAIT_STRATEGY = "SLEEPING";

    @Test
    void everyBenchmarkRunsWithAPositiveScoreAndBwesCodeAllocatesNothingPerPacket() throws RunnerException {
        final long startNs = System.nanoTime();
        final List<RunResult> results = new ArrayList<>(new Runner(smokeOptions()
            .include("^" + Pattern.quote(BweBenchmark.class.getPackageName() + "."))
            .exclude(ALLOCATION_FREE)
            .param(WAIT_STRATEGY, SMOKE_WAIT_STRATEGY)
            .warmupTime(SMOKE_TIME)
            .build()).run());
        results.addAll(new Runner(smokeOptions()
            .include(ALLOCATION_FREE)
            .warmupTime(WARMUP_BEFORE_ALLOCATION_CHECK)
            .build()).run());
        final long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);

        final Map<String, RunResult> byName = new TreeMap<>();
        for (final RunResult result : results) {
            byName.put(label(result), result);
        }
        System.out.println("smoke run of " + byName.size() + " benchmarks took " + elapsedMs + " ms");
        byName.forEach((name, result) -> System.out.printf("%-110s %12.1f %s %10.3f B/op%n", name,
            result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreUnit(), allocationPerOp(result)));

        assertThat(byName.keySet()).containsExactlyInAnyOrderElementsOf(expectedLabels());
        assertThat(byName).allSatisfy((name, result) -> {
            // The pipeline benchmarks report packets per second; the others time per operation.
            assertThat(result.getPrimaryResult().getScoreUnit()).as(name)
                .isEqualTo(name.startsWith(PIPELINE_PREFIX) ? "ops/s" : "ns/op");
            assertThat(result.getPrimaryResult().getScore()).as(name).isPositive().isFinite();
            if (name.startsWith(PIPELINE_PREFIX)) {
                // The publisher's counters are reported beside the score.
                assertThat(result.getSecondaryResults().get("packetsPublished").getScore()).as(name)
                    .isGreaterThanOrEqualTo(PipelineThroughputBenchmark.PACKETS_PER_INVOCATION);
                assertThat(result.getSecondaryResults()).as(name).containsKey("ringFullWaits");
            }
        });
        assertThat(byName).allSatisfy((name, result) -> {
            if (name.startsWith(ESTIMATOR) || name.startsWith(BWE_PARSER)) {
                assertThat(allocationPerOp(result)).as(name + " " + ALLOCATION_PER_OP)
                    .isLessThan(ALLOCATION_FREE_BOUND_BYTES);
            }
            if (name.startsWith(QUEUE_NEW)) {
                // A new event and header copy per packet: the profiler counts allocation on every thread.
                assertThat(allocationPerOp(result)).as(name + " " + ALLOCATION_PER_OP).isGreaterThan(100.0);
            }
            if (name.startsWith(NAIVE_PARSER)) {
                // Proves the profiler sees allocation at all, so the zeros above are measurements.
                assertThat(allocationPerOp(result)).as(name + " " + ALLOCATION_PER_OP).isGreaterThan(100.0);
            }
        });
    }

    private static ChainedOptionsBuilder smokeOptions() {
        return new OptionsBuilder()
            .forks(1)
            .warmupIterations(1)
            .measurementIterations(1)
            .measurementTime(SMOKE_TIME)
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true);
    }

    /** Every benchmark method once per value of its enum parameter: empty {@code @Param}s cover them all. */
    private static List<String> expectedLabels() {
        final List<String> labels = new ArrayList<>();
        labels.add(TRACE_BASELINE);
        for (final DelayFilterKind kind : DelayFilterKind.values()) {
            labels.add(ESTIMATOR + " delayFilter=" + kind);
        }
        for (final ParseBenchmark.ExtensionForm form : ParseBenchmark.ExtensionForm.values()) {
            labels.add(BWE_PARSER + " form=" + form);
            labels.add(BWE_PARSER_GENERIC + " form=" + form);
            labels.add(NAIVE_PARSER + " form=" + form);
        }
        for (final ThreadingMode threading : ThreadingMode.values()) {
            for (final Journal journal : Journal.values()) {
                labels.add(PIPELINE + " journal=" + journal + " threading=" + threading
                    + " waitStrategy=" + SMOKE_WAIT_STRATEGY);
            }
            labels.add(QUEUE_NEW + " threading=" + threading);
            labels.add(QUEUE_POOLED + " threading=" + threading);
        }
        return labels;
    }

    private static String label(final RunResult result) {
        final StringBuilder label = new StringBuilder(result.getParams().getBenchmark());
        for (final String key : result.getParams().getParamsKeys()) {
            label.append(' ').append(key).append('=').append(result.getParams().getParam(key));
        }
        return label.toString();
    }

    private static double allocationPerOp(final RunResult result) {
        final Result<?> allocation = result.getSecondaryResults().get(ALLOCATION_PER_OP);
        assertThat(allocation).as(label(result) + " has " + ALLOCATION_PER_OP).isNotNull();
        return allocation.getScore();
    }
}
