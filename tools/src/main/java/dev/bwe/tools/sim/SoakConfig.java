package dev.bwe.tools.sim;

import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/**
 * Settings of a {@link Soak}. {@link #day(long, Path)} is issue 11's simulated day: 24 h, a session
 * arriving every 15 s on average and living 5 min on average (about 20 live, some 5,800 over the day),
 * 1-3 streams each at 50 packets/s, each stream silent for 3-10 s about once a minute (longer than the
 * 2 s stream timeout: evicted, then back), an hourly journal roll keeping 6 cycles.
 *
 * @param seed every random draw
 * @param durationNs simulated time before every session is closed
 * @param journal journal directory, or null for none
 * @param rollCycle the journal's roll cycle (by simulated time)
 * @param keepCycles cycle files kept per queue
 * @param tickMs manual tick interval
 * @param meanArrivalGapMs mean time between session arrivals (exponential)
 * @param meanSessionMs mean session lifetime (exponential, at least 2 s)
 * @param maxStreamsPerSession each session has 1..this many streams
 * @param packetIntervalMs time between two packets of a stream
 * @param payloadBytes RTP payload per packet
 * @param pathDelayMs constant one-way delay (arrival = send + this)
 * @param silenceProbability per packet, the chance that the stream then goes silent
 * @param minSilenceMs shortest silence
 * @param maxSilenceMs longest silence
 */
public record SoakConfig(long seed, long durationNs, Path journal, RollCycle rollCycle, int keepCycles, long tickMs,
                         double meanArrivalGapMs, double meanSessionMs, int maxStreamsPerSession,
                         long packetIntervalMs, int payloadBytes, long pathDelayMs, double silenceProbability,
                         long minSilenceMs, long maxSilenceMs) {
    public SoakConfig {
        if (durationNs <= 0 || tickMs <= 0 || packetIntervalMs <= 0 || maxStreamsPerSession < 1
            || minSilenceMs > maxSilenceMs || keepCycles < 1) {
            throw new IllegalArgumentException("invalid soak settings");
        }
    }

    /** Issue 11's day, {@code hours} long (24 for the full day). */
    public static SoakConfig day(final double hours, final Path journal) {
        return new SoakConfig(1, Math.round(hours * 3_600e9), journal, RollCycles.FAST_HOURLY, 6, 5, 15_000,
            300_000, 3, 20, 1_000, 40, 1.0 / 3_000, 3_000, 10_000);
    }

    public SoakConfig withSeed(final long value) {
        return new SoakConfig(value, durationNs, journal, rollCycle, keepCycles, tickMs, meanArrivalGapMs,
            meanSessionMs, maxStreamsPerSession, packetIntervalMs, payloadBytes, pathDelayMs, silenceProbability,
            minSilenceMs, maxSilenceMs);
    }

    public SoakConfig withPacketIntervalMs(final long value) {
        return new SoakConfig(seed, durationNs, journal, rollCycle, keepCycles, tickMs, meanArrivalGapMs,
            meanSessionMs, maxStreamsPerSession, value, payloadBytes, pathDelayMs, silenceProbability,
            minSilenceMs, maxSilenceMs);
    }

    /** Faster churn and a shorter roll cycle, for a short soak in the tests. */
    public SoakConfig quick(final RollCycle cycle, final int keep) {
        return new SoakConfig(seed, durationNs, journal, cycle, keep, tickMs, 1_000, 20_000, maxStreamsPerSession,
            packetIntervalMs, payloadBytes, pathDelayMs, 1.0 / 300, minSilenceMs, maxSilenceMs);
    }
}
