package dev.bwe.pipeline;

import dev.bwe.estimator.AbsSendTime;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic multi-session packet schedule: per session, a few SSRCs sending 1200-byte packets at
 * a rate that briefly exceeds a bottleneck (queueing delay grows, so over-use and REMB drops happen),
 * interleaved in arrival order, with ticks every 5 ms.
 */
final class SyntheticTraffic {
    /** One event of the schedule. */
    record Event(boolean tick, long timeNs, long sessionId, int ssrc, int seq, int absSendTime24, int payloadBytes) {
    }

    private SyntheticTraffic() {
    }

    /**
     * @param sessions session ids
     * @param ssrcsPerSession streams per session (SSRC = session * 1000 + k + 1)
     * @param durationMs simulated time
     * @param silentSsrc an SSRC that stops sending half way, or 0
     */
    static List<Event> generate(final long[] sessions, final int ssrcsPerSession, final long durationMs,
                                final long seed, final int silentSsrc) {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Event> events = new ArrayList<>();
        final long startNs = 1_000_000_000L;
        final long endNs = startNs + durationMs * 1_000_000L;
        final long tickNs = 5_000_000L;
        final long[] queueFreeAtNs = new long[sessions.length];
        final int[] seq = new int[sessions.length * ssrcsPerSession];
        long nextTickNs = startNs;
        // Each session sends one packet per stream every 10 ms (~1 Mbps per stream of 1200 bytes);
        // its bottleneck is 1.5 Mbps for the first 8 s, then 0.8 Mbps per stream: queues build.
        for (long sendNs = startNs; sendNs < endNs; sendNs += 10_000_000L) {
            while (nextTickNs <= sendNs) {
                events.add(new Event(true, nextTickNs, 0, 0, 0, 0, 0));
                nextTickNs += tickNs;
            }
            for (int s = 0; s < sessions.length; s++) {
                for (int k = 0; k < ssrcsPerSession; k++) {
                    final int ssrc = (int) (sessions[s] * 1000 + k + 1);
                    if (ssrc == silentSsrc && sendNs > startNs + (endNs - startNs) / 2) {
                        continue;
                    }
                    final long capacityBps = (sendNs - startNs < 8_000_000_000L ? 1_500_000L : 800_000L)
                        * ssrcsPerSession;
                    final int payload = 1180 + random.nextInt(20);
                    final long txNs = (payload + 20) * 8L * 1_000_000_000L / capacityBps;
                    final long departNs = Math.max(sendNs, queueFreeAtNs[s]) + txNs;
                    queueFreeAtNs[s] = departNs;
                    final long arrivalNs = departNs + 20_000_000L + random.nextInt(200_000);
                    final int ast = AbsSendTime.fromMicros(sendNs / 1000 + 50_000_000L);
                    events.add(new Event(false, arrivalNs, sessions[s], ssrc, seq[s * ssrcsPerSession + k]++, ast,
                        payload));
                }
            }
        }
        // Ticks go on through 3 s of silence: REMBs are re-sent to the live streams, then the streams time out.
        while (nextTickNs <= endNs + 3_000_000_000L) {
            events.add(new Event(true, nextTickNs, 0, 0, 0, 0, 0));
            nextTickNs += tickNs;
        }
        // Arrival order (stable for ties): what a receiver sees.
        events.sort((a, b) -> Long.compare(a.timeNs(), b.timeNs()));
        return events;
    }
}
