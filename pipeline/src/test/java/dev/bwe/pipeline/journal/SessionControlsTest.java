package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.RtpPacketBuilder;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.RembRecord;
import dev.bwe.pipeline.replay.ReplayListener;
import dev.bwe.pipeline.replay.ReplayResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run-time session controls (RTT, bitrate bounds, stream removal, REMB sender SSRC) go through the
 * ring in order with the packets, do what they say, and are journaled: a replay sends exactly the live
 * REMBs, byte for byte.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SessionControlsTest {
    private static final long S = 1_000_000_000L;
    private static final int PIPELINE_SENDER = 0x11111111;
    private static final int SESSION1_SENDER = 0xABCD0001;
    private static final int SESSION2_SENDER = 0x5EED0002;
    private static final long MAX_BPS = 700_000;

    @TempDir
    Path dir;

    /** A control applied just before the first step at or after its time. */
    private record Control(long timeNs, java.util.function.Consumer<BwePipeline> action) {
    }

    @Test
    void controlsActAndReplayExactly() {
        final List<JournalScenario.Step> steps = JournalScenario.generate(10_000, 7);
        final long t0 = JournalScenario.START_NS;
        final List<Control> controls = List.of(
            new Control(t0 + 2 * S, p -> {
                p.updateRtt(1, 20);
                p.setRembSenderSsrc(2, SESSION2_SENDER);
            }),
            new Control(t0 + 7 * S, p -> p.setBitrateBounds(2, 50_000, MAX_BPS)),
            new Control(t0 + 11 * S, p -> p.removeStream(1, 1001)));
        final Bytes live = new Bytes();
        final List<RembRecord> updates = new ArrayList<>();
        try (BwePipeline pipeline = pipeline(live, dir.resolve("with"), updates)) {
            run(pipeline, steps, controls);
            assertThat(pipeline.counters().journalFailures().get()).isZero();
        }

        // Sender SSRCs: per session at open, changed at run time, the pipeline's otherwise.
        assertThat(live.rembs).hasSizeGreaterThan(50);
        for (int i = 0; i < live.rembs.size(); i++) {
            final RembRecord r = live.rembs.get(i);
            final int expected = r.sessionId() == 1 ? SESSION1_SENDER
                : r.sessionId() == 2 && r.timeNs() >= t0 + 2 * S ? SESSION2_SENDER : PIPELINE_SENDER;
            assertThat(senderSsrc(live.bytes.get(i))).as("sender SSRC of %s", r).isEqualTo(expected);
        }
        // Bounds: session 2 estimated above the max before, never above it once an update came after.
        assertThat(live.rembs).anyMatch(r -> r.sessionId() == 2 && r.timeNs() < t0 + 7 * S && r.bitrateBps() > MAX_BPS);
        assertThat(live.rembs.stream().filter(r -> r.sessionId() == 2 && r.timeNs() > t0 + 8 * S))
            .isNotEmpty().allMatch(r -> r.bitrateBps() <= MAX_BPS);
        assertThat(updates.stream().filter(u -> u.sessionId() == 2 && u.timeNs() > t0 + 7 * S))
            .isNotEmpty().allMatch(u -> u.bitrateBps() <= MAX_BPS);
        // Removal: from 11 s on, session 1's REMBs (re-sends: the last packet arrived at 10.6 s) leave 1001 out.
        assertThat(live.rembs.stream().filter(r -> r.sessionId() == 1 && r.timeNs() > t0 + 11 * S))
            .isNotEmpty().allMatch(r -> r.ssrcs().equals(List.of(1002)));
        assertThat(live.rembs).anyMatch(r -> r.sessionId() == 1 && r.timeNs() > t0 + 9 * S
            && r.timeNs() < t0 + 11 * S && r.ssrcs().equals(List.of(1001, 1002)));

        // RTT: the same run without the RTT update estimates session 1 differently, the others alike.
        final Bytes baseline = new Bytes();
        final List<RembRecord> baselineUpdates = new ArrayList<>();
        try (BwePipeline pipeline = pipeline(baseline, dir.resolve("without"), baselineUpdates)) {
            run(pipeline, steps, List.of(
                new Control(t0 + 2 * S, p -> p.setRembSenderSsrc(2, SESSION2_SENDER)),
                new Control(t0 + 7 * S, p -> p.setBitrateBounds(2, 50_000, MAX_BPS)),
                new Control(t0 + 11 * S, p -> p.removeStream(1, 1001))));
        }
        assertThat(session(updates, 1)).isNotEqualTo(session(baselineUpdates, 1));
        assertThat(session(updates, 2)).isEqualTo(session(baselineUpdates, 2));
        assertThat(session(updates, 3)).isEqualTo(session(baselineUpdates, 3));

        // Replay: every control is in the journal; the REMBs come out byte for byte.
        final Bytes replayed = new Bytes();
        final ReplayResult result = JournalReplay.of(dir.resolve("with")).listener(replayed).verify(true).run();
        assertThat(result.corruptions()).isEmpty();
        assertThat(result.verifiedEqual()).as("verify: %s", result.firstDifference()).isTrue();
        assertThat(replayed.rembs).isEqualTo(live.rembs);
        assertThat(replayed.bytes).isEqualTo(live.bytes);
    }

    @Test
    void controlsOfASessionThatIsNotOpenAreRefusedOrHarmless() {
        try (BwePipeline pipeline = pipeline(new Bytes(), dir.resolve("refused"), new ArrayList<>())) {
            assertThatThrownBy(() -> pipeline.updateRtt(9, 50)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("session 9 is not open");
            assertThatThrownBy(() -> pipeline.setBitrateBounds(9, 0, 1)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> pipeline.setRembSenderSsrc(9, 1)).isInstanceOf(IllegalStateException.class);
            pipeline.removeStream(9, 1);
            pipeline.openSession(9, JournalScenario.IDS);
            assertThatThrownBy(() -> pipeline.setBitrateBounds(9, 10, 5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> pipeline.updateRtt(9, -1)).isInstanceOf(IllegalArgumentException.class);
            pipeline.updateRtt(9, 50);
            pipeline.setBitrateBounds(9, 10_000, 2_000_000);
            pipeline.removeStream(9, 42);
        }
    }

    private static BwePipeline pipeline(final RembSink sink, final Path journal, final List<RembRecord> updates) {
        // The observer runs on the timer thread; the list is read after close (which joins that thread).
        return BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 12).rembSenderSsrc(PIPELINE_SENDER)
            .estimateObserver((timeNs, session, bps, ssrcs) -> updates.add(RembRecord.of(timeNs, session, bps, ssrcs)))
            .rembSink(sink).journal(JournalConfig.of(journal)).build();
    }

    /** Drives the scenario with the controls. */
    private static void run(final BwePipeline pipeline, final List<JournalScenario.Step> steps,
                                        final List<Control> controls) {
        pipeline.openSession(1, new SessionSettings(JournalScenario.IDS, EstimatorConfig.DEFAULT)
            .withRembSenderSsrc(SESSION1_SENDER));
        pipeline.openSession(2, JournalScenario.IDS);
        pipeline.openSession(3, JournalScenario.IDS);
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        int next = 0;
        for (final JournalScenario.Step step : steps) {
            while (next < controls.size() && controls.get(next).timeNs() <= step.timeNs()) {
                controls.get(next++).action().accept(pipeline);
            }
            switch (step.kind()) {
                case TICK -> pipeline.tick(step.timeNs());
                case CLOSE -> pipeline.closeSession(step.sessionId());
                default -> {
                    final int length = RtpPacketBuilder.write(packet, step.ssrc(), step.seq(), 0,
                        step.absSendTime24(), step.payloadBytes());
                    while (pipeline.remainingCapacity() == 0) {
                        Thread.onSpinWait();
                    }
                    assertThat(pipeline.publishPacket(step.sessionId(), buffer, 0, length, step.timeNs())).isTrue();
                }
            }
        }
        assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
    }

    private static List<RembRecord> session(final List<RembRecord> updates, final long sessionId) {
        return updates.stream().filter(u -> u.sessionId() == sessionId).toList();
    }

    private static int senderSsrc(final String hex) {
        return (int) Long.parseLong(hex.substring(8, 16), 16);
    }

    /** Every REMB with its encoded bytes (hex): from the live sink or from a replay. */
    private static final class Bytes implements RembSink, ReplayListener {
        final List<RembRecord> rembs = new ArrayList<>();
        final List<String> bytes = new ArrayList<>();

        @Override
        public synchronized void onRemb(final RembView remb) {
            rembs.add(RembRecord.of(remb.timeNs(), remb.sessionId(), remb.bitrateBps(), remb.ssrcs()));
            final byte[] copy = new byte[remb.length()];
            remb.buffer().getBytes(0, copy);
            bytes.add(HexFormat.of().formatHex(copy));
        }

        @Override
        public void onEstimate(final long timeNs, final long sessionId, final long bitrateBps, final SsrcSet ssrcs) {
        }
    }
}
