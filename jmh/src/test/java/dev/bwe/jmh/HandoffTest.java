package dev.bwe.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.bwe.pipeline.ThreadingMode;
import dev.bwe.pipeline.WaitStrategyKind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every hand-off does exactly what the stages do on one thread, and leaves no thread behind. */
class HandoffTest {
    static Stream<Arguments> handoffs() {
        return Stream.of(ThreadingMode.values()).flatMap(threading -> Stream.of(
            Arguments.of("disruptor " + threading + " " + waitStrategy(threading), (Supplier<Handoff>) () ->
                new DisruptorHandoff(threading, waitStrategy(threading), Journal.OFF, null)),
            Arguments.of("queue, new events, " + threading, (Supplier<Handoff>) () ->
                new QueueHandoff(threading, QueueHandoff.Events.NEW_PER_PACKET, null)),
            Arguments.of("queue, pooled events, " + threading, (Supplier<Handoff>) () ->
                new QueueHandoff(threading, QueueHandoff.Events.POOLED, null))));
    }

    /** Both wait strategies the throughput benchmark uses; the smoke run covers SLEEPING in both modes. */
    private static WaitStrategyKind waitStrategy(final ThreadingMode threading) {
        return threading == ThreadingMode.DEDICATED ? WaitStrategyKind.YIELDING : WaitStrategyKind.SLEEPING;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("handoffs")
    void matchesTheSingleThreadedReplayAndStopsItsThreads(final String name, final Supplier<Handoff> factory) {
        final long threadsBefore = liveThreads();
        final ExpectedOutcome.Counts expected = ExpectedOutcome.reference();
        assertThat(expected.accepted()).isEqualTo(ExpectedOutcome.CHECK_PACKETS);
        assertThat(expected.rembsSent()).isGreaterThan(MultiSessionLap.SESSIONS);

        final Handoff handoff = factory.get();
        try {
            final LapReplay replay = new LapReplay(MultiSessionLap.standard());
            replay.openSessions(handoff);
            ExpectedOutcome.check(handoff, replay, name);
            assertThat(ExpectedOutcome.Counts.of(handoff.counters())).isEqualTo(expected);
        } finally {
            handoff.close();
        }
        handoff.close();
        assertThat(liveThreads()).isLessThanOrEqualTo(threadsBefore);
    }

    private static long liveThreads() {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && (t.getName().startsWith("bwe-") || t.getName().startsWith("abq-"))).count();
    }
}
