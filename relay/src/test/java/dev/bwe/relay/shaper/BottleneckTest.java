package dev.bwe.relay.shaper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shaper's arithmetic, exactly: 1250-byte packets are 10 ms apart at 1 Mbps. */
class BottleneckTest {
    private static final long MS = 1_000_000L;
    private static final int PACKET = 1250;

    @Test
    void trafficBelowCapacityIsNeverDelayed() {
        final Bottleneck link = new Bottleneck(RateSchedule.constant(1_000_000), 1500, 100 * MS);
        for (int i = 0; i < 100; i++) {
            // 1250 bytes every 20 ms: 500 kbps.
            assertThat(link.offer(i * 20 * MS, PACKET)).isEqualTo(i * 20 * MS);
        }
    }

    @Test
    void overloadLeavesAtExactlyTheCapacityAfterTheBurst() {
        final Bottleneck link = new Bottleneck(RateSchedule.constant(1_000_000), 1500, 1000 * MS);
        final List<Long> departures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            departures.add(link.offer(i * 5 * MS, PACKET)); // 2 Mbps offered
        }
        // The full bucket (1500 bytes) lets the first packet out at once; 250 bytes are left, so the second
        // waits for 1000 more bytes from its arrival at 5 ms: 8 ms. From then on one packet per 10 ms.
        assertThat(departures.get(0)).isEqualTo(0);
        assertThat(departures.get(1)).isEqualTo(8 * MS);
        for (int i = 2; i < departures.size(); i++) {
            assertThat(departures.get(i) - departures.get(i - 1)).isEqualTo(10 * MS);
        }
        assertThat(link.backlogNs(49 * 5 * MS)).isEqualTo(departures.get(49) - 49 * 5 * MS);
    }

    @Test
    void aScheduleChangedWhileItRunsTakesOverFromTheChangeOn() {
        final RateSchedule before = RateSchedule.constant(1_000_000);
        final Bottleneck link = new Bottleneck(before, PACKET, 1000 * MS);
        // Back-to-back packets at 1 Mbps: one per 10 ms.
        assertThat(link.offer(0, PACKET)).isEqualTo(0);
        assertThat(link.offer(0, PACKET)).isEqualTo(10 * MS);
        // At 10 ms the link drops to 500 kbps (as UdpShaper.changeCapacity splices it): the next packet needs
        // 20 ms of the new rate after the one before it left.
        link.capacity(before.switchingAt(10 * MS, RateSchedule.constant(500_000)));
        assertThat(link.offer(10 * MS, PACKET)).isEqualTo(30 * MS);
        assertThat(link.offer(10 * MS, PACKET)).isEqualTo(50 * MS);
    }

    @Test
    void aFullQueueDropsTheArrivingPacketAndForgetsIt() {
        final Bottleneck link = new Bottleneck(RateSchedule.constant(1_000_000), PACKET, 30 * MS);
        // Five packets at once: they leave at 0, 10, 20, 30 ms; the fifth would wait 40 ms > 30 ms.
        assertThat(link.offer(0, PACKET)).isEqualTo(0);
        assertThat(link.offer(0, PACKET)).isEqualTo(10 * MS);
        assertThat(link.offer(0, PACKET)).isEqualTo(20 * MS);
        assertThat(link.offer(0, PACKET)).isEqualTo(30 * MS);
        assertThat(link.offer(0, PACKET)).isEqualTo(Bottleneck.DROPPED);
        // The drop took nothing: a packet at 15 ms leaves right after the fourth, at 40 ms (25 ms wait).
        assertThat(link.offer(15 * MS, PACKET)).isEqualTo(40 * MS);
    }

    @Test
    void followsTheCapacityScheduleAcrossAChange() {
        final Bottleneck link = new Bottleneck(RateSchedule.parse("1mbps@0s,500kbps@100ms"), PACKET, 10_000 * MS);
        final List<Long> departures = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            departures.add(link.offer(0, PACKET));
        }
        // 0, 10, ..., 100 ms at 1 Mbps; after 100 ms each packet needs 20 ms.
        assertThat(departures.subList(0, 11)).containsExactly(0L, 10 * MS, 20 * MS, 30 * MS, 40 * MS, 50 * MS,
            60 * MS, 70 * MS, 80 * MS, 90 * MS, 100 * MS);
        assertThat(departures.get(11)).isEqualTo(120 * MS);
        assertThat(departures.get(19)).isEqualTo(280 * MS);
    }

    @Test
    void aPacketStraddlingAChangeAccumulatesAtBothRates() {
        // 1250 bytes from an empty bucket: 5 ms at 1 Mbps (625 bytes) then 625 bytes at 250 kbps (20 ms).
        final Bottleneck link = new Bottleneck(RateSchedule.parse("1mbps@0s,250kbps@15ms"), PACKET, 1000 * MS);
        assertThat(link.offer(0, PACKET)).isEqualTo(0);
        assertThat(link.offer(0, PACKET)).isEqualTo(10 * MS);
        assertThat(link.offer(10 * MS, PACKET)).isEqualTo(35 * MS);
    }

    @Test
    void sameArrivalsGiveSameDepartures() {
        final long[] first = run();
        assertThat(run()).isEqualTo(first);
    }

    private static long[] run() {
        final Bottleneck link = new Bottleneck(RateSchedule.parse("2mbps@0s,300kbps@1s"), 3000, 200 * MS);
        final java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        final long[] out = new long[2000];
        long t = 0;
        for (int i = 0; i < out.length; i++) {
            t += random.nextLong(3 * MS);
            out[i] = link.offer(t, 200 + random.nextInt(1000));
        }
        return out;
    }
}
