package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class MahimahiTraceTest {
    private static final long MS = 1_000_000L;
    /** 1500-byte opportunities per ms × 12 000 bits. */
    private static final long ONE_PER_MS_BPS = 12_000_000;

    private static MahimahiTrace parse(final String text) throws IOException {
        return MahimahiTrace.parse(new BufferedReader(new StringReader(text)), "t.trace");
    }

    /** One opportunity every ms in [1, 250], then none until the period ends at 500 ms (which counts as slot 0). */
    private static String halfOnHalfOff() {
        final StringBuilder text = new StringBuilder();
        for (int ms = 1; ms <= 250; ms++) {
            text.append(ms).append('\n');
        }
        return text.append("500\n").toString();
    }

    @Test
    void bucketsCountOpportunitiesAndTheTraceRepeats() throws IOException {
        final MahimahiTrace trace = parse(halfOnHalfOff());
        assertThat(trace.periodMs()).isEqualTo(500);
        final CapacitySchedule c = trace.toSchedule(250, 1, 0, 2_000);
        assertThat(c.isTrace()).isTrue();
        assertThat(c.capacityBpsAt(0)).isEqualTo(ONE_PER_MS_BPS);              // slots 0..249: 250 opportunities
        assertThat(c.capacityBpsAt(250 * MS)).isEqualTo(ONE_PER_MS_BPS / 250); // slot 250 only
        assertThat(c.capacityBpsAt(500 * MS)).isEqualTo(ONE_PER_MS_BPS);       // the period starts again
        assertThat(c.capacityBpsAt(1_999 * MS)).isEqualTo(ONE_PER_MS_BPS / 250);
    }

    @Test
    void scaleStartAndBucketLengthApply() throws IOException {
        final MahimahiTrace trace = parse(halfOnHalfOff());
        assertThat(trace.toSchedule(250, 0.5, 0, 1_000).capacityBpsAt(0)).isEqualTo(ONE_PER_MS_BPS / 2);
        assertThat(trace.toSchedule(250, 1, 250, 1_000).capacityBpsAt(0)).isEqualTo(ONE_PER_MS_BPS / 250);
        assertThat(trace.toSchedule(250, 1, 250 + 500 * 7, 1_000).capacityBpsAt(0))
            .as("a start beyond one period wraps").isEqualTo(ONE_PER_MS_BPS / 250);
        // One 500 ms bucket averages the on and the off half: 251 opportunities in 0.5 s.
        assertThat(trace.toSchedule(500, 1, 0, 1_000).capacityBpsAt(0)).isEqualTo(251 * 12_000 * 2);
    }

    @Test
    void severalPacketsInOneMillisecondAddUpAndAnOutageKeepsAPositiveCapacity() throws IOException {
        final CapacitySchedule c = parse("10\n10\n10\n1000\n").toSchedule(100, 1, 0, 1_000);
        // Slot 0 (the period's end) and three at 10 ms: 4 opportunities in 100 ms.
        assertThat(c.capacityBpsAt(0)).isEqualTo(4 * 12_000 * 10);
        assertThat(c.capacityBpsAt(10 * MS)).isEqualTo(4 * 12_000 * 10);
        assertThat(c.capacityBpsAt(100 * MS)).isEqualTo(MahimahiTrace.OUTAGE_BPS);
        final CapacitySchedule three = parse("150\n150\n150\n1000\n").toSchedule(100, 1, 0, 1_000);
        assertThat(three.capacityBpsAt(100 * MS)).isEqualTo(3 * 12_000 * 10);
    }

    @Test
    void malformedLinesAreNamed() {
        assertThatThrownBy(() -> parse("1\n2\nfast\n")).isInstanceOf(MahimahiTrace.TraceFormatException.class)
            .hasMessageContaining("t.trace line 3").hasMessageContaining("'fast'");
        assertThatThrownBy(() -> parse("1\n5\n4\n")).hasMessageContaining("line 3").hasMessageContaining("back");
        assertThatThrownBy(() -> parse("1\n-5\n")).hasMessageContaining("line 2").hasMessageContaining("negative");
        assertThatThrownBy(() -> parse("1.5\n")).hasMessageContaining("line 1");
        assertThatThrownBy(() -> parse("\n\n")).hasMessageContaining("no line");
        assertThatThrownBy(() -> parse("0\n0\n")).hasMessageContaining("0 ms");
        assertThatThrownBy(() -> parse("1\n9999999999999\n")).hasMessageContaining("line 2");
    }

    @Test
    void blankLinesAreSkipped() throws IOException {
        assertThat(parse("1\n\n2\n   \n4\n").periodMs()).isEqualTo(4);
    }

    @Test
    void aLinkFollowsTheTraceInASimulation() throws IOException {
        final CapacitySchedule c = parse(halfOnHalfOff()).toSchedule(250, 0.1, 0, 4_000);
        final SimulationConfig config = SimulationConfig.builder().durationMs(4_000)
            .addSession(SessionConfig.builder(1).link(LinkConfig.builder(c).propagationDelayMs(20).build())
                .addStream(StreamConfig.video(0x1001)).build())
            .build();
        final SessionResult result = Simulation.run(config).sessions().get(0);
        assertThat(result.metrics().decreases()).isEmpty();
        assertThat(result.samples().get(5).capacityBps()).isIn(ONE_PER_MS_BPS / 10, ONE_PER_MS_BPS / 2500);
        assertThat(result.metrics().utilisation()).isBetween(0.05, 1.0);
    }
}
