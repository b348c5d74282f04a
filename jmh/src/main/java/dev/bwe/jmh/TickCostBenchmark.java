package dev.bwe.jmh;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.stage.EstimateStage;
import dev.bwe.pipeline.stage.LatestEstimates;
import dev.bwe.pipeline.stage.TimerStage;
import dev.bwe.pipeline.stat.CountersFile;
import dev.bwe.pipeline.stat.PipelineCounters;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a tick costs the estimate and timer stages (their tick work, on one thread, as in replay) with
 * a few active sessions among many open ones: 8 active sessions of 4 SSRCs (1,000 packets/s each),
 * alone or among thousands of sessions that are open but silent. With deadline queues a tick visits
 * only the sessions with something due, so the figure must not grow with the silent sessions.
 *
 * <pre>
 *   java -cp jmh/target/benchmarks.jar dev.bwe.jmh.TickCostBenchmark [--idle 0,10000,50000] [--seconds 60]
 * </pre>
 */
public final class TickCostBenchmark {
    private static final int ACTIVE = 8;
    private static final long TICK_US = 5_000;

    private TickCostBenchmark() {
    }

    public static void main(final String[] args) {
        String idle = "0,10000,50000";
        long seconds = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--idle" -> idle = args[++i];
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                default -> {
                    System.err.println("TickCostBenchmark: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        System.out.println("| open sessions (8 active) | simulated s | tick work, ns: median | p90 | mean |");
        System.out.println("|---|---|---|---|---|");
        // Every configuration once to warm up the JIT on all of them, then each measured.
        for (final String n : idle.split(",")) {
            measure(Integer.parseInt(n), Math.min(seconds, 10));
        }
        for (final String n : idle.split(",")) {
            final int idleSessions = Integer.parseInt(n);
            final long[] ns = measure(idleSessions, seconds);
            Arrays.sort(ns);
            final double mean = Arrays.stream(ns).average().orElse(Double.NaN);
            System.out.printf(Locale.ROOT, "| %,d | %d | %d | %d | %.0f |%n", idleSessions + ACTIVE, seconds,
                ns[ns.length / 2], ns[(int) (ns.length * 0.9)], mean);
        }
    }

    /** The ns the two stages spent on each tick over {@code seconds} of simulated time. */
    static long[] measure(final int idleSessions, final long seconds) {
        final PipelineCounters counters = new PipelineCounters(CountersFile.inMemory(64), 0);
        final EstimateStage estimate = new EstimateStage(counters, new LatestEstimates(ACTIVE + idleSessions));
        final TimerStage timer = new TimerStage(counters, RembSink.NONE, 1, 1_000_000, TimerStage.RingGauge.NONE);
        final PipelineEvent event = new PipelineEvent(64);
        final SessionSettings settings = new SessionSettings(ScalingBenchmark.IDS,
            EstimatorConfig.builder().startBitrateBps(1_000_000).build());
        for (int s = 1; s <= ACTIVE + idleSessions; s++) {
            event.setEvent(EventType.OPEN_SESSION, s, 0, settings);
            estimate.onEvent(event);
            timer.onEvent(event);
        }
        final long[] tickNs = new long[(int) (seconds * 1_000_000L / TICK_US)];
        int ticks = 0;
        final long endUs = seconds * 1_000_000L;
        int seq = 0;
        for (long nowUs = 1_000; nowUs < endUs; nowUs += 1_000) {
            for (int s = 1; s <= ACTIVE; s++) {
                event.setEvent(EventType.PACKET, s, nowUs * 1000, null);
                event.ssrc = s * 4 + (seq & 3);
                event.hasAbsSendTime = true;
                event.absSendTime24 = AbsSendTime.fromMicros(nowUs);
                event.payloadSizeBytes = 1000;
                estimate.onEvent(event);
                timer.onEvent(event);
            }
            seq++;
            if (nowUs % TICK_US == 0) {
                event.setEvent(EventType.TICK, 0, nowUs * 1000, null);
                final long t0 = System.nanoTime();
                estimate.onEvent(event);
                timer.onEvent(event);
                tickNs[ticks++] = System.nanoTime() - t0;
            }
        }
        estimate.onShutdown();
        timer.onShutdown();
        return Arrays.copyOf(tickNs, ticks);
    }
}
