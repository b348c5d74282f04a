package dev.bwe.tools.sim;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Mahimahi delivery trace turned into a {@link CapacitySchedule}.
 *
 * <p>The file has one integer per line: a millisecond at which one {@value #PACKET_BYTES}-byte packet can
 * leave the link. Lines are non-decreasing (several packets may leave in the same ms); the last line's time
 * is the trace's period, after which it repeats from its start, as {@code mm-link} does. Blank lines are
 * ignored; anything else that is not a non-negative integer, or goes backwards, is an error naming the line.
 *
 * <p>The capacity is piecewise constant, one value per bucket: the opportunities within the bucket times
 * {@value #PACKET_BYTES} × 8 bits, divided by the bucket's length, times a scale factor. A bucket without
 * opportunities (an outage) gets {@value #OUTAGE_BPS} bps, since a schedule's capacity must be positive: a
 * packet that starts on it finishes in the next bucket with capacity, and the drop-tail queue (sized in
 * time at the current capacity) refuses new packets meanwhile.
 */
public final class MahimahiTrace {
    /** The size of one delivery opportunity, as in Mahimahi. */
    public static final int PACKET_BYTES = 1500;
    /** The capacity given to a bucket with no opportunity. */
    public static final long OUTAGE_BPS = 1;

    /** Opportunities per ms of one period, indexed by {@code time % period}. */
    private final int[] perMs;
    /** {@code prefix[i]} = opportunities in ms [0, i) of the period. */
    private final long[] prefix;
    private final long periodMs;

    private MahimahiTrace(final int[] perMs) {
        this.perMs = perMs;
        this.periodMs = perMs.length;
        this.prefix = new long[perMs.length + 1];
        for (int i = 0; i < perMs.length; i++) {
            prefix[i + 1] = prefix[i] + perMs[i];
        }
    }

    /**
     * Reads a trace file.
     *
     * @throws TraceFormatException naming the file and line of a malformed line, or an empty trace
     * @throws IOException if the file cannot be read
     */
    public static MahimahiTrace read(final Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.US_ASCII)) {
            return parse(in, file.toString());
        }
    }

    /** Reads a trace from {@code in}; {@code name} is used in error messages. */
    public static MahimahiTrace parse(final BufferedReader in, final String name) throws IOException {
        long[] times = new long[1024];
        int count = 0;
        long previous = 0;
        int lineNumber = 0;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            final String text = line.strip();
            if (text.isEmpty()) {
                continue;
            }
            final long ms;
            try {
                ms = Long.parseLong(text);
            } catch (final NumberFormatException e) {
                throw new TraceFormatException(name + " line " + lineNumber + ": '" + abbreviate(text)
                    + "' is not a whole number of milliseconds");
            }
            if (ms < 0) {
                throw new TraceFormatException(name + " line " + lineNumber + ": " + ms + " ms is negative");
            }
            if (ms < previous) {
                throw new TraceFormatException(name + " line " + lineNumber + ": " + ms
                    + " ms goes back in time (the line before says " + previous + " ms)");
            }
            if (ms > Integer.MAX_VALUE) {
                throw new TraceFormatException(name + " line " + lineNumber + ": " + ms + " ms is too large");
            }
            if (count == times.length) {
                times = Arrays.copyOf(times, count * 2);
            }
            times[count++] = ms;
            previous = ms;
        }
        if (count == 0) {
            throw new TraceFormatException(name + ": the trace has no line (expected one integer ms per line)");
        }
        final long period = times[count - 1];
        if (period == 0) {
            throw new TraceFormatException(name + ": the trace's last time is 0 ms; it must end after 0 ms "
                + "(the last line's time is the period after which the trace repeats)");
        }
        final int[] perMs = new int[(int) period];
        for (int i = 0; i < count; i++) {
            perMs[(int) (times[i] % period)]++;
        }
        return new MahimahiTrace(perMs);
    }

    private static String abbreviate(final String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** The period after which the trace repeats, ms. */
    public long periodMs() {
        return periodMs;
    }

    /** Delivery opportunities in {@code [fromMs, toMs)} of the looped trace. */
    long opportunities(final long fromMs, final long toMs) {
        return cumulative(toMs) - cumulative(fromMs);
    }

    private long cumulative(final long ms) {
        return (ms / periodMs) * prefix[perMs.length] + prefix[(int) (ms % periodMs)];
    }

    /**
     * The capacity for a run of {@code durationMs}: bucket {@code k} covers simulated time
     * {@code [k·bucketMs, (k+1)·bucketMs)}, which is trace time {@code startMs} later.
     *
     * @param bucketMs length of one constant segment, ms (&gt; 0)
     * @param scale factor applied to every bucket's capacity (&gt; 0)
     * @param startMs where in the trace the run starts, ms (≥ 0; may be beyond one period)
     */
    public CapacitySchedule toSchedule(final long bucketMs, final double scale, final long startMs,
                                       final long durationMs) {
        if (bucketMs <= 0) {
            throw new IllegalArgumentException("trace bucket must be > 0 ms, was " + bucketMs);
        }
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("trace scale must be > 0, was " + scale);
        }
        if (startMs < 0) {
            throw new IllegalArgumentException("trace start must be >= 0, was " + startMs + " ms");
        }
        final CapacitySchedule.Builder schedule = CapacitySchedule.builder().trace();
        long lastBps = -1;
        for (long t = 0; t < durationMs; t += bucketMs) {
            final long bits = opportunities(startMs + t, startMs + t + bucketMs) * PACKET_BYTES * SimTime.BITS_PER_BYTE;
            final long bps = Math.max(OUTAGE_BPS, Math.round(bits * 1000.0 / bucketMs * scale));
            if (bps != lastBps) {
                schedule.atNs(SimTime.msToNs(t), bps);
                lastBps = bps;
            }
        }
        return schedule.build();
    }

    /** A malformed trace: the message names the file and line. */
    public static final class TraceFormatException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TraceFormatException(final String message) {
            super(message);
        }
    }
}
