package dev.bwe.jmh.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes BENCHMARKS.md from the results of one run of every benchmark: JMH's {@code -rf json} files of
 * {@code EstimatorBenchmark}, {@code ParseBenchmark} and {@code PipelineThroughputBenchmark}, and the
 * {@code PipelineLatencyHarness}'s JSON. Every figure in the document comes from those files; the text
 * around them (targets, verdicts, what the numbers mean for a relay) is computed here, so nothing is
 * edited by hand. {@code jmh/run-benchmarks.sh} runs everything and then this.
 *
 * <pre>
 *   java -cp jmh/target/benchmarks.jar dev.bwe.jmh.report.BenchmarksReport --jmh a.json [--jmh b.json ...]
 *       --latency latency.json --out BENCHMARKS.md [--quick] [--command "..."] [--git REV]
 *       [--started TEXT] [--duration-s N] [--load-start "1 5 15"] [--load-end "1 5 15"] [--nproc N]
 * </pre>
 */
public final class BenchmarksReport {
    /** Issue target: estimator work per packet, REMB included, KALMAN (the default filter). */
    static final double ESTIMATOR_MAX_NS = 100;
    /** Issue target: parse per packet. */
    static final double PARSE_MAX_NS = 20;
    /** Issue target: pipeline throughput with journaling on. */
    static final double PIPELINE_MIN_PER_SECOND = 5_000_000;
    /** Issue target: pipeline throughput against the ArrayBlockingQueue baseline. */
    static final double PIPELINE_MIN_RATIO = 5;
    /** Issue target: p99 publish → estimate at {@link #LATENCY_TARGET_RATE}. */
    static final double LATENCY_P99_MAX_NS = 10_000;
    static final long LATENCY_TARGET_RATE = 100_000;
    /**
     * "0 B/op": {@code gc.alloc.rate.norm} below this many bytes per packet is the harness's own few hundred
     * bytes per iteration spread over millions of packets, as the smoke test asserts.
     */
    static final double ALLOCATION_FREE_BOUND_BYTES = 1.0;
    /** A 2.5 Mbps video stream in packets of about 1200 bytes. */
    static final double VIDEO_STREAM_PACKETS_PER_SECOND = 260;
    /** One session of the benchmarks' stream mix: 2 video + 2 audio streams (StreamMixTrace). */
    static final double SESSION_PACKETS_PER_SECOND = 640;

    static final String ESTIMATOR = "EstimatorBenchmark";
    static final String PARSE = "ParseBenchmark";
    static final String PIPELINE = "PipelineThroughputBenchmark";
    static final String DEFAULT_THREADING = "DEDICATED";
    static final String DEFAULT_WAIT_STRATEGY = "SLEEPING";
    static final String DEFAULT_LATENCY_SUBJECT = "DISRUPTOR_DEDICATED_SLEEPING";
    static final String LATENCY_BASELINE_SUBJECT = "QUEUE_POOLED_DEDICATED";

    /** Written by {@code relay/closed-loop-benchmark.sh}; relative to the repository root, where this runs. */
    static final String BROWSER_SECTION = "relay/closed-loop-benchmark.md";
    /** Scaling, tick cost and idle CPU, measured by their own commands; relative to the repository root. */
    static final String SCALING_SECTION = "jmh/scaling-benchmark.md";

    private final List<JmhResult> jmh;
    private final Object latency;
    private final Options options;
    private final Machine machine;
    private final StringBuilder out = new StringBuilder();

    BenchmarksReport(final List<JmhResult> jmh, final Object latency, final Options options, final Machine machine) {
        this.jmh = jmh;
        this.latency = latency;
        this.options = options;
        this.machine = machine;
    }

