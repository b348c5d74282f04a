package dev.bwe.jmh;

import java.time.Duration;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.remb.RembScheduler;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.stage.EstimateStage;
import dev.bwe.pipeline.stage.ParseStage;
import dev.bwe.pipeline.stage.TimerStage;
import dev.bwe.pipeline.stat.PipelineCounters;

/**
 * What the first {@value #CHECK_PACKETS} packets of the {@link MultiSessionLap} must do to the stages,
 * computed up front on one thread by calling parse, estimate and timer directly on one event (no
 * hand-off at all), and the check that a {@link Handoff} does exactly that before it is measured.
 *
 * <p>The stages are deterministic given the order of events, and each hand-off keeps the order, so the
 * counts must match exactly: every packet accepted by the estimator, none rejected, none dropped, no
 * stage error, and the same number of REMBs. {@value #CHECK_PACKETS} packets are 12.8 s of the 8
 * sessions' traffic, which includes each session's first capacity dip (at 10 s), so over-use and the
 * drop it announces are part of the check.
 */
final class ExpectedOutcome {
    static final int CHECK_PACKETS = 1 << 16;
    static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    /** The counters that must match once the hand-off has drained. */
    record Counts(long published, long dropped, long accepted, long rejected, long rembsSent, long stageErrors) {
        static Counts of(final PipelineCounters counters) {
            return new Counts(counters.packetsPublished().get(), counters.packetsDropped().get(),
                counters.packetsAccepted().get(), counters.rejectedTotal(), counters.rembsSent().get(),
                counters.stageErrors().get());
        }
    }

    private ExpectedOutcome() {
    }

    /** The counts after {@value #CHECK_PACKETS} packets of the standard lap, computed once per JVM. */
    static Counts reference() {
        return Reference.COUNTS;
    }

    private static final class Reference {
        static final Counts COUNTS = replayOnOneThread(MultiSessionLap.standard(), CHECK_PACKETS);
    }

    /** Runs the stages directly, in order, on one reused event: the single-threaded meaning of the pipeline. */
    static Counts replayOnOneThread(final MultiSessionLap lap, final int packets) {
        final PipelineCounters counters = new PipelineCounters(OffHeapCounters.create(), 0);
        final ParseStage parse = new ParseStage(counters);
        final EstimateStage estimate = new EstimateStage(counters);
        final TimerStage timer = new TimerStage(counters, RembSink.NONE, QueueHandoff.REMB_SENDER_SSRC,
            RembScheduler.DEFAULT_RESEND_INTERVAL_US, TimerStage.RingGauge.NONE);
        final EstimatorConfig config = EstimatorConfig.DEFAULT.toBuilder()
            .maxStreams(Math.min(EstimatorConfig.DEFAULT.maxStreams(), QueueHandoff.MAX_STREAMS_PER_SESSION)).build();
        final PipelineEvent event = new PipelineEvent(QueueHandoff.HEADER_CAPACITY_BYTES);
        for (int k = 0; k < MultiSessionLap.SESSIONS; k++) {
            event.type = EventType.OPEN_SESSION;
            event.sessionId = MultiSessionLap.sessionId(k);
            event.settings = new SessionSettings(MultiSessionLap.extensionIds(), config);
            event.clearOutputs();
            parse.onEvent(event);
            estimate.onEvent(event);
            timer.onEvent(event);
        }
        for (int i = 0; i < packets; i++) {
            final int length = lap.lengthBytes(i);
            counters.packetsPublished().increment();
            QueueHandoff.fill(event, lap.sessionOf(i), lap.packets(), lap.offset(i), length,
                Math.min(length, QueueHandoff.HEADER_CAPACITY_BYTES), lap.arrivalNs(i, 0));
            parse.onEvent(event);
            estimate.onEvent(event);
            timer.onEvent(event);
        }
        final Counts counts = Counts.of(counters);
        if (counts.accepted() != packets || counts.rejected() != 0 || counts.rembsSent() < MultiSessionLap.SESSIONS) {
            throw new IllegalStateException("the lap does not exercise the stages as expected: every packet "
                + "accepted and REMBs for every session; " + counts);
        }
        return counts;
    }

    /**
     * Publishes the first {@value #CHECK_PACKETS} packets of a fresh replay (sessions open, nothing published
     * yet) into {@code handoff}, waits until it has drained, and throws unless its counters equal
     * {@link #reference()}.
     */
    static void check(final Handoff handoff, final LapReplay replay, final String what) {
        final Counts expected = reference();
        replay.publish(handoff, CHECK_PACKETS);
        if (!handoff.awaitDrained(DRAIN_TIMEOUT)) {
            throw new IllegalStateException(what + " did not drain " + CHECK_PACKETS + " packets within "
                + DRAIN_TIMEOUT);
        }
        final Counts actual = Counts.of(handoff.counters());
        if (!actual.equals(expected)) {
            throw new IllegalStateException(what + " does not do what the stages do on one thread: expected "
                + expected + ", got " + actual);
        }
    }
}
