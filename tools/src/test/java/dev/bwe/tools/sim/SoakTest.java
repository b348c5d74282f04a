package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The short variant of the simulated day: churn, silences, wraps and a five-minutely roll in 15 simulated minutes. */
@Timeout(180)
class SoakTest {
    @TempDir
    Path dir;

    @Test
    void everyStageIsEmptyAtTheEndCountersAreConservedAndTheJournalStaysWithinRetention() {
        final SoakConfig config = SoakConfig.day(15.0 / 60, dir.resolve("journal"))
            .quick(RollCycles.FIVE_MINUTELY, 2).withPacketIntervalMs(200);
        final StringWriter text = new StringWriter();
        final SoakReport report = new Soak(config, new PrintWriter(text, true)).run();

        assertThat(report.sessionsOpened()).as(text.toString()).isGreaterThan(500);
        assertThat(report.maxLiveSessions()).isGreaterThan(10);
        assertThat(report.silences()).isGreaterThan(50);
        assertThat(report.absSendTimeWraps()).as("64 s period, 15 min").isGreaterThan(100);
        assertThat(report.published()).isGreaterThan(100_000);
        assertThat(report.conserved()).isTrue();
        assertThat(report.accepted()).isEqualTo(report.published());
        assertThat(report.rembs()).isGreaterThan(1_000);
        assertThat(report.occupancy().isEmpty()).as(report.occupancy().toString()).isTrue();
        assertThat(report.sessionsGauge()).isZero();
        assertThat(report.streamsGauge()).isZero();
        // 3 five-minute cycles written, 2 kept per queue.
        assertThat(report.maxJournalBytes()).isPositive().isLessThanOrEqualTo(report.journalBoundBytes());
        assertThat(dir.resolve("journal/events").toFile().list((d, n) -> n.endsWith(".cq4"))).hasSizeLessThanOrEqualTo(3);
        assertThat(report.passed()).isTrue();
        assertThat(text.toString()).contains("soak passed");
    }

    @Test
    void theSameSeedGivesTheSameDay() {
        final SoakConfig config = SoakConfig.day(2.0 / 60, null).quick(RollCycles.FIVE_MINUTELY, 2);
        final SoakReport a = new Soak(config, new PrintWriter(new StringWriter())).run();
        final SoakReport b = new Soak(config, new PrintWriter(new StringWriter())).run();
        assertThat(b.published()).isEqualTo(a.published());
        assertThat(b.rembs()).isEqualTo(a.rembs());
        assertThat(b.silences()).isEqualTo(a.silences());
        assertThat(new Soak(config.withSeed(2), new PrintWriter(new StringWriter())).run().published())
            .isNotEqualTo(a.published());
    }
}
