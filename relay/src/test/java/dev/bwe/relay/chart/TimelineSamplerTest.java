package dev.bwe.relay.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.relay.shaper.UdpShaper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineSamplerTest {
    @Test
    void queueP95IsOverThePacketsThatGotThroughAndNothingWhenNoneDid() {
        final List<UdpShaper.Sample> batch = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            batch.add(new UdpShaper.Sample(i, 1200, i * 1_000_000L));
        }
        batch.add(new UdpShaper.Sample(101, 1200, UdpShaper.Sample.DROPPED));
        assertThat(TimelineSampler.p95Ms(batch)).isEqualTo(96.0);
        assertThat(TimelineSampler.p95Ms(List.of(new UdpShaper.Sample(1, 1200, UdpShaper.Sample.DROPPED))))
            .isNaN();
        assertThat(TimelineSampler.p95Ms(List.of())).isNaN();
        assertThat(TimelineSampler.capacityBps(null, 0)).isNaN();
    }
}
