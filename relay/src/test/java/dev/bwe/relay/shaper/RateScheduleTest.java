package dev.bwe.relay.shaper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RateScheduleTest {
    private static final long MS = 1_000_000L;

    @Test
    void readsRatesAndTimesWithUnits() {
        final RateSchedule schedule = RateSchedule.parse("2.5mbps@0s, 300kbps@10s,1Mbps@25500ms,64000bps@30s");
        assertThat(schedule.size()).isEqualTo(4);
        assertThat(schedule.bitrateBpsAt(0)).isEqualTo(2_500_000);
        assertThat(schedule.bitrateBpsAt(10_000 * MS - 1)).isEqualTo(2_500_000);
        assertThat(schedule.bitrateBpsAt(10_000 * MS)).isEqualTo(300_000);
        assertThat(schedule.bitrateBpsAt(25_500 * MS)).isEqualTo(1_000_000);
        assertThat(schedule.bitrateBpsAt(Long.MAX_VALUE)).isEqualTo(64_000);
        assertThat(schedule.nextChangeNs(0)).isEqualTo(10_000 * MS);
        assertThat(schedule.nextChangeNs(30_000 * MS)).isEqualTo(Long.MAX_VALUE);
        assertThat(RateSchedule.parse("1gbps").bitrateBpsAt(5)).isEqualTo(1_000_000_000L);
    }

    @Test
    void printsWhatItParses() {
        final RateSchedule schedule = RateSchedule.parse("1.5mbps@0s,300kbps@8s,1mbps@16.25s");
        assertThat(schedule.toString()).isEqualTo("1500000bps@0ms,300000bps@8000ms,1000000bps@16250ms");
        assertThat(RateSchedule.parse(schedule.toString())).isEqualTo(schedule);
        assertThat(RateSchedule.constant(300_000)).isEqualTo(RateSchedule.parse("300kbps"));
    }

    @Test
    void aScheduleChangedWhileItRunsKeepsItsPastAndStartsTheNewOneThere() {
        final RateSchedule old = RateSchedule.parse("2mbps@0s,300kbps@10s,1mbps@20s");
        final RateSchedule next = RateSchedule.parse("500kbps@0s,800kbps@5s");
        final RateSchedule spliced = old.switchingAt(12_000 * MS, next);
        assertThat(spliced.toString())
            .isEqualTo("2000000bps@0ms,300000bps@10000ms,500000bps@12000ms,800000bps@17000ms");
        assertThat(spliced.bitrateBpsAt(11_999 * MS)).isEqualTo(300_000);
        assertThat(spliced.bitrateBpsAt(25_000 * MS)).isEqualTo(800_000);
        // At an entry's own start the old entry is gone; at t = 0 the new schedule replaces the old.
        assertThat(old.switchingAt(10_000 * MS, next).toString())
            .isEqualTo("2000000bps@0ms,500000bps@10000ms,800000bps@15000ms");
        assertThat(old.switchingAt(0, next)).isEqualTo(next);
    }

    @Test
    void rejectsWhatItCannotReadNamingTheEntry() {
        assertThatThrownBy(() -> RateSchedule.parse("300kbps@1s")).hasMessageContaining("must start at 0s");
        assertThatThrownBy(() -> RateSchedule.parse("1mbps@0s,2mbps@5s,3mbps@5s"))
            .hasMessageContaining("'3mbps@5s'").hasMessageContaining("must be later");
        assertThatThrownBy(() -> RateSchedule.parse("300@0s")).hasMessageContaining("bad rate '300'");
        assertThatThrownBy(() -> RateSchedule.parse("300kbps@10")).hasMessageContaining("s or ms");
        assertThatThrownBy(() -> RateSchedule.parse("0kbps@0s")).hasMessageContaining("at least 1 bps");
        assertThatThrownBy(() -> RateSchedule.parse("-1kbps@0s")).hasMessageContaining("bad rate '-1kbps'");
        assertThatThrownBy(() -> RateSchedule.parse("1mbps@0s,,2mbps@1s")).hasMessageContaining("empty entry");
        assertThatThrownBy(() -> RateSchedule.parse("1mbps@0s,2mbps")).hasMessageContaining("has no time");
        assertThatThrownBy(() -> RateSchedule.parse("1e3kbps@0s")).hasMessageContaining("bad rate '1e3kbps'");
    }
}
