package dev.bwe.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The platform's own latency, jHiccup's method: threads that do nothing but sleep a short interval and
 * read the clock, recording how much later than asked each wake-up came. Run with as many threads as
 * the pipeline under test has, on the same machine in the same sitting, it says how much of a
 * pipeline's tail is the machine's (scheduler, other processes, GC) rather than the pipeline's.
 */
final class PlatformHiccups {
    /** jHiccup's default resolution. */
    static final long RESOLUTION_NS = TimeUnit.MILLISECONDS.toNanos(1);

    /** p99 and p99.9 of the hiccups, ns. */
    record Result(int threads, long p99Ns, long p999Ns, long maxNs) {
    }

    private PlatformHiccups() {
    }

    /** Runs {@code threads} hiccup threads for {@code durationNs} and merges what they recorded. */
    static Result measure(final int threads, final long durationNs) throws InterruptedException {
        final List<Histogram> histograms = new ArrayList<>();
        final List<Thread> running = new ArrayList<>();
        final long endNs = System.nanoTime() + durationNs;
        for (int i = 0; i < threads; i++) {
            final Histogram histogram = new Histogram(PipelineLatencyHarness.HIGHEST_TRACKABLE_NS, 3);
            histograms.add(histogram);
            final Thread thread = new Thread(() -> record(histogram, endNs), "platform-hiccups-" + i);
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        }
        final Histogram merged = new Histogram(PipelineLatencyHarness.HIGHEST_TRACKABLE_NS, 3);
        for (int i = 0; i < threads; i++) {
            running.get(i).join();
            merged.add(histograms.get(i));
        }
        return new Result(threads, merged.getValueAtPercentile(99), merged.getValueAtPercentile(99.9),
            merged.getMaxValue());
    }

    private static void record(final Histogram histogram, final long endNs) {
        long beforeNs = System.nanoTime();
        while (beforeNs - endNs < 0) {
            LockSupport.parkNanos(RESOLUTION_NS);
            final long afterNs = System.nanoTime();
            final long hiccupNs = Math.max(0, afterNs - beforeNs - RESOLUTION_NS);
            histogram.recordValue(Math.min(hiccupNs, PipelineLatencyHarness.HIGHEST_TRACKABLE_NS));
            beforeNs = afterNs;
        }
    }
}
