package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.estimator.EstimatorConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EstimatorReceiverTest {
    private static final long MS = 1_000_000L;

    private final List<RembRecord> rembs = new ArrayList<>();
    private final List<Long> sessions = new ArrayList<>();
    private final EstimatorReceiver receiver = new EstimatorReceiver(EstimatorConfig.DEFAULT,
        (timeNs, sessionId, bps, ssrcs) -> {
            final int[] copy = new int[ssrcs.size()];
            for (int i = 0; i < copy.length; i++) {
                copy[i] = ssrcs.get(i);
            }
            sessions.add(sessionId);
            rembs.add(new RembRecord(timeNs, bps, copy));
        });

    /** 500 kbps: a 1000-byte packet every 16 ms per SSRC, uncongested (arrival = send + 40 ms). */
    private void stream(final long sessionId, final int[] ssrcs, final long fromMs, final long toMs) {
        for (long t = fromMs; t < toMs; t += 16) {
            final long sendNs = t * MS;
            for (final int ssrc : ssrcs) {
                receiver.onPacket(sessionId, sendNs + 40 * MS,
                    new SimPacket(ssrc, (int) (t / 16) & 0xFFFF, 0, AbsSendTime.fromMicros(sendNs / 1000), 1000, false,
                        sendNs));
            }
            receiver.advanceTo(sendNs + 40 * MS);
        }
    }

    @Test
    void firstRembComesWhenTheEstimateIsValidAndListsTheLiveSsrcs() {
        receiver.openSession(7, 3);
        stream(7, new int[] {0x20, 0x10}, 0, 6_000);

        assertThat(rembs).isNotEmpty();
        // libwebrtc: valid once more than 5 s passed since the first throughput.
        assertThat(rembs.get(0).timeNs()).isGreaterThan(5_000 * MS).isLessThan(5_300 * MS);
        assertThat(rembs.get(0).ssrcs()).containsExactly(0x10, 0x20);
        assertThat(rembs.get(0).bitrateBps()).isBetween(900_000L, 1_100_000L);
        assertThat(sessions).containsOnly(7L);
        assertThat(receiver.estimator(7)).isNotNull();
        assertThat(receiver.estimator(8)).isNull();
    }

    @Test
    void rembsAreAtLeastTwoHundredMillisecondsApartWhileTheEstimateRises() {
        stream(1, new int[] {1}, 0, 12_000);

        for (int i = 1; i < rembs.size(); i++) {
            assertThat(rembs.get(i).timeNs() - rembs.get(i - 1).timeNs()).isGreaterThanOrEqualTo(200 * MS);
        }
    }

    @Test
    void silentSessionGetsOnePeriodicRembThenLetsGoOfItsStreamsOnTicks() {
        stream(1, new int[] {1}, 0, 8_000);
        final long lastArrivalNs = (7_984 + 40) * MS;
        final int before = rembs.size();

        for (long t = lastArrivalNs + 5 * MS; t < lastArrivalNs + 4_000 * MS; t += 5 * MS) {
            receiver.advanceTo(t);
        }

        // Periodic REMBs a second apart, with the last estimate, while the stream is live (2 s timeout),
        // then none.
        final List<RembRecord> after = rembs.subList(before, rembs.size());
        final RembRecord lastBefore = rembs.get(before - 1);
        assertThat(after).hasSize(2);
        assertThat(after.get(0).timeNs()).isBetween(lastBefore.timeNs() + 1_000 * MS, lastBefore.timeNs() + 1_005 * MS);
        assertThat(after.get(1).timeNs()).isEqualTo(after.get(0).timeNs() + 1_000 * MS);
        assertThat(after.get(1).timeNs()).isLessThanOrEqualTo(lastArrivalNs + 2_000 * MS);
        assertThat(after).allMatch(r -> r.bitrateBps() == lastBefore.bitrateBps());
        assertThat(receiver.estimator(1).ssrcs().size()).as("timed out on a tick, no packet needed").isZero();
        assertThat(receiver.estimator(1).latestEstimateBps()).isZero();
    }

    @Test
    void sessionsAreEstimatedApart() {
        stream(1, new int[] {1}, 0, 6_000);
        stream(2, new int[] {2}, 0, 6_000);

        assertThat(sessions).contains(1L, 2L);
        for (int i = 0; i < rembs.size(); i++) {
            assertThat(rembs.get(i).ssrcs()).containsExactly(sessions.get(i).intValue());
        }
    }
}
