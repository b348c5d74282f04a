package dev.bwe.jmh;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * Observes the moment the estimate stage has finished each packet, on the estimate stage's own thread,
 * without changing the pipeline: the pipeline allocates its counters from the {@link CountersManager} it
 * is given ({@code BwePipeline.Builder.countersManager}), and this manager hands out, for the "packets
 * accepted" counter, one that also reads {@link System#nanoTime()} each time it is incremented.
 *
 * <p>Why that counter: {@code PipelineCounters} documents the estimate stage as its only writer, and
 * {@code EstimateStage} increments it for each packet the estimator accepted, after
 * {@code RemoteBitrateEstimator.incomingPacket} returned and the estimate update was written into the
 * slot. So the time read there is "estimate written" for that packet, and the {@code n}-th increment is
 * the {@code n}-th accepted packet (the estimate stage takes packets in order). Every packet of the
 * {@link MultiSessionLap} is accepted, so the {@code n}-th increment is the {@code n}-th packet published;
 * {@link PipelineLatencyHarness} checks that and that every packet measured got a time, so if the stage
 * ever stopped counting this way the harness would fail instead of measuring something else.
 *
 * <p>The other ways considered: a {@code StageFactory} extra stage runs after parse, in parallel with
 * estimate (on its own thread in DEDICATED mode), so it would time "parsed", not "estimated"; the
 * {@code RembSink} is called only for the few packets that trigger a REMB. The queue baseline runs the
 * same {@code EstimateStage} with counters from the same kind of manager, so both measure the same hop.
 * The cost on the estimate thread is one {@code System.nanoTime()} and one array store per packet.
 */
final class EstimateTimestamps extends CountersManager {
    /** The label suffix {@code PipelineCounters} gives the counter the estimate stage increments. */
    static final String ACCEPTED_LABEL_SUFFIX = " packets accepted";

    private final long[] estimatedNs;
    private final long firstRecorded;
    private int timestampingCounters;

    /**
     * @param estimatedNs where the time of accepted packets {@code firstRecorded ..
     *     firstRecorded + estimatedNs.length - 1} (counting from 0) is written, ns of {@link System#nanoTime()}
     */
    EstimateTimestamps(final long[] estimatedNs, final long firstRecorded) {
        this(OffHeapCounters.metadataBuffer(), OffHeapCounters.valuesBuffer(), estimatedNs, firstRecorded);
    }

    private EstimateTimestamps(final AtomicBuffer metadata, final AtomicBuffer values, final long[] estimatedNs,
                               final long firstRecorded) {
        super(metadata, values, StandardCharsets.US_ASCII);
        this.estimatedNs = estimatedNs;
        this.firstRecorded = firstRecorded;
    }

    @Override
    public AtomicCounter newCounter(final String label, final int typeId) {
        final int id = allocate(label, typeId);
        if (label.endsWith(ACCEPTED_LABEL_SUFFIX)) {
            timestampingCounters++;
            return new TimestampingCounter(valuesBuffer, id, this, estimatedNs, firstRecorded);
        }
        return new AtomicCounter(valuesBuffer, id, this);
    }

    /** How many "packets accepted" counters were handed out: exactly one per pipeline, or nothing is timed. */
    int timestampingCounters() {
        return timestampingCounters;
    }

    /** An accepted-packets counter that also notes when each increment happened. */
    private static final class TimestampingCounter extends AtomicCounter {
        private final long[] estimatedNs;
        private final long firstRecorded;

        TimestampingCounter(final AtomicBuffer buffer, final int id, final CountersManager manager,
                            final long[] estimatedNs, final long firstRecorded) {
            super(buffer, id, manager);
            this.estimatedNs = estimatedNs;
            this.firstRecorded = firstRecorded;
        }

        @Override
        public long incrementOrdered() {
            final long nowNs = System.nanoTime();
            final long previous = super.incrementOrdered();
            final long slot = previous - firstRecorded;
            if (slot >= 0 && slot < estimatedNs.length) {
                estimatedNs[(int) slot] = nowNs;
            }
            return previous;
        }
    }
}
