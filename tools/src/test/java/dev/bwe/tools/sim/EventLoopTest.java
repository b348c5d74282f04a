package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLoopTest {
    private final EventLoop loop = new EventLoop();
    private final List<String> log = new ArrayList<>();

    @Test
    void runsInTimeOrderAndSameTimeInSchedulingOrder() {
        loop.schedule(20, () -> log.add("b@" + loop.nowNs()));
        loop.schedule(10, () -> log.add("a@" + loop.nowNs()));
        loop.schedule(20, () -> log.add("c@" + loop.nowNs()));
        loop.schedule(10, () -> loop.schedule(20, () -> log.add("d@" + loop.nowNs())));

        loop.runUntil(100);

        assertThat(log).containsExactly("a@10", "b@20", "c@20", "d@20");
        assertThat(loop.nowNs()).isEqualTo(100);
        assertThat(loop.executedEvents()).isEqualTo(5);
    }

    @Test
    void stopsAtTheEndAndKeepsLaterEvents() {
        loop.schedule(50, () -> log.add("on time"));
        loop.schedule(51, () -> log.add("late"));

        loop.runUntil(50);
        assertThat(log).containsExactly("on time");
        loop.runUntil(60);
        assertThat(log).containsExactly("on time", "late");
    }

    @Test
    void refusesThePast() {
        loop.runUntil(10);

        assertThatThrownBy(() -> loop.schedule(9, () -> { }))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("now is 10");
    }
}
