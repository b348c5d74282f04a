package dev.bwe.jmh;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import dev.bwe.jmh.report.Json;
import dev.bwe.pipeline.ThreadingMode;
import dev.bwe.pipeline.WaitStrategyKind;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.status.CountersManager;

/**
 * Latency from the moment a packet is due to the moment the estimate stage has written its estimate,
 * at fixed offered loads (10 k, 100 k and 1 M packets/s by default), through bwe's pipeline and through
 * the {@code ArrayBlockingQueue} baselines, with coordinated omission accounted for. A plain program,
 * not a JMH benchmark: JMH measures how fast calls return, not how long packets wait at a fixed rate.
 *
 * <pre>
 *   schedule: packet k is due at t0 + k / rate ───────────────────────────────────────┐ intended time
 *   publisher thread: waits (Thread.yield) until due, publishes (waits while full)      │
 *     ▼                                                                               │
 *   [ring | ABQ] ─▶ parse ─▶ estimate: estimator updated, estimate written in the slot ─┤ estimatedNs[k]
 *                                        └─ counter increment, timed (EstimateTimestamps)
 *                                                  ─▶ timer                           │
 *   latency(k) = estimatedNs[k] − intended(k), into an HdrHistogram after the run ◀─────┘
 * </pre>
 *
 * <p><b>Coordinated omission.</b> Latency is measured from each packet's intended time on the fixed
 * schedule, not from when the publisher got round to it: when the pipeline (or the machine) stalls,
 * the publisher falls behind and every packet that should have gone out meanwhile is charged the
 * whole delay, as the relay's packets would be. Waiting for room in a full ring or queue is charged
 * the same way (and counted: {@code ringFullWaits}); nothing is dropped, so every packet is measured.
 *
 * <p><b>The hop measured</b>: from the packet's intended publish time to the moment the estimate stage
 * has finished it (estimator updated, estimate written into the slot), timed on the estimate stage's
 * thread; see {@link EstimateTimestamps} for how, and why not with an extra stage or the REMB sink.
 * The timer stage runs after that and is not in the figure.
 *
 * <p><b>Procedure per subject and rate</b>, on a fresh pipeline: open the 8 sessions of the
 * {@link MultiSessionLap}; {@link ExpectedOutcome#check} (65,536 packets, unpaced: the counts must
 * equal the single-threaded replay); {@code jitWarmupPackets} more unpaced (so C2 has compiled the
 * stages); then paced, {@code warmupMs} not recorded and {@code measureMs} recorded. Packets carry the
 * lap's arrival times (the trace's receive clock, consistent with their abs-send-time), not the wall
 * clock; the wall clock only paces and times. After the run, every packet must have been accepted,
 * none dropped, and every measured packet timed, in order.
 *
 * <p>Each subject runs in a fresh JVM (as JMH forks), with the flags of {@link JvmArgs}, unless
 * {@code --in-process}. On a 2-core machine the publisher shares the cores with the stages: it lends
 * its core while it waits (yield), but a stage thread descheduled by it or by the other stages shows
 * up in the figures, as it would in a relay on such a machine.
 *
 * <pre>
 *   java -cp jmh/target/benchmarks.jar dev.bwe.jmh.PipelineLatencyHarness [--quick] [--rates 10000,100000]
 *       [--warmup-ms 2000] [--measure-ms 5000] [--jit-warmup-packets 262144] [--subjects A,B] [--out FILE]
 *       [--in-process]
 * </pre>
 */
public final class PipelineLatencyHarness {
    static final long[] DEFAULT_RATES_PER_SECOND = {10_000, 100_000, 1_000_000};
    /** Latencies above this are recorded as this (a minute: far beyond any sane result). */
    static final long HIGHEST_TRACKABLE_NS = TimeUnit.MINUTES.toNanos(1);
    /** The first packet is due this long after the schedule is set up. */
    static final long START_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** A load counts as kept up with when the achieved rate is at least this share of the offered one. */
    static final double KEPT_UP_SHARE = 0.95;
    /** Matches the repository's ignore pattern for JMH results (jmh-result*.json). */
    static final String DEFAULT_OUT = "jmh-result-latency.json";

