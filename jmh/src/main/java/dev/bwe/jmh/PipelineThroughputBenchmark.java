package dev.bwe.jmh;

import java.util.concurrent.TimeUnit;

import dev.bwe.pipeline.ThreadingMode;
import dev.bwe.pipeline.WaitStrategyKind;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Packets per second through bwe's pipeline, from the relay's thread to the last stage, beside the same
 * stages connected by {@code ArrayBlockingQueue}s (with a new event per packet, and with a pool of events:
 * the seed's design), in the same run.
 *
 * <pre>
 *   JMH thread = the relay's receive thread, replaying {@link MultiSessionLap} (8 sessions × 4 SSRCs)
 *     │ publish, waiting for room when full (counted: ringFullWaits)
 *     ▼
 *   disruptor:        [ring 16384] ─▶ parse ─▶ estimate ─▶ timer        DEDICATED: a thread per stage
 *   baselineQueue*:   [ABQ] ─▶ parse ─▶ [ABQ] ─▶ estimate ─▶ [ABQ] ─▶ timer   COMPACT: one thread, one queue
 *     ... then waits until the last stage has processed the batch (awaitDrained).
 * </pre>
 *
 * <p>An operation is one packet: each call publishes {@value #PACKETS_PER_INVOCATION} packets (4 rings'
 * worth, so the ring wraps and the stages run in steady state) and returns once the timer stage has
 * processed the last of them, so the figure is the rate at which packets get through all three stages,
 * the drain at the end included (about 0.1 % of a call). The stages are the pipeline's own
 * {@code ParseStage}, {@code EstimateStage} and {@code TimerStage} in every variant ({@link Handoff}):
 * the work per packet is the same code, only the hand-off differs.
 *
 * <p><b>Expected result</b>, checked before measuring ({@link ExpectedOutcome#check}): the first 65,536
 * packets give exactly the counts that calling the stages directly on one thread gives (every packet
 * accepted by the estimator, none rejected or dropped, no stage error, the same number of REMBs); and
 * after each measured iteration ({@link Subject#checkIteration()}): every packet published was accepted,
 * none dropped, no stage error, and REMBs went out.
 *
 * <p><b>Parameters.</b> {@code threading}: {@link ThreadingMode#DEDICATED} (a thread per stage) or
 * {@link ThreadingMode#COMPACT} (all stages on one thread), for the pipeline and the baselines alike.
 * {@code waitStrategy}: how the pipeline's idle consumers wait; {@code SLEEPING} is bwe's default and
 * suits 2 cores, {@code YIELDING} keeps consumers on the CPU. The queue baselines always block in
 * {@code take()}, which is what they are. {@code journal}: {@link Journal#OFF} and {@link Journal#ON}.
 *
 * <p>{@code -prof gc} shows bytes allocated per packet over every thread of the JVM, stage threads
 * included: about 0 for the pipeline and the pool, a few hundred for a new event per packet.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineThroughputBenchmark extends BweBenchmark {
    /** Packets per call: 4 × the ring, so a call exercises wrap-around and steady state, not a cold ring. */
    public static final int PACKETS_PER_INVOCATION = 4 * QueueHandoff.CAPACITY;

    /** One hand-off of the stages, replaying the lap from its first packet. JMH wants @State where @Param is. */
    @State(Scope.Thread)
    public abstract static class Subject {
        /** Left empty: every {@link ThreadingMode}. */
        @Param
        public ThreadingMode threading;

        Handoff handoff;
        LapReplay replay;
        private ExpectedOutcome.Counts atIterationStart;

        abstract Handoff create();

        abstract String describe();

        @Setup(Level.Trial)
        public void setUp() {
            replay = new LapReplay(MultiSessionLap.standard());
            handoff = create();
            replay.openSessions(handoff);
            ExpectedOutcome.check(handoff, replay, describe());
        }

        @Setup(Level.Iteration)
        public void startIteration() {
            atIterationStart = ExpectedOutcome.Counts.of(handoff.counters());
        }

        /** Publishes a batch and waits until the last stage has processed it. */
        final void publishBatchAndDrain(final PublisherCounters publisher) {
            publisher.ringFullWaits += replay.publish(handoff, PACKETS_PER_INVOCATION);
            publisher.packetsPublished += PACKETS_PER_INVOCATION;
            if (!handoff.awaitDrained(ExpectedOutcome.DRAIN_TIMEOUT)) {
                throw new IllegalStateException(describe() + " did not drain a batch within "
                    + ExpectedOutcome.DRAIN_TIMEOUT);
            }
        }

        /** Every packet of the iteration got through the estimator, and the timer stage sent REMBs. */
        @TearDown(Level.Iteration)
        public void checkIteration() {
            final ExpectedOutcome.Counts now = ExpectedOutcome.Counts.of(handoff.counters());
            final long published = now.published() - atIterationStart.published();
            final long accepted = now.accepted() - atIterationStart.accepted();
            if (published == 0 || accepted != published || now.dropped() != 0 || now.rejected() != 0
                || now.stageErrors() != 0 || now.rembsSent() <= atIterationStart.rembsSent()) {
                throw new IllegalStateException(describe() + ": in the iteration " + published + " packets published, "
                    + accepted + " accepted, REMBs " + atIterationStart.rembsSent() + " -> " + now.rembsSent()
                    + "; totals " + now);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            if (handoff != null) {
                handoff.close();
            }
        }
    }

    /** bwe's pipeline. */
    @State(Scope.Thread)
    public static class DisruptorPipeline extends Subject {
        @Param({"SLEEPING", "YIELDING"})
        public WaitStrategyKind waitStrategy;

        /** Left empty: every {@link Journal} setting. */
        @Param
        public Journal journal;

        @Override
        Handoff create() {
            return new DisruptorHandoff(threading, waitStrategy, journal, null);
        }

        @Override
        String describe() {
            return "disruptor " + threading + " " + waitStrategy + " journal " + journal;
        }
    }

    /** Baseline (a): queues, a new event per packet. */
    @State(Scope.Thread)
    public static class QueueNewEvents extends Subject {
        @Override
        Handoff create() {
            return new QueueHandoff(threading, QueueHandoff.Events.NEW_PER_PACKET, null);
        }

        @Override
        String describe() {
            return "ArrayBlockingQueue, new event per packet, " + threading;
        }
    }

    /** Baseline (b): queues, events recycled through a pool (the seed's design). */
    @State(Scope.Thread)
    public static class QueuePooledEvents extends Subject {
        @Override
        Handoff create() {
            return new QueueHandoff(threading, QueueHandoff.Events.POOLED, null);
        }

        @Override
        String describe() {
            return "ArrayBlockingQueue, pooled events, " + threading;
        }
    }

    /**
     * Reported beside the score (per iteration, summed): how many packets found the ring or queue full
     * and had to wait for room, out of how many published. Many waits mean the stages, not the
     * publisher, set the pace, which is what a throughput figure should measure.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class PublisherCounters {
        public long ringFullWaits;
        public long packetsPublished;

        @Setup(Level.Iteration)
        public void reset() {
            ringFullWaits = 0;
            packetsPublished = 0;
        }
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_INVOCATION)
    public void disruptor(final DisruptorPipeline pipeline, final PublisherCounters publisher) {
        pipeline.publishBatchAndDrain(publisher);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_INVOCATION)
    public void baselineQueueNewEvent(final QueueNewEvents queues, final PublisherCounters publisher) {
        queues.publishBatchAndDrain(publisher);
    }

    @Benchmark
    @OperationsPerInvocation(PACKETS_PER_INVOCATION)
    public void baselineQueuePooledEvent(final QueuePooledEvents queues, final PublisherCounters publisher) {
        queues.publishBatchAndDrain(publisher);
    }
}
