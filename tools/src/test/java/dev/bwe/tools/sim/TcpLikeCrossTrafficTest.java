package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TcpLikeCrossTrafficTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    private final EventLoop loop = new EventLoop();
    private final List<LinkTransit> transits = new ArrayList<>();

    private TcpLikeCrossTraffic flow(final LinkConfig link, final CrossTrafficConfig config) {
        final BottleneckLink bottleneck = new BottleneckLink(link, new SplittableRandom(1));
        final TcpLikeCrossTraffic flow = new TcpLikeCrossTraffic(config, bottleneck, 50 * MS,
            (transit, size) -> transits.add(transit));
        flow.start(loop);
        return flow;
    }

    @Test
    void fillsTheBottleneckAndHalvesOnDrops() {
        // 2 Mbps, 100 ms RTT: BDP 25 kB, plus a 300 ms (75 kB) queue. Reno's sawtooth keeps the link busy.
        final LinkConfig link = LinkConfig.builder(CapacitySchedule.constant(2_000_000)).propagationDelayMs(50)
            .queueLimit(QueueLimit.millis(300)).build();
        final TcpLikeCrossTraffic flow = flow(link, CrossTrafficConfig.tcp());
        final List<Double> windows = new ArrayList<>();
        for (long t = 0; t < 60 * S; t += 100 * MS) {
            loop.runUntil(t);
            windows.add(flow.cwndBytes());
        }

        final long deliveredBits = transits.stream().filter(t -> !t.dropped() && t.arrivalTimeNs() <= 60 * S)
            .count() * 1500 * 8;
        assertThat(deliveredBits / (2e6 * 60)).as("utilisation").isGreaterThan(0.9);
        assertThat(flow.segmentsLost()).isPositive();
        assertThat((double) flow.segmentsLost() / flow.segmentsSent()).isLessThan(0.02);
        assertThat(flow.windowReductions()).isBetween(3L, flow.segmentsLost());
        // In congestion avoidance the window stays between about half and all of BDP + queue (100 kB).
        final List<Double> late = windows.subList(windows.size() / 2, windows.size());
        assertThat(late).allMatch(w -> w >= 40_000 && w <= 110_000);
        assertThat(late.stream().mapToDouble(Double::doubleValue).max().getAsDouble()
            / late.stream().mapToDouble(Double::doubleValue).min().getAsDouble()).as("sawtooth").isGreaterThan(1.6);
    }

    @Test
    void withoutLossTheWindowGrowsToItsCapAndNeverShrinks() {
        final LinkConfig link = LinkConfig.builder(CapacitySchedule.constant(10_000_000)).propagationDelayMs(10)
            .queueLimit(QueueLimit.unlimited()).build();
        final TcpLikeCrossTraffic flow = flow(link, CrossTrafficConfig.tcp());

        loop.runUntil(20 * S);

        assertThat(flow.segmentsLost()).isZero();
        assertThat(flow.windowReductions()).isZero();
        assertThat(flow.cwndBytes()).isEqualTo(CrossTrafficConfig.DEFAULT_MAX_WINDOW_BYTES);
    }

    @Test
    void sendsOnlyWhileActive() {
        final LinkConfig link = LinkConfig.builder(CapacitySchedule.constant(2_000_000)).propagationDelayMs(50).build();
        flow(link, CrossTrafficConfig.tcp().activeBetweenMs(1_000, 3_000));

        loop.runUntil(10 * S);

        assertThat(transits).isNotEmpty();
        assertThat(transits).allMatch(t -> t.enqueueTimeNs() >= 1 * S && t.enqueueTimeNs() < 3 * S);
    }
}