    private PipelineLatencyHarness() {
    }

    /** What is measured: a hand-off of the stages and its settings. */
    public enum Subject {
        DISRUPTOR_DEDICATED_SLEEPING(ThreadingMode.DEDICATED, WaitStrategyKind.SLEEPING, null),
        /** bwe's default since the idle-cost work: spin, yield, then park until woken. */
        DISRUPTOR_DEDICATED_BACKOFF(ThreadingMode.DEDICATED, WaitStrategyKind.BACKOFF, null),
        DISRUPTOR_DEDICATED_YIELDING(ThreadingMode.DEDICATED, WaitStrategyKind.YIELDING, null),
        DISRUPTOR_COMPACT_SLEEPING(ThreadingMode.COMPACT, WaitStrategyKind.SLEEPING, null),
        QUEUE_POOLED_DEDICATED(ThreadingMode.DEDICATED, null, QueueHandoff.Events.POOLED),
        QUEUE_NEW_DEDICATED(ThreadingMode.DEDICATED, null, QueueHandoff.Events.NEW_PER_PACKET);

        private final ThreadingMode threading;
        private final WaitStrategyKind waitStrategy;
        private final QueueHandoff.Events queueEvents;

        Subject(final ThreadingMode threading, final WaitStrategyKind waitStrategy,
                final QueueHandoff.Events queueEvents) {
            this.threading = threading;
            this.waitStrategy = waitStrategy;
            this.queueEvents = queueEvents;
        }

        /** True for the {@code ArrayBlockingQueue} baselines. */
        public boolean isBaseline() {
            return queueEvents != null;
        }

        public String label() {
            if (queueEvents == null) {
                return "Disruptor " + threading + " " + waitStrategy;
            }
            return "ABQ + " + (queueEvents == QueueHandoff.Events.POOLED ? "pool" : "new") + " " + threading;
        }

        Handoff create(final CountersManager counters) {
            return queueEvents == null
                ? new DisruptorHandoff(threading, waitStrategy, Journal.OFF, counters)
                : new QueueHandoff(threading, queueEvents, counters);
        }
    }

    /** How long and how fast each subject runs. */
    public record Settings(long[] ratesPerSecond, long warmupMs, long measureMs, int jitWarmupPackets) {
        /** The BENCHMARKS.md run: 2 s paced warm-up and 5 s measured per rate. */
        public static Settings full() {
            return new Settings(DEFAULT_RATES_PER_SECOND, 2_000, 5_000, 1 << 18);
        }

        /** A smoke run: proves the harness works; the figures mean little. */
        public static Settings quick() {
            return new Settings(DEFAULT_RATES_PER_SECOND, 200, 500, 1 << 16);
        }

        Map<String, Object> toMap() {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("ratesPerSecond", Arrays.stream(ratesPerSecond).boxed().collect(Collectors.toList()));
            map.put("warmupMs", warmupMs);
            map.put("measureMs", measureMs);
            map.put("jitWarmupPackets", jitWarmupPackets);
            return map;
        }
    }

