package dev.bwe.jmh;

import com.sun.management.OperatingSystemMXBean;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.ThreadingMode;
import dev.bwe.pipeline.WaitStrategyKind;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What an idle pipeline costs: a pipeline with N sessions open (default 100) and no packets for a
 * while (default 10 s), measured as this process's CPU time over that time, in % of one core, for
 * each threading mode and wait strategy asked for. The JVM's own background work (JIT, GC threads)
 * is included, so a figure near 0 % is the floor of the method.
 *
 * <pre>
 *   java -cp jmh/target/benchmarks.jar dev.bwe.jmh.IdleCpuBenchmark [--sessions 100] [--seconds 10]
 *       [--subjects DEDICATED/BACKOFF,DEDICATED/SLEEPING,COMPACT/BACKOFF,...]
 * </pre>
 */
public final class IdleCpuBenchmark {
    private IdleCpuBenchmark() {
    }

    /** One measured subject: its % of one core while idle. */
    record Row(ThreadingMode mode, WaitStrategyKind waitStrategy, double percentOfCore) {
    }

    public static void main(final String[] args) {
        int sessions = 100;
        long seconds = 10;
        String subjects = "DEDICATED/BACKOFF,COMPACT/BACKOFF,DEDICATED/SLEEPING,DEDICATED/BLOCKING";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sessions" -> sessions = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--subjects" -> subjects = args[++i];
                default -> {
                    System.err.println("IdleCpuBenchmark: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        final List<Row> rows = new ArrayList<>();
        for (final String subject : subjects.split(",")) {
            final String[] parts = subject.split("/");
            rows.add(measure(ThreadingMode.valueOf(parts[0]), WaitStrategyKind.valueOf(parts[1]), sessions,
                seconds * 1_000_000_000L));
        }
        System.out.println("| threading | wait strategy | sessions open, no packets | process CPU, % of one core |");
        System.out.println("|---|---|---|---|");
        for (final Row row : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %.1f %% |%n", row.mode(), row.waitStrategy(), sessions,
                row.percentOfCore());
        }
    }

    static Row measure(final ThreadingMode mode, final WaitStrategyKind wait, final int sessions,
                       final long durationNs) {
        final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (BwePipeline pipeline = BwePipeline.builder().threadingMode(mode).waitStrategy(wait).build()) {
            for (int s = 1; s <= sessions; s++) {
                pipeline.openSession(s, ScalingBenchmark.IDS);
            }
            // Let the open requests' aftermath (JIT of the paths just run) settle before measuring.
            LockSupport.parkNanos(1_000_000_000L);
            final long cpu0 = os.getProcessCpuTime();
            final long wall0 = System.nanoTime();
            final long endNs = wall0 + durationNs;
            while (System.nanoTime() - endNs < 0) {
                LockSupport.parkNanos(endNs - System.nanoTime());
            }
            final double percent = 100.0 * (os.getProcessCpuTime() - cpu0) / (System.nanoTime() - wall0);
            System.err.printf(Locale.ROOT, "%s/%s: %.1f %% of one core idle%n", mode, wait, percent);
            return new Row(mode, wait, percent);
        }
    }
}