    public static void main(final String[] args) throws IOException {
        final Options options;
        try {
            options = Options.parse(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("BenchmarksReport: " + e.getMessage());
            System.exit(2);
            return;
        }
        final List<JmhResult> jmh = JmhResult.read(options.jmhFiles);
        final Object latency = options.latencyFile == null ? null
            : Json.parse(Files.readString(options.latencyFile, StandardCharsets.UTF_8));
        final String markdown = new BenchmarksReport(jmh, latency, options, Machine.describe(options.nproc)).render()
            + browserSection() + keptSection(SCALING_SECTION);
        Files.writeString(options.out, markdown, StandardCharsets.UTF_8);
        System.out.println("wrote " + options.out + " from " + jmh.size() + " JMH results"
            + (latency == null ? "" : " and " + Json.list(Json.get(latency, "results")).size() + " latency results"));
    }

    /**
     * The Chromium closed-loop benchmark's section, kept as {@code relay/closed-loop-benchmark.sh} last wrote it
     * (it needs a browser and takes minutes, so it is run on its own): appended as it is, or nothing.
     */
    private static String browserSection() throws IOException {
        return keptSection(BROWSER_SECTION);
    }

    /** A section written by hand or by another command: appended as it is, or nothing. */
    private static String keptSection(final String path) throws IOException {
        final Path section = Paths.get(path);
        return Files.isRegularFile(section) ? "\n" + Files.readString(section, StandardCharsets.UTF_8) : "";
    }

    String render() {
        header();
        targets();
        machineSection();
        howToRun();
        estimatorSection();
        parseSection();
        pipelineSection();
        latencySection();
        relaySection();
        settingsSection();
        return out.toString();
    }

    // ---------------------------------------------------------------- sections

    private void header() {
        line("# bwe benchmarks");
        line();
        line("> **Generated file: do not edit.** Written by `" + options.command + "` (which ends with "
            + "`dev.bwe.jmh.report.BenchmarksReport`) on " + options.started + " from commit `" + options.git
            + "`. Every figure comes from the JSON results of that run; run the command again to update them.");
        line();
        if (options.quick) {
            line("> **SMOKE RUN (`--quick`), NOT RESULTS.** One fork and sub-second iterations"
                + loadText(" on a machine shared with other builds (load average ", options.loadStart, " at the start)")
                + ". These figures only show that every benchmark and this generator work end to end; they say "
                + "little about bwe's speed. Regenerate on a quiet machine with `./jmh/run-benchmarks.sh`.");
            line();
        } else if (loadOf(options.loadStart) > 0.5 * machine.cores) {
            line("> **Warning:** the machine was busy when the run started (load average " + options.loadStart
                + " on " + machine.cores + " cores); figures are lower and noisier than on a quiet machine.");
            line();
        }
        line("Each benchmark runs beside a baseline in the same run, and checks before measuring that its "
            + "input makes the code do what is claimed (see `jmh/README.md`), so a fast wrong answer fails "
            + "instead of being reported. Ratios compare figures of this run only.");
        line();
    }

    private void targets() {
        line("## Targets");
        line();
        line("| target (from the issue) | figure in this run | verdict |");
        line("|---|---|---|");
        for (final String filter : List.of("KALMAN", "TRENDLINE")) {
            final Optional<JmhResult> estimator = find(ESTIMATOR, "estimatorWithRemb", "delayFilter", filter);
            final String figure = estimator.map(r -> ns(r.score()) + "/packet, " + bytes(r.bytesPerOp()) + "/packet")
                .orElse("not run");
            final String verdict = estimator.map(r -> both(atMost(r.score(), ESTIMATOR_MAX_NS, "ns"),
                allocationVerdict(r.bytesPerOp()))).orElse("not measured");
            row("Estimator ≤ 100 ns/packet and 0 B/op (" + filter + (filter.equals("KALMAN") ? ", the default" : "")
                + ")", figure, verdict);
        }
        for (final String form : List.of("ONE_BYTE", "TWO_BYTE")) {
            final Optional<JmhResult> parse = find(PARSE, "bweParser", "form", form);
            row("Parse ≤ 20 ns/packet (" + form + " extension block)", parse.map(r -> ns(r.score())).orElse("not run"),
                parse.map(r -> atMost(r.score(), PARSE_MAX_NS, "ns")).orElse("not measured"));
        }
        final Optional<JmhResult> journalOn = pipeline(DEFAULT_THREADING, DEFAULT_WAIT_STRATEGY, "ON");
        final Optional<JmhResult> journalOff = pipeline(DEFAULT_THREADING, DEFAULT_WAIT_STRATEGY, "OFF");
        row("Pipeline ≥ 5 M packets/s with journaling on (" + DEFAULT_THREADING + ", " + DEFAULT_WAIT_STRATEGY + ")",
            journalOn.map(r -> rate(r.score())).orElse("journaling on: not measurable yet; journaling off: "
                + journalOff.map(r -> rate(r.score())).orElse("not run")),
            journalOn.map(r -> atLeast(r.score(), PIPELINE_MIN_PER_SECOND, "rate"))
                .orElse("**not measured**: the journal stage has not landed (`Journal` has only `OFF`). With "
                    + "journaling off: " + journalOff.map(r -> atLeast(r.score(), PIPELINE_MIN_PER_SECOND, "rate")
                    .replace("**", "")).orElse("not run")));
        for (final String baseline : List.of("baselineQueueNewEvent", "baselineQueuePooledEvent")) {
            final Optional<JmhResult> queue = find(PIPELINE, baseline, "threading", DEFAULT_THREADING);
            final double ratio = journalOff.isPresent() && queue.isPresent()
                ? journalOff.get().score() / queue.get().score() : Double.NaN;
            row("Pipeline ≥ 5× the ArrayBlockingQueue baseline (" + baselineName(baseline) + ", " + DEFAULT_THREADING
                + ", journaling off)", Double.isNaN(ratio) ? "not run" : ratio(ratio) + " ("
                    + rate(journalOff.get().score()) + " vs " + rate(queue.get().score()) + ")",
                atLeast(ratio, PIPELINE_MIN_RATIO, "ratio"));
        }
        final Optional<Object> p99 = latencyResult(DEFAULT_LATENCY_SUBJECT, LATENCY_TARGET_RATE);
        row("p99 publish → estimate ≤ 10 µs at 100 k packets/s (Disruptor " + DEFAULT_THREADING + " "
                + DEFAULT_WAIT_STRATEGY + ")",
            p99.map(r -> us(Json.number(Json.get(r, "p99Ns"))) + " µs" + keptUpNote(r)).orElse("not run"),
            p99.map(r -> atMost(Json.number(Json.get(r, "p99Ns")), LATENCY_P99_MAX_NS, "us")).orElse("not measured"));
        line();
    }

    private void machineSection() {
        line("## Machine");
        line();
        line("| | |");
        line("|---|---|");
        row("CPU", machine.cpuModel);
        row("cores", machine.cores + " (`Runtime.availableProcessors()`; `nproc`: " + options.nproc + ")");
        row("memory", machine.memory);
        row("OS", machine.os);
        final Set<String> jdks = jmh.stream().map(r -> r.jdkVersion() + ", " + r.vmName() + " " + r.vmVersion())
            .collect(Collectors.toCollection(LinkedHashSet::new));
        if (latency != null) {
            jdks.add(Json.string(Json.get(latency, "jdk"), "?") + ", " + Json.string(Json.get(latency, "vm"), "?"));
        }
        row("JDK", jdks.isEmpty() ? System.getProperty("java.version") : String.join("; ", jdks));
        row("load average (1, 5, 15 min)", "at the start " + options.loadStart + "; at the end " + options.loadEnd);
        row("run", (options.quick ? "smoke run (`--quick`)" : "full run") + ", " + duration(options.durationSeconds));
        line();
    }

    private void howToRun() {
        line("## How to run");
        line();
        line("Everything, and this file: `./jmh/run-benchmarks.sh` (it builds `jmh/target/benchmarks.jar` first; "
            + "about 12 minutes on 2 cores; `--quick` for a 2-minute smoke run). One benchmark at a time, from the "
            + "repository root after `./mvnw -B -ntp -pl jmh -am package -DskipTests`, with the settings of this run:");
        line();
        line("```");
        for (final String className : List.of(ESTIMATOR, PARSE, PIPELINE)) {
            jmh.stream().filter(r -> r.className().equals(className)).findFirst().ifPresent(r ->
                line("java -jar jmh/target/benchmarks.jar " + className + " -prof gc -f " + r.forks() + " -wi "
                    + r.warmupIterations() + " -w " + cliTime(r.warmupTime()) + " -i " + r.measurementIterations()
                    + " -r " + cliTime(r.measurementTime())));
        }
        if (latency != null) {
            final Object settings = Json.get(latency, "settings");
            line("java -cp jmh/target/benchmarks.jar dev.bwe.jmh.PipelineLatencyHarness --rates "
                + Json.list(Json.get(settings, "ratesPerSecond")).stream().map(v -> plain(Json.number(v)))
                .collect(Collectors.joining(",")) + " --warmup-ms " + plain(Json.number(Json.get(settings, "warmupMs")))
                + " --measure-ms " + plain(Json.number(Json.get(settings, "measureMs"))) + " --jit-warmup-packets "
                + plain(Json.number(Json.get(settings, "jitWarmupPackets"))));
        }
        line("```");
        line();
        line("Add `-rf json -rff FILE` to keep JMH's results, `-p name=value` for one parameter value. On JDK 24+ "
            + "put `--sun-misc-unsafe-memory-access=allow` before `-jar`/`-cp` (see `jmh/README.md`).");
        line();
    }

    private void estimatorSection() {
        line("## Estimator: ns per received packet (`EstimatorBenchmark`)");
        line();
        line("One session's `RemoteBitrateEstimator` with its REMB work (throttle, re-send check, encoding) over "
            + "the 128 s stream mix (2 video + 2 audio SSRCs through a bottleneck with capacity dips). Baseline: "
            + "the same loop over the same trace with the estimator replaced by a sum of the packet's fields "
            + "(harness and trace reading).");
        line();
        line("| delay filter | time per packet | allocated per packet | baseline (harness) | estimator's own work |");
        line("|---|---|---|---|---|");
        final Optional<JmhResult> baseline = find(ESTIMATOR, "baselineSumOfFields");
        for (final JmhResult r : results(ESTIMATOR, "estimatorWithRemb")) {
            row(r.param("delayFilter"), ns(r.score()) + error(r), bytes(r.bytesPerOp()),
                baseline.map(b -> ns(b.score()) + error(b)).orElse("not run"),
                baseline.map(b -> "≈ " + ns(r.score() - b.score())).orElse("n/a"));
        }
        line();
    }

    private void parseSection() {
        line("## RTP header parse: ns per packet (`ParseBenchmark`)");
        line();
        line("`RtpHeaderParser` reading abs-send-time from a slot's copy of the header, beside a typical parser "
            + "(a new object per packet, every extension element copied into a `HashMap<Integer, byte[]>`).");
        line();
        line("| extension block | bwe | allocated | naive parser | allocated | naive ÷ bwe |");
        line("|---|---|---|---|---|---|");
        for (final JmhResult r : results(PARSE, "bweParser")) {
            final Optional<JmhResult> naive = find(PARSE, "baselineNaiveParser", "form", r.param("form"));
            row(r.param("form"), ns(r.score()) + error(r), bytes(r.bytesPerOp()),
                naive.map(n -> ns(n.score()) + error(n)).orElse("not run"),
                naive.map(n -> bytes(n.bytesPerOp())).orElse("n/a"),
                naive.map(n -> ratio(n.score() / r.score())).orElse("n/a"));
        }
        line();
    }

    private void pipelineSection() {
        line("## Pipeline throughput: packets per second (`PipelineThroughputBenchmark`)");
        line();
        line("From the relay's thread (the benchmark thread, replaying 8 sessions × 4 SSRCs) through parse, "
            + "estimate and timer, until the last stage has processed each batch of 65,536 packets. Baselines: the "
            + "same stage objects connected by `ArrayBlockingQueue`s, with a new event per packet (ABQ+new) or with "
            + "events recycled through a pool (ABQ+pool, the seed's design). `waits` is how many packets found the "
            + "ring or queue full, per 1,000 published (the stages set the pace, as they should). Allocation is over "
            + "every thread of the JVM.");
        line();
        line("| threading | hand-off | packets/s | allocated per packet | waits per 1,000 | vs ABQ+new "
            + "| vs ABQ+pool |");
        line("|---|---|---|---|---|---|---|");
        for (final String threading : List.of("DEDICATED", "COMPACT")) {
            final Optional<JmhResult> queueNew = find(PIPELINE, "baselineQueueNewEvent", "threading", threading);
            final Optional<JmhResult> queuePool = find(PIPELINE, "baselineQueuePooledEvent", "threading", threading);
            for (final JmhResult r : results(PIPELINE, "disruptor")) {
                if (!threading.equals(r.param("threading"))) {
                    continue;
                }
                row(threading, "Disruptor, " + r.param("waitStrategy") + ", journal " + r.param("journal"),
                    rate(r.score()) + error(r), bytes(r.bytesPerOp()), waits(r),
                    queueNew.map(q -> ratio(r.score() / q.score())).orElse("n/a"),
                    queuePool.map(q -> ratio(r.score() / q.score())).orElse("n/a"));
            }
            queueNew.ifPresent(q -> row(threading, "ABQ+new (baseline)", rate(q.score()) + error(q),
                bytes(q.bytesPerOp()), waits(q), "1×", queuePool.map(p -> ratio(q.score() / p.score())).orElse("n/a")));
            queuePool.ifPresent(q -> row(threading, "ABQ+pool (baseline)", rate(q.score()) + error(q),
                bytes(q.bytesPerOp()), waits(q), queueNew.map(n -> ratio(q.score() / n.score())).orElse("n/a"), "1×"));
        }
        line();
    }

    private void latencySection() {
        line("## Latency: publish → estimate written, at fixed offered loads (`PipelineLatencyHarness`)");
        line();
        if (latency == null) {
            line("Not run.");
            line();
            return;
        }
        final Object settings = Json.get(latency, "settings");
        line("Each packet is due at a fixed time (`t0 + k / rate`); its latency runs from that intended time, not "
            + "from when the publisher got to it, so stalls are charged to every packet they delay (coordinated "
            + "omission accounted for). The end is the moment the estimate stage has finished the packet (estimator "
            + "updated, estimate written into the slot), timed on that stage's thread. Per subject and rate: a fresh "
            + "pipeline, the correctness check, " + count(Json.number(Json.get(settings, "jitWarmupPackets")))
            + " packets of JIT warm-up, " + count(Json.number(Json.get(settings, "warmupMs"))) + " ms paced warm-up, "
            + count(Json.number(Json.get(settings, "measureMs"))) + " ms measured. µs; the last column compares p99 "
            + "with ABQ+pool's at the same rate.");
        line();
        line("| offered | subject | achieved | p50 | p90 | p99 | p99.9 | max | waits | p99 vs ABQ+pool |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        final List<Object> results = Json.list(Json.get(latency, "results"));
        final Set<Double> rates = new LinkedHashSet<>();
        results.forEach(r -> rates.add(Json.number(Json.get(r, "offeredPerSecond"))));
        for (final double rate : rates) {
            final Optional<Object> baseline = latencyResult(LATENCY_BASELINE_SUBJECT, (long) rate);
            for (final Object r : results) {
                if (Json.number(Json.get(r, "offeredPerSecond")) != rate) {
                    continue;
                }
                final double p99 = Json.number(Json.get(r, "p99Ns"));
                row(rate(rate), Json.string(Json.get(r, "label"), "?"),
                    rate(Json.number(Json.get(r, "achievedPerSecond"))) + keptUpNote(r),
                    us(Json.number(Json.get(r, "p50Ns"))), us(Json.number(Json.get(r, "p90Ns"))), us(p99),
                    us(Json.number(Json.get(r, "p999Ns"))), us(Json.number(Json.get(r, "maxNs"))),
                    count(Json.number(Json.get(r, "ringFullWaits"))),
                    Boolean.TRUE.equals(Json.get(r, "baseline")) ? "" : baseline.map(b -> {
                        final double ratio = Json.number(Json.get(b, "p99Ns")) / p99;
                        return ratio >= 1 ? ratio(ratio) + " lower" : ratio(1 / ratio) + " higher";
                    }).orElse("n/a"));
            }
        }
        line();
        line("\"not kept up\": the publisher fell behind the schedule (achieved below "
            + "95 % of offered), so the backlog, and with it the latency, grows with the length of the run.");
        line();
    }

    private void relaySection() {
        line("## What this means for a relay");
        line();
        final Optional<JmhResult> estimator = find(ESTIMATOR, "estimatorWithRemb", "delayFilter", "KALMAN");
        estimator.ifPresent(r -> {
            final double packetsPerCore = 1e9 / r.score();
            line("- **Estimation per core.** At " + ns(r.score()) + " per packet (KALMAN, REMB work included), one "
                + "core estimates " + rate(packetsPerCore) + " packets/s: about " + count(packetsPerCore
                / VIDEO_STREAM_PACKETS_PER_SECOND) + " 2.5 Mbps video streams (~260 packets/s each), or "
                + count(packetsPerCore / SESSION_PACKETS_PER_SECOND) + " sessions of the benchmark's mix (2 video + "
                + "2 audio streams, 640 packets/s), if it did nothing else.");
        });
        pipeline(DEFAULT_THREADING, DEFAULT_WAIT_STRATEGY, "OFF").ifPresent(r -> line("- **One pipeline on this "
            + "machine.** bwe's default pipeline (" + DEFAULT_THREADING + ", " + DEFAULT_WAIT_STRATEGY + ") moved "
            + rate(r.score()) + " packets/s from the publishing thread through all three stages: about "
            + count(r.score() / VIDEO_STREAM_PACKETS_PER_SECOND) + " video streams, with the publisher and the "
            + "stages sharing " + machine.cores + " cores and no relay work beside them. `ShardedPipeline` runs "
            + "independent pipelines on more cores."));
        latencyResult(DEFAULT_LATENCY_SUBJECT, LATENCY_TARGET_RATE).ifPresent(r -> {
            final double p99 = Json.number(Json.get(r, "p99Ns"));
            line("- **Freshness.** At 100 k packets/s (about " + count(LATENCY_TARGET_RATE
                / VIDEO_STREAM_PACKETS_PER_SECOND) + " video streams) 99 % of packets had their estimate written "
                + "within " + us(p99) + " µs of being due. The estimator groups packets in 5 ms bursts and REMBs go out at most "
                + "every 200 ms (at once on a drop), so that lag is " + percent(p99 / 5e6) + " of one group.");
        });
        line();
    }

    private void settingsSection() {
        line("## Run settings");
        line();
        line("| benchmark | forks | warm-up | measured |");
        line("|---|---|---|---|");
        final Map<String, JmhResult> firstByClass = new LinkedHashMap<>();
        jmh.forEach(r -> firstByClass.putIfAbsent(r.className(), r));
        firstByClass.values().forEach(r -> row(r.className(), Integer.toString(r.forks()),
            r.warmupIterations() + " × " + r.warmupTime(), r.measurementIterations() + " × " + r.measurementTime()));
        if (latency != null) {
            final Object settings = Json.get(latency, "settings");
            row("PipelineLatencyHarness", "1 JVM per subject",
                count(Json.number(Json.get(settings, "jitWarmupPackets"))) + " packets unpaced, then "
                    + count(Json.number(Json.get(settings, "warmupMs"))) + " ms paced, per rate",
                count(Json.number(Json.get(settings, "measureMs"))) + " ms per rate");
        }
        line();
        line("JMH's error is the half-width of its 99.9 % confidence interval over all measured iterations of all "
            + "forks; none is shown when there was a single measured iteration.");
    }

    // ---------------------------------------------------------------- lookups

    private List<JmhResult> results(final String className, final String method) {
        return jmh.stream().filter(r -> r.className().equals(className) && r.method().equals(method))
            .collect(Collectors.toList());
    }

    /** The result of a method with the given parameter values ({@code name, value, name, value, ...}). */
    private Optional<JmhResult> find(final String className, final String method, final String... params) {
        return results(className, method).stream().filter(r -> {
            for (int i = 0; i + 1 < params.length; i += 2) {
                if (!params[i + 1].equals(r.param(params[i]))) {
                    return false;
                }
            }
            return true;
        }).findFirst();
    }

    private Optional<JmhResult> pipeline(final String threading, final String waitStrategy, final String journal) {
        return find(PIPELINE, "disruptor", "threading", threading, "waitStrategy", waitStrategy, "journal", journal);
    }

    private Optional<Object> latencyResult(final String subject, final long rate) {
        if (latency == null) {
            return Optional.empty();
        }
        return Json.list(Json.get(latency, "results")).stream()
            .filter(r -> subject.equals(Json.get(r, "subject")) && Json.number(Json.get(r, "offeredPerSecond")) == rate)
            .findFirst();
    }

    // ---------------------------------------------------------------- verdicts

    /** Met when {@code value ≤ limit}; says by how much either way. */
    static String atMost(final double value, final double limit, final String kind) {
        if (!Double.isFinite(value)) {
            return "not measured";
        }
        if (value <= limit) {
            return "**met**, " + percent((limit - value) / limit) + " under the limit";
        }
        // Far over the limit, a multiple reads better than thousands of per cent.
        final String over = value > 2 * limit ? ratio(value / limit) + " the limit"
            : percent((value - limit) / limit) + " over";
        return "**missed** by " + amount(value - limit, kind) + " (" + over + ")";
    }

    /** Met when {@code value ≥ limit}; says by how much either way. */
    static String atLeast(final double value, final double limit, final String kind) {
        if (!Double.isFinite(value)) {
            return "not measured";
        }
        if (value >= limit) {
            return "**met**, " + percent((value - limit) / limit) + " above the target";
        }
        return "**missed** by " + amount(limit - value, kind) + " (" + percent((limit - value) / limit) + " short)";
    }

    static String allocationVerdict(final double bytesPerPacket) {
        if (!Double.isFinite(bytesPerPacket)) {
            return "allocation not measured (run with -prof gc)";
        }
        return bytesPerPacket < ALLOCATION_FREE_BOUND_BYTES ? "**0 B/op: met**"
            : "**allocation: missed**, " + bytes(bytesPerPacket) + " per packet";
    }

    private static String both(final String time, final String allocation) {
        return "time " + time + "; " + allocation;
    }

    private static String amount(final double value, final String kind) {
        return switch (kind) {
            case "ns" -> ns(value);
            case "us" -> us(value) + " µs";
            case "rate" -> rate(value) + " packets/s";
            case "ratio" -> String.format(Locale.ROOT, "%.1f×", value);
            default -> String.format(Locale.ROOT, "%.2f", value);
        };
    }

    private static String keptUpNote(final Object latencyResult) {
        return Boolean.FALSE.equals(Json.get(latencyResult, "keptUp")) ? " (not kept up)" : "";
    }

    private static String waits(final JmhResult r) {
        final double waits = r.secondary().getOrDefault("ringFullWaits", Double.NaN);
        final double packets = r.secondary().getOrDefault("packetsPublished", Double.NaN);
        return Double.isFinite(waits) && packets > 0 ? String.format(Locale.ROOT, "%.2f", 1000 * waits / packets)
            : "n/a";
    }

    private static String baselineName(final String method) {
        return method.equals("baselineQueueNewEvent") ? "ABQ+new" : "ABQ+pool";
    }

    // ---------------------------------------------------------------- formatting

    static String ns(final double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.1f ns", value) : "n/a";
    }

    static String bytes(final double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%.2f B", value) : "n/a";
    }

    /** Packets per second with 3 significant digits: 6.12 M, 850 k, 9.98 k, 950. */
    static String rate(final double perSecond) {
        if (!Double.isFinite(perSecond)) {
            return "n/a";
        }
        if (perSecond >= 999_500) {
            return String.format(Locale.ROOT, "%.2f M", perSecond / 1e6);
        }
        if (perSecond >= 99_950) {
            return String.format(Locale.ROOT, "%.0f k", perSecond / 1e3);
        }
        if (perSecond >= 9_995) {
            return String.format(Locale.ROOT, "%.1f k", perSecond / 1e3);
        }
        if (perSecond >= 1_000) {
            return String.format(Locale.ROOT, "%.2f k", perSecond / 1e3);
        }
        return String.format(Locale.ROOT, "%.0f", perSecond);
    }

    /** Nanoseconds as microseconds with 3 significant digits or so. */
    static String us(final double nanos) {
        if (!Double.isFinite(nanos)) {
            return "n/a";
        }
        final double micros = nanos / 1e3;
        if (micros < 10) {
            return String.format(Locale.ROOT, "%.2f", micros);
        }
        if (micros < 1000) {
            return String.format(Locale.ROOT, "%.1f", micros);
        }
        return String.format(Locale.ROOT, "%,.0f", micros);
    }

    static String ratio(final double value) {
        if (!Double.isFinite(value)) {
            return "n/a";
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f×" : "%.0f×", value);
    }

    static String percent(final double share) {
        return String.format(Locale.ROOT, share < 0.1 ? "%.1f %%" : "%.0f %%", 100 * share);
    }

    /** An integer as a command line wants it: 100000. */
    static String plain(final double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    static String count(final double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String error(final JmhResult r) {
        if (!Double.isFinite(r.error())) {
            return "";
        }
        return r.unit().equals("ops/s") ? " ± " + rate(r.error()) : String.format(Locale.ROOT, " ± %.1f", r.error());
    }

    /** JMH's "1 s" / "200 ms" as its command line wants them: "1s", "200ms". */
    static String cliTime(final String jsonTime) {
        return jsonTime.replace(" ", "");
    }

    private static String duration(final long seconds) {
        return seconds <= 0 ? "duration unknown"
            : String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
    }

    private static String loadText(final String before, final String load, final String after) {
        return load == null || load.isBlank() || load.equals("?") ? "" : before + load + after;
    }

    private static double loadOf(final String loadAverages) {
        try {
            return Double.parseDouble(loadAverages.trim().split("\\s+")[0]);
        } catch (final RuntimeException e) {
            return 0;
        }
    }

    private void row(final String... cells) {
        line("| " + String.join(" | ", cells) + " |");
    }

    private void line(final String text) {
        out.append(text).append('\n');
    }

    private void line() {
        out.append('\n');
    }

    // ---------------------------------------------------------------- inputs

    /** The machine the report is generated on, which is the one the benchmarks ran on. */
    record Machine(String cpuModel, int cores, String memory, String os) {
        static Machine describe(final String nproc) {
            final String cpu = firstValue(Paths.get("/proc/cpuinfo"), "model name", ":")
                .orElse(System.getProperty("os.arch"));
            final String memory = firstValue(Paths.get("/proc/meminfo"), "MemTotal", ":")
                .map(BenchmarksReport::memory).orElse("?");
            final String distribution = firstValue(Paths.get("/etc/os-release"), "PRETTY_NAME", "=")
                .map(value -> value.replace("\"", "")).orElse(System.getProperty("os.name"));
            final String os = distribution + ", kernel " + System.getProperty("os.version") + ", "
                + System.getProperty("os.arch");
            return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory, os);
        }

        private static Optional<String> firstValue(final Path file, final String key, final String separator) {
            try {
                for (final String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    final int at = line.indexOf(separator);
                    if (at > 0 && line.substring(0, at).trim().equals(key)) {
                        return Optional.of(line.substring(at + separator.length()).trim());
                    }
                }
            } catch (final IOException | RuntimeException e) {
                return Optional.empty();
            }
            return Optional.empty();
        }
    }

    /** "24685064 kB" → "23.5 GiB". */
    static String memory(final String memTotal) {
        try {
            final long kib = Long.parseLong(memTotal.replace("kB", "").trim());
            return String.format(Locale.ROOT, "%.1f GiB", kib / (1024.0 * 1024.0));
        } catch (final NumberFormatException e) {
            return memTotal;
        }
    }

    /** Command-line options. */
    static final class Options {
        final List<Path> jmhFiles = new ArrayList<>();
        Path latencyFile;
        Path out = Paths.get("BENCHMARKS.md");
        boolean quick;
        String command = "./jmh/run-benchmarks.sh";
        String git = "?";
        String started = "?";
        long durationSeconds;
        String loadStart = "?";
        String loadEnd = "?";
        String nproc = "?";

        static Options parse(final String[] args) {
            final Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                final String arg = args[i];
                switch (arg) {
                    case "--jmh" -> options.jmhFiles.add(Paths.get(value(args, ++i, arg)));
                    case "--latency" -> options.latencyFile = Paths.get(value(args, ++i, arg));
                    case "--out" -> options.out = Paths.get(value(args, ++i, arg));
                    case "--quick" -> options.quick = true;
                    case "--command" -> options.command = value(args, ++i, arg);
                    case "--git" -> options.git = value(args, ++i, arg);
                    case "--started" -> options.started = value(args, ++i, arg);
                    case "--duration-s" -> options.durationSeconds = Long.parseLong(value(args, ++i, arg));
                    case "--load-start" -> options.loadStart = value(args, ++i, arg);
                    case "--load-end" -> options.loadEnd = value(args, ++i, arg);
                    case "--nproc" -> options.nproc = value(args, ++i, arg);
                    default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --jmh FILE "
                        + "(repeatable) --latency FILE --out FILE --quick --command TEXT --git REV --started TEXT "
                        + "--duration-s N --load-start TEXT --load-end TEXT --nproc N");
                }
            }
            if (options.jmhFiles.isEmpty() && options.latencyFile == null) {
                throw new IllegalArgumentException("no results given: --jmh FILE and/or --latency FILE");
            }
            return options;
        }

        private static String value(final String[] args, final int i, final String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }
    }
}