    /** One subject at one offered load. Latencies in ns. */
    public record LoadResult(Subject subject, long offeredPerSecond, double achievedPerSecond, long packets,
                             long ringFullWaits, double meanNs, long p50Ns, long p90Ns, long p99Ns, long p999Ns,
                             long maxNs, PlatformHiccups.Result platform) {
        /** Whether the publisher kept to the schedule: otherwise the latencies grow with the run's length. */
        public boolean keptUp() {
            return achievedPerSecond >= KEPT_UP_SHARE * offeredPerSecond;
        }

        Map<String, Object> toMap() {
            final Map<String, Object> map = new LinkedHashMap<>();
            map.put("subject", subject.name());
            map.put("label", subject.label());
            map.put("baseline", subject.isBaseline());
            map.put("offeredPerSecond", offeredPerSecond);
            map.put("achievedPerSecond", achievedPerSecond);
            map.put("keptUp", keptUp());
            map.put("packets", packets);
            map.put("ringFullWaits", ringFullWaits);
            map.put("meanNs", meanNs);
            map.put("p50Ns", p50Ns);
            map.put("p90Ns", p90Ns);
            map.put("p99Ns", p99Ns);
            map.put("p999Ns", p999Ns);
            map.put("maxNs", maxNs);
            map.put("platformThreads", platform.threads());
            map.put("platformP99Ns", platform.p99Ns());
            map.put("platformP999Ns", platform.p999Ns());
            return map;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-30s %,10d/s offered %,12.0f/s achieved: p50 %9.1f µs  p90 %9.1f µs  "
                    + "p99 %9.1f µs  p99.9 %9.1f µs  max %10.1f µs  (%,d packets, %,d waited for room); platform "
                + "(%d threads sleeping 1 ms, jHiccup): p99 %.1f µs  p99.9 %.1f µs",
                subject.label(), offeredPerSecond, achievedPerSecond, p50Ns / 1e3, p90Ns / 1e3, p99Ns / 1e3,
                p999Ns / 1e3, maxNs / 1e3, packets, ringFullWaits, platform.threads(), platform.p99Ns() / 1e3,
                platform.p999Ns() / 1e3);
        }
    }

    /** Runs one subject at one rate on a fresh pipeline; see the class comment for the procedure. */
    public static LoadResult measure(final Subject subject, final long ratePerSecond, final Settings settings) {
        final long warmupPackets = ratePerSecond * settings.warmupMs() / 1_000;
        final long measuredPackets = ratePerSecond * settings.measureMs() / 1_000;
        if (measuredPackets < 1 || measuredPackets > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cannot measure " + measuredPackets + " packets");
        }
        final long unpacedPackets = ExpectedOutcome.CHECK_PACKETS + (long) settings.jitWarmupPackets();
        final long[] estimatedNs = new long[(int) measuredPackets];
        final EstimateTimestamps counters = new EstimateTimestamps(estimatedNs, unpacedPackets + warmupPackets);
        try (Handoff handoff = subject.create(counters)) {
            if (counters.timestampingCounters() != 1) {
                throw new IllegalStateException("the pipeline allocated " + counters.timestampingCounters()
                    + " counters labelled '..." + EstimateTimestamps.ACCEPTED_LABEL_SUFFIX + "'; expected exactly 1");
            }
            final LapReplay replay = new LapReplay(MultiSessionLap.standard());
            replay.openSessions(handoff);
            ExpectedOutcome.check(handoff, replay, subject.label());
            replay.publish(handoff, settings.jitWarmupPackets());
            awaitDrained(handoff, subject);

            final long pacedPackets = warmupPackets + measuredPackets;
            final long startNs = System.nanoTime() + START_DELAY_NS;
            long ringFullWaits = 0;
            for (long k = 0; k < pacedPackets; k++) {
                final long dueNs = intendedNs(startNs, k, ratePerSecond);
                while (System.nanoTime() - dueNs < 0) {
                    // Lend the core to the stages: on 2 cores they may need it. Lateness is charged anyway.
                    Thread.yield();
                }
                if (replay.publishNext(handoff) && k >= warmupPackets) {
                    ringFullWaits++;
                }
            }
            final long lastPublishedNs = System.nanoTime();
            awaitDrained(handoff, subject);

            final ExpectedOutcome.Counts counts = ExpectedOutcome.Counts.of(handoff.counters());
            final long published = unpacedPackets + pacedPackets;
            if (counts.published() != published || counts.accepted() != published || counts.dropped() != 0
                || counts.rejected() != 0 || counts.stageErrors() != 0) {
                throw new IllegalStateException(subject.label() + ": " + published + " packets published, counters "
                    + counts);
            }
            final Histogram histogram = new Histogram(HIGHEST_TRACKABLE_NS, 3);
            long previousNs = Long.MIN_VALUE;
            long exactMaxNs = 0;
            for (int j = 0; j < estimatedNs.length; j++) {
                final long doneNs = estimatedNs[j];
                if (doneNs == 0 || doneNs < previousNs) {
                    throw new IllegalStateException(subject.label() + ": measured packet " + j + " was "
                        + (doneNs == 0 ? "never timed by the estimate stage" : "timed before the one ahead of it"));
                }
                previousNs = doneNs;
                final long latencyNs = doneNs - intendedNs(startNs, warmupPackets + j, ratePerSecond);
                if (latencyNs < 0) {
                    throw new IllegalStateException(subject.label() + ": packet " + j + " estimated before it was due");
                }
                exactMaxNs = Math.max(exactMaxNs, latencyNs);
                histogram.recordValue(Math.min(latencyNs, HIGHEST_TRACKABLE_NS));
            }
            final long measuredSpanNs = lastPublishedNs - intendedNs(startNs, warmupPackets, ratePerSecond);
            // The platform's own tail in the same JVM and sitting, with as many threads as the pipeline has
            // (its stages and agent) plus the publisher, the pipeline idle meanwhile.
            final PlatformHiccups.Result platform = platformHiccups(
                (subject.threading == ThreadingMode.COMPACT ? 2 : 4) + 1, settings.measureMs());
            return new LoadResult(subject, ratePerSecond, measuredPackets * 1e9 / Math.max(1, measuredSpanNs),
                measuredPackets, ringFullWaits, histogram.getMean(), histogram.getValueAtPercentile(50),
                histogram.getValueAtPercentile(90), histogram.getValueAtPercentile(99),
                histogram.getValueAtPercentile(99.9), exactMaxNs, platform);
        }
    }

    /** Threads: DEDICATED runs parse, estimate, timer and the tick agent; COMPACT one stage thread and the agent. */
    private static PlatformHiccups.Result platformHiccups(final int threads, final long durationMs) {
        try {
            return PlatformHiccups.measure(threads, TimeUnit.MILLISECONDS.toNanos(durationMs));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while measuring the platform", e);
        }
    }

    /** When packet {@code k} of the schedule is due: exact for any rate, no accumulated rounding. */
    static long intendedNs(final long startNs, final long k, final long ratePerSecond) {
        return startNs + k * 1_000_000_000L / ratePerSecond;
    }

    private static void awaitDrained(final Handoff handoff, final Subject subject) {
        if (!handoff.awaitDrained(ExpectedOutcome.DRAIN_TIMEOUT)) {
            throw new IllegalStateException(subject.label() + " did not drain within " + ExpectedOutcome.DRAIN_TIMEOUT);
        }
    }

    public static void main(final String[] args) throws IOException, InterruptedException {
        try {
            run(args);
        } catch (final IllegalArgumentException e) {
            System.err.println("PipelineLatencyHarness: " + e.getMessage());
            System.exit(2);
        }
    }

    /** Runs what {@code args} ask for and writes the results file; returns the results. */
    public static List<Map<String, Object>> run(final String[] args) throws IOException, InterruptedException {
        final Options options = Options.parse(args);
        final List<Map<String, Object>> results = new ArrayList<>();
        for (final Subject subject : options.subjects) {
            if (options.inProcess) {
                for (final long rate : options.settings.ratesPerSecond()) {
                    final LoadResult result = measure(subject, rate, options.settings);
                    System.out.println(result);
                    results.add(result.toMap());
                }
            } else {
                results.addAll(runForked(subject, options));
            }
        }
        final Map<String, Object> document = new LinkedHashMap<>();
        document.put("harness", PipelineLatencyHarness.class.getName());
        document.put("hop", "intended publish time -> estimate written (timed on the estimate stage's thread)");
        document.put("jdk", System.getProperty("java.version"));
        document.put("vm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        document.put("settings", options.settings.toMap());
        document.put("results", results);
        final Path parent = options.out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(options.out, Json.write(document), StandardCharsets.UTF_8);
        return results;
    }

    /** Runs one subject in a fresh JVM, as JMH runs each benchmark in a fork, and reads its results back. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> runForked(final Subject subject, final Options options)
        throws IOException, InterruptedException {
        final Path out = Files.createTempFile("bwe-latency-" + subject.name() + "-", ".json");
        try {
            final List<String> command = new ArrayList<>();
            command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(forkJvmArgs());
            command.add("-cp");
            command.add(System.getProperty("java.class.path"));
            command.add(PipelineLatencyHarness.class.getName());
            command.addAll(List.of("--in-process", "--subjects", subject.name(),
                "--rates", Arrays.stream(options.settings.ratesPerSecond()).mapToObj(Long::toString)
                    .collect(Collectors.joining(",")),
                "--warmup-ms", Long.toString(options.settings.warmupMs()),
                "--measure-ms", Long.toString(options.settings.measureMs()),
                "--jit-warmup-packets", Integer.toString(options.settings.jitWarmupPackets()),
                "--out", out.toString()));
            final int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("the fork measuring " + subject.label() + " failed (exit " + exit
                    + ")");
            }
            final Object document = Json.parse(Files.readString(out, StandardCharsets.UTF_8));
            final List<Map<String, Object>> results = new ArrayList<>();
            for (final Object result : Json.list(Json.get(document, "results"))) {
                results.add((Map<String, Object>) result);
            }
            return results;
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** The launching JVM's flags (as JMH forks inherit them), plus {@link JvmArgs#forked()}, plus a 2 GB heap. */
    static List<String> forkJvmArgs() {
        final List<String> args = new ArrayList<>(ManagementFactory.getRuntimeMXBean().getInputArguments());
        for (final String flag : JvmArgs.forked()) {
            if (!args.contains(flag)) {
                args.add(flag);
            }
        }
        if (args.stream().noneMatch(arg -> arg.startsWith("-Xmx"))) {
            args.add("-Xmx2g");
        }
        return args;
    }

    /** Command-line options. */
    private static final class Options {
        Settings settings = Settings.full();
        List<Subject> subjects = List.of(Subject.values());
        Path out = Paths.get(DEFAULT_OUT);
        boolean inProcess;

        static Options parse(final String[] args) {
            final Options options = new Options();
            long[] rates = null;
            Long warmupMs = null;
            Long measureMs = null;
            Integer jitWarmupPackets = null;
            for (int i = 0; i < args.length; i++) {
                final String arg = args[i];
                switch (arg) {
                    case "--quick" -> options.settings = Settings.quick();
                    case "--in-process" -> options.inProcess = true;
                    case "--rates" -> rates = Arrays.stream(value(args, ++i, arg).split(","))
                        .mapToLong(rate -> positive(rate, arg)).toArray();
                    case "--warmup-ms" -> warmupMs = Long.parseLong(value(args, ++i, arg));
                    case "--measure-ms" -> measureMs = positive(value(args, ++i, arg), arg);
                    case "--jit-warmup-packets" -> jitWarmupPackets = Integer.parseInt(value(args, ++i, arg));
                    case "--subjects" -> options.subjects = Arrays.stream(value(args, ++i, arg).split(","))
                        .map(name -> subject(name)).collect(Collectors.toList());
                    case "--out" -> options.out = Paths.get(value(args, ++i, arg));
                    default -> throw new IllegalArgumentException("unknown option " + arg + "; options: --quick "
                        + "--rates R1,R2 --warmup-ms MS --measure-ms MS --jit-warmup-packets N --subjects S1,S2 "
                        + "--out FILE --in-process; subjects: " + Arrays.toString(Subject.values()));
                }
            }
            final Settings base = options.settings;
            options.settings = new Settings(rates != null ? rates : base.ratesPerSecond(),
                warmupMs != null ? warmupMs : base.warmupMs(), measureMs != null ? measureMs : base.measureMs(),
                jitWarmupPackets != null ? jitWarmupPackets : base.jitWarmupPackets());
            return options;
        }

        private static String value(final String[] args, final int i, final String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static long positive(final String text, final String option) {
            final long value = Long.parseLong(text.trim());
            if (value <= 0) {
                throw new IllegalArgumentException(option + " must be positive, was " + text);
            }
            return value;
        }

        private static Subject subject(final String name) {
            try {
                return Subject.valueOf(name.trim());
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown subject " + name + "; subjects: "
                    + Arrays.toString(Subject.values()));
            }
        }
    }
}
