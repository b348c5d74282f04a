package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.estimator.EstimatorKind;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RtpPacketBuilder;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.RembRecord;
import dev.bwe.pipeline.replay.ReplayResult;
import dev.bwe.pipeline.rtp.ParseStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream that loses abs-send-time and regains it, through the live pipeline: libwebrtc's switch rule
 * (30 packets), the single-stream estimator on the RTP timestamps in between, each switch journaled as
 * an ESTIMATOR_SWITCH record, and a replay that verifies every REMB.
 */
class EstimatorSwitchJournalTest {
    private static final long START_NS = 1_000_000_000L;
    private static final long PACKET_NS = 20_000_000L;
    private static final int SSRC = 0x51_7C4;
    private static final long LOSES_AT_NS = START_NS + 8_000_000_000L;
    private static final long REGAINS_AT_NS = START_NS + 18_000_000_000L;
    private static final long END_NS = START_NS + 22_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void aStreamThatLosesAndRegainsAbsSendTimeSwitchesTwiceAndReplaysExactly() {
        final CollectingListener live = new CollectingListener();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).rembSink(live)
            .journal(JournalReplayTest.testJournal(dir)).build()) {
            pipeline.openSession(1, JournalScenario.IDS);
            drive(pipeline);
            assertThat(pipeline.counters().rejected(ParseStatus.NO_SEND_TIME.code()).get())
                .as("packets ignored while waiting for the switch").isEqualTo(29);
            assertThat(pipeline.counters().packetsDropped().get()).isZero();
            assertThat(pipeline.counters().journalFailures().get()).isZero();
        }

        final List<String> switches = new ArrayList<>();
        JournalDump.read(dir, new JournalDump.Visitor() {
            @Override
            public void estimatorSwitch(final JournalRecords.EstimatorSwitch s) {
                switches.add(s.timeNs() + " " + s.sessionId() + " " + Integer.toHexString(s.ssrc()) + " "
                    + s.from().label() + " -> " + s.to().label());
            }
        });
        // The 30th packet without abs-send-time switches; the first one with it switches back.
        final long switchNs = LOSES_AT_NS + 29 * PACKET_NS + 30_000_000L;
        assertThat(switches).containsExactly(
            switchNs + " 1 517c4 abs-send-time -> single-stream",
            (REGAINS_AT_NS + 30_000_000L) + " 1 517c4 single-stream -> abs-send-time");

        final List<RembRecord> rembs = live.rembs();
        assertThat(rembs).as("REMBs from the abs-send-time estimator before the loss")
            .anyMatch(r -> r.timeNs() < LOSES_AT_NS);
        assertThat(rembs).as("REMBs from the single-stream estimator (valid 5 s after the switch)")
            .anyMatch(r -> r.timeNs() > switchNs + 5_000_000_000L && r.timeNs() < REGAINS_AT_NS
                && r.bitrateBps() > 300_000 && r.bitrateBps() < 900_000);

        final CollectingListener replayed = new CollectingListener();
        final ReplayResult result = JournalReplay.of(dir).listener(replayed).verify(true).run();
        assertThat(result.corruptions()).isEmpty();
        assertThat(result.verifiedEqual()).as("verify: %s", result.firstDifference()).isTrue();
        assertThat(replayed.rembs()).isEqualTo(rembs);
        assertThat(EstimatorKind.fromCode(2)).isEqualTo(EstimatorKind.SINGLE_STREAM);
    }

    /** 1200-byte packets every 20 ms (480 kbps) over an uncongested 30 ms path; ticks every 5 ms. */
    private static void drive(final BwePipeline pipeline) {
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        long nextTickNs = START_NS;
        int seq = 0;
        for (long sendNs = START_NS; sendNs < END_NS; sendNs += PACKET_NS) {
            final long arrivalNs = sendNs + 30_000_000L;
            while (nextTickNs <= arrivalNs) {
                pipeline.tick(nextTickNs);
                nextTickNs += 5_000_000L;
            }
            final int rtpTimestamp = (int) (sendNs / 1000 * 90 / 1000);
            final int length = RtpPacketBuilder.write(packet, SSRC, seq++ & 0xFFFF, rtpTimestamp,
                AbsSendTime.fromMicros(sendNs / 1000), 1200);
            if (sendNs >= LOSES_AT_NS && sendNs < REGAINS_AT_NS) {
                // The sender stops stamping abs-send-time: its element now carries an id the session never
                // negotiated, so the receiver sees none.
                packet[16] = (byte) ((5 << 4) | 2);
            }
            while (pipeline.remainingCapacity() == 0) {
                Thread.onSpinWait();
            }
            if (!pipeline.publishPacket(1, buffer, 0, length, arrivalNs)) {
                throw new AssertionError("packet dropped with room in the ring");
            }
        }
        if (!pipeline.awaitDrained(Duration.ofSeconds(30))) {
            throw new AssertionError("pipeline did not drain in 30 s");
        }
    }
}
