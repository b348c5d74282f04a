package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.ThreadingMode;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.ReplayResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adaptive profile keeps the journal's contract: a live run journaled and replayed with verify gives
 * exactly the live REMBs. Its inputs include the RTP sequence numbers (it counts losses from their gaps),
 * so the run drops every 37th packet; the profile comes from the journal, not from the replayer.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AdaptiveProfileJournalTest {
    @TempDir
    Path dir;

    @Test
    void adaptiveSessionReplaysBitForBit() {
        final List<JournalScenario.Step> steps = withLoss(JournalScenario.generate(10_000, 11));
        final CollectingListener adaptive = live(steps, EstimatorProfile.ADAPTIVE, dir.resolve("adaptive"));

        final CollectingListener replayed = new CollectingListener();
        final ReplayResult result = JournalReplay.of(dir.resolve("adaptive")).listener(replayed).verify(true).run();

        assertThat(result.corruptions()).isEmpty();
        assertThat(replayed.rembs()).hasSizeGreaterThan(50).isEqualTo(adaptive.rembs());
        assertThat(result.verifiedEqual()).as("verify: %s", result.firstDifference()).isTrue();
        assertThat(result.rembsCompared()).isEqualTo(adaptive.rembs().size());

        // The profile took effect: a first estimate within a second (parity waits for 5 s or an over-use).
        final CollectingListener parity = live(steps, EstimatorProfile.PARITY, dir.resolve("parity"));
        assertThat(adaptive.rembs().get(0).timeNs() - JournalScenario.START_NS).isLessThan(1_000_000_000L);
        assertThat(parity.rembs().get(0).timeNs() - JournalScenario.START_NS).isGreaterThan(2_000_000_000L);
        assertThat(adaptive.rembs()).isNotEqualTo(parity.rembs());
    }

    private static CollectingListener live(final List<JournalScenario.Step> steps, final EstimatorProfile profile,
                                           final Path journal) {
        final CollectingListener live = new CollectingListener();
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL)
            .threadingMode(ThreadingMode.DEDICATED).ringSize(1 << 12).rembSink(live)
            .estimatorConfig(EstimatorConfig.builder().profile(profile).build())
            .journal(JournalReplayTest.testJournal(journal)).build()) {
            JournalScenario.drive(pipeline, steps);
            assertThat(pipeline.counters().journalFailures().get()).isZero();
            assertThat(pipeline.counters().packetsDropped().get()).isZero();
        }
        return live;
    }

    /** Every 37th packet lost on the way: sequence-number gaps for the adaptive profile's loss count. */
    private static List<JournalScenario.Step> withLoss(final List<JournalScenario.Step> steps) {
        final List<JournalScenario.Step> kept = new ArrayList<>(steps.size());
        int packets = 0;
        for (final JournalScenario.Step step : steps) {
            if (step.kind() == JournalScenario.Kind.PACKET && ++packets % 37 == 0) {
                continue;
            }
            kept.add(step);
        }
        return kept;
    }
}
