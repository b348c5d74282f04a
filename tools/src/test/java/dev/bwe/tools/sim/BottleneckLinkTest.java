package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BottleneckLinkTest {
    private static final long MS = 1_000_000L;
    private static final long US = 1_000L;

    private static BottleneckLink link(final LinkConfig.Builder config) {
        return new BottleneckLink(config.build(), new SplittableRandom(42));
    }

    private static LinkConfig.Builder oneMbps() {
        return LinkConfig.builder(CapacitySchedule.constant(1_000_000)).queueLimit(QueueLimit.unlimited());
    }

    @Test
    void anIdleLinkServesAPacketAtOnce() {
        final BottleneckLink link = link(oneMbps().propagationDelayMs(50));

        final LinkTransit t = link.send(7 * MS, 1250);

        assertThat(t.dropped()).isFalse();
        assertThat(t.queueingDelayNs()).isZero();
        assertThat(t.departureTimeNs()).isEqualTo(17 * MS);
        assertThat(t.arrivalTimeNs()).isEqualTo(67 * MS);
    }

    @Test
    void twiceTheCapacityBuildsAQueueOfHalfAServiceTimePerPacket() {
        // 1200-byte packets every 4.8 ms (2 Mbps) into 1 Mbps: each takes 9.6 ms to serialise, so the
        // queue grows by 9.6 - 4.8 = 4.8 ms per packet, and packets leave 9.6 ms apart.
        final BottleneckLink link = link(oneMbps().propagationDelayMs(20));
        for (int i = 0; i < 100; i++) {
            final long enqueueNs = i * 4_800 * US;

            final LinkTransit t = link.send(enqueueNs, 1200);

            assertThat(t.queueingDelayNs()).as("queueing delay of packet %d", i).isEqualTo(i * 4_800 * US);
            assertThat(t.serviceStartNs()).isEqualTo(i * 9_600 * US);
            assertThat(t.departureTimeNs()).isEqualTo((i + 1) * 9_600 * US);
            assertThat(t.arrivalTimeNs()).isEqualTo((i + 1) * 9_600 * US + 20 * MS);
        }
        assertThat(link.queueDelayNs(99 * 4_800 * US)).isEqualTo(100 * 9_600 * US - 99 * 4_800 * US);
    }

    @Test
    void dropTailByBytesKeepsWhatFitsAndDropsTheRest() {
        final BottleneckLink link = link(oneMbps().queueLimit(QueueLimit.bytes(3000)));
        final List<DropReason> fates = new ArrayList<>();

        for (int i = 0; i < 5; i++) {
            fates.add(link.send(0, 1000).drop());
        }

        assertThat(fates).containsExactly(DropReason.NONE, DropReason.NONE, DropReason.NONE, DropReason.QUEUE_FULL,
            DropReason.QUEUE_FULL);
        assertThat(link.backlogBytes(0)).isEqualTo(3000);
        // The first packet left at 8 ms: its room is free again, not a byte more.
        assertThat(link.send(8 * MS, 1000).dropped()).isFalse();
        assertThat(link.send(8 * MS, 1).drop()).isEqualTo(DropReason.QUEUE_FULL);
    }

    @Test
    void dropTailByTimeAllowsThatMuchQueueingAtTheCurrentCapacity() {
        // 100 ms at 1 Mbps is 12,500 bytes: ten 1250-byte packets (10 ms each) fit, the eleventh does not.
        final BottleneckLink link = link(oneMbps().queueLimit(QueueLimit.millis(100)));
        int accepted = 0;
        long worstQueueingNs = 0;
        for (int i = 0; i < 15; i++) {
            final LinkTransit t = link.send(0, 1250);
            if (!t.dropped()) {
                accepted++;
                worstQueueingNs = Math.max(worstQueueingNs, t.queueingDelayNs());
            }
        }

        assertThat(accepted).isEqualTo(10);
        assertThat(worstQueueingNs).isEqualTo(90 * MS);
    }

    @Test
    void timeLimitFollowsTheCapacityInEffect() {
        final BottleneckLink link = link(LinkConfig.builder(CapacitySchedule.parse("1mbps@0s,2mbps@1s"))
            .queueLimit(QueueLimit.millis(100)));
        int accepted = 0;
        for (int i = 0; i < 30; i++) {
            accepted += link.send(1_000 * MS, 1250).dropped() ? 0 : 1;
        }

        // 100 ms at 2 Mbps is 25,000 bytes: twenty packets.
        assertThat(accepted).isEqualTo(20);
    }

    @Test
    void jitterAddsDelayButNeverReorders() {
        final long jitterMaxNs = 30 * MS;
        final BottleneckLink link = link(oneMbps().propagationDelayMs(50).jitterMaxNs(jitterMaxNs));
        final SplittableRandom gaps = new SplittableRandom(7);
        long timeNs = 0;
        long previousArrivalNs = Long.MIN_VALUE;
        int delayed = 0;
        for (int i = 0; i < 20_000; i++) {
            timeNs += gaps.nextLong(20 * MS);
            final LinkTransit t = link.send(timeNs, 100 + gaps.nextInt(1100));

            assertThat(t.arrivalTimeNs()).as("packet %d", i).isGreaterThanOrEqualTo(previousArrivalNs);
            final long extraNs = t.arrivalTimeNs() - t.departureTimeNs() - 50 * MS;
            assertThat(extraNs).isBetween(0L, jitterMaxNs);
            delayed += extraNs > MS ? 1 : 0;
            previousArrivalNs = t.arrivalTimeNs();
        }
        assertThat(delayed).as("packets with more than 1 ms of jitter").isGreaterThan(15_000);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void randomLossRateIsWithinToleranceOfTheProbability(final long seed) {
        final BottleneckLink link = new BottleneckLink(oneMbps().lossProbability(0.05).build(),
            new SplittableRandom(seed));
        final int packets = 100_000;
        int lost = 0;
        for (int i = 0; i < packets; i++) {
            final LinkTransit t = link.send(i * 20 * MS, 100);
            if (t.dropped()) {
                assertThat(t.drop()).isEqualTo(DropReason.RANDOM_LOSS);
                assertThat(t.arrivalTimeNs()).isEqualTo(LinkTransit.NEVER);
                lost++;
            }
        }
        // sigma = sqrt(0.05 * 0.95 / 1e5) = 0.00069: five sigma either way.
        assertThat((double) lost / packets).isCloseTo(0.05, within(0.0035));
    }

    @Test
    void burstLossHasTheGilbertMeanRateAndBurstLength() {
        // p = 0.01, r = 0.25: Bad 1/26 of the time, Bad periods of 4 packets on average.
        final BurstLoss gilbert = BurstLoss.gilbert(0.01, 0.25);
        final BottleneckLink link = link(oneMbps().burstLoss(gilbert));
        final int packets = 200_000;
        int lost = 0;
        int bursts = 0;
        boolean previousLost = false;
        for (int i = 0; i < packets; i++) {
            final LinkTransit t = link.send(i * 20 * MS, 100);
            if (t.dropped()) {
                assertThat(t.drop()).isEqualTo(DropReason.BURST_LOSS);
                lost++;
                bursts += previousLost ? 0 : 1;
            }
            previousLost = t.dropped();
        }

        assertThat(gilbert.meanLossRate()).isCloseTo(1 / 26.0, within(1e-12));
        assertThat((double) lost / packets).isCloseTo(gilbert.meanLossRate(), within(0.004));
        assertThat((double) lost / bursts).as("mean burst length").isCloseTo(4.0, within(0.3));
    }

    @Test
    void lostPacketsTakeNoCapacity() {
        final BottleneckLink link = link(oneMbps().lossProbability(1.0));

        assertThat(link.send(0, 1250).drop()).isEqualTo(DropReason.RANDOM_LOSS);
        assertThat(link.queueDelayNs(0)).isZero();
        assertThat(link.backlogBytes(0)).isZero();
    }

    @Test
    void sameSeedSameFates() {
        final LinkConfig config = oneMbps().jitterMaxMs(10).lossProbability(0.1)
            .burstLoss(new BurstLoss(0.02, 0.3, 0.01, 0.8)).queueLimit(QueueLimit.millis(50)).build();
        final BottleneckLink a = new BottleneckLink(config, new SplittableRandom(99));
        final BottleneckLink b = new BottleneckLink(config, new SplittableRandom(99));
        final BottleneckLink other = new BottleneckLink(config, new SplittableRandom(100));
        boolean differs = false;
        for (int i = 0; i < 5_000; i++) {
            final LinkTransit ta = a.send(i * 3 * MS, 1000);
            assertThat(b.send(i * 3 * MS, 1000)).isEqualTo(ta);
            differs |= !other.send(i * 3 * MS, 1000).equals(ta);
        }
        assertThat(differs).as("another seed gives other fates").isTrue();
    }

    @Test
    void refusesPacketsOutOfTimeOrder() {
        final BottleneckLink link = link(oneMbps());
        link.send(10 * MS, 100);

        assertThatThrownBy(() -> link.send(9 * MS, 100))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("time order");
    }

    @Test
    void configRefusesImpossibleValues() {
        assertThatThrownBy(() -> oneMbps().lossProbability(1.5)).hasMessageContaining("lossProbability");
        assertThatThrownBy(() -> oneMbps().propagationDelayMs(-1)).hasMessageContaining("propagation delay");
        assertThatThrownBy(() -> QueueLimit.millis(0)).hasMessageContaining("> 0 ms");
        assertThatThrownBy(() -> BurstLoss.gilbert(0.1, 0)).hasMessageContaining("badToGood");
    }
}
