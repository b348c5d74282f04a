package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityScheduleTest {
    private static final long MS = 1_000_000L;
    private static final long S = 1_000_000_000L;

    @Test
    void parsesRatesAndTimesInEveryUnit() {
        final CapacitySchedule schedule =
            CapacitySchedule.parse("2.5mbps@0s,1mbps@30s,600kbps@40.5s,750000bps@41000ms");

        assertThat(schedule.segmentCount()).isEqualTo(4);
        assertThat(schedule.segmentStartNs(0)).isZero();
        assertThat(schedule.segmentCapacityBps(0)).isEqualTo(2_500_000);
        assertThat(schedule.segmentStartNs(1)).isEqualTo(30 * S);
        assertThat(schedule.segmentCapacityBps(1)).isEqualTo(1_000_000);
        assertThat(schedule.segmentStartNs(2)).isEqualTo(40_500 * MS);
        assertThat(schedule.segmentCapacityBps(2)).isEqualTo(600_000);
        assertThat(schedule.segmentStartNs(3)).isEqualTo(41 * S);
        assertThat(schedule.segmentCapacityBps(3)).isEqualTo(750_000);
    }

    @Test
    void acceptsSpacesAndUpperCaseUnits() {
        assertThat(CapacitySchedule.parse(" 1Mbps@0S , 500KBPS@1500MS "))
            .isEqualTo(CapacitySchedule.builder().at(0, 1_000_000).at(1_500, 500_000).build());
    }

    @Test
    void capacityChangesExactlyAtTheSegmentStart() {
        final CapacitySchedule schedule = CapacitySchedule.parse("2.5mbps@0s,1mbps@30s");

        assertThat(schedule.capacityBpsAt(0)).isEqualTo(2_500_000);
        assertThat(schedule.capacityBpsAt(30 * S - 1)).isEqualTo(2_500_000);
        assertThat(schedule.capacityBpsAt(30 * S)).isEqualTo(1_000_000);
        assertThat(schedule.capacityBpsAt(Long.MAX_VALUE)).isEqualTo(1_000_000);
    }

    @Test
    void textFormRoundTrips() {
        final CapacitySchedule schedule =
            CapacitySchedule.parse("2.5mbps@0s,1mbps@30s,600kbps@40.5s,1234bps@41.0000001s");

        assertThat(CapacitySchedule.parse(schedule.toString())).isEqualTo(schedule);
        assertThat(schedule.toString()).startsWith("2500kbps@0ms,1000kbps@30000ms,600kbps@40500ms,1234bps@41.0000001s");
    }

    @Test
    void aTransmissionThatSpansACapacityChangeFinishesAtTheNewRate() {
        final CapacitySchedule schedule = CapacitySchedule.parse("1mbps@0s,2mbps@10ms");

        // 1250 B = 10,000 bits from 5 ms: 5,000 bits by 10 ms at 1 Mbps, the other 5,000 take 2.5 ms at 2 Mbps.
        assertThat(schedule.transmissionEndNs(5 * MS, 1250)).isEqualTo(12_500_000);
        // Entirely before the change, and entirely after it.
        assertThat(schedule.transmissionEndNs(0, 1000)).isEqualTo(8 * MS);
        assertThat(schedule.transmissionEndNs(20 * MS, 1000)).isEqualTo(24 * MS);
    }

    @Test
    void capacityBitsIntegratesTheSchedule() {
        final CapacitySchedule schedule = CapacitySchedule.parse("1mbps@0s,2mbps@10s");

        assertThat(schedule.capacityBits(0, 20 * S)).isEqualTo(30_000_000.0);
        assertThat(schedule.capacityBits(5 * S, 15 * S)).isEqualTo(15_000_000.0);
    }

    @Test
    void readsTheSameGrammarAsTheRelay() {
        assertThat(CapacitySchedule.parse("300kbps@0s,1mbps@5s"))
            .isEqualTo(CapacitySchedule.builder().at(0, 300_000).at(5_000, 1_000_000).build());
        assertThat(CapacitySchedule.parse("1gbps")).isEqualTo(CapacitySchedule.constant(1_000_000_000L));
        final String text = "2.5mbps@0s,300kbps@10s,1mbps@25.5s";
        final dev.bwe.relay.shaper.RateSchedule relay = dev.bwe.relay.shaper.RateSchedule.parse(text);
        final CapacitySchedule sim = CapacitySchedule.parse(text);
        assertThat(sim.segmentCount()).isEqualTo(relay.size());
        for (int i = 0; i < relay.size(); i++) {
            assertThat(sim.segmentStartNs(i)).isEqualTo(relay.startNs(i));
            assertThat(sim.segmentCapacityBps(i)).isEqualTo(relay.bitrateBps(i));
        }
    }

    @ParameterizedTest(name = "[{index}] \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
        "''                       | rate schedule is empty",
        "'   '                    | rate schedule is empty",
        "'1mbps@0s,2mbps'         | entry '2mbps' of rate schedule '1mbps@0s,2mbps' has no time",
        "1mbps@@0s                | entry '1mbps@@0s' must be RATE@TIME",
        "1mbps@0s;2mbps@1s        | entry '1mbps@0s;2mbps@1s' must be RATE@TIME",
        "'1mbps@0s,'              | empty entry #2 in rate schedule '1mbps@0s,'",
        "',1mbps@0s'              | empty entry #1",
        "fast@0s                  | bad rate 'fast' in 'fast@0s': expected a number followed by bps, kbps, mbps or gbps",
        "-1mbps@0s                | bad rate '-1mbps' in '-1mbps@0s'",
        "mbps@0s                  | bad rate 'mbps' in 'mbps@0s'",
        "1.mbps@0s                | bad rate '1.mbps'",
        "@0s                      | bad rate '' in '@0s'",
        "1tbps@0s                 | bad rate unit 'tbps' in '1tbps@0s': expected bps, kbps, mbps or gbps",
        "0mbps@0s                 | rate '0mbps' in '0mbps@0s' must be at least 1 bps",
        "0.4bps@0s                | rate '0.4bps' in '0.4bps@0s' must be at least 1 bps",
        "1mbps@soon               | bad time 'soon' in '1mbps@soon': expected a non-negative number followed by s",
        "1mbps@-1s                | bad time '-1s' in '1mbps@-1s'",
        "1mbps@                   | bad time '' in '1mbps@'",
        "1mbps@5                  | bad time '5' in '1mbps@5'",
        "1mbps@5h                 | bad time unit 'h' in '1mbps@5h': expected s or ms",
        "1mbps@5s                 | the first entry must start at 0s, '1mbps@5s' does not",
        "'1mbps@0s,2mbps@0s'      | time in '2mbps@0s' must be later than the previous entry's time",
        "'1mbps@0s,2mbps@9s,3mbps@5s' | time in '3mbps@5s' must be later than the previous entry's time",
        "99999999999999999mbps@0s | '99999999999999999mbps' in '99999999999999999mbps@0s' is too large",
    })
    void refusesMalformedSchedulesNamingTheBadToken(final String spec, final String message) {
        assertThatThrownBy(() -> CapacitySchedule.parse(spec))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(message);
    }

    @Test
    void refusesANullSchedule() {
        assertThatThrownBy(() -> CapacitySchedule.parse(null))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("rate schedule is empty");
    }

    @Test
    void builderRefusesAScheduleWithoutEntries() {
        assertThatThrownBy(() -> CapacitySchedule.builder().build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("no entry");
    }
}
