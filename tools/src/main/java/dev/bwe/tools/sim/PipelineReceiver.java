package dev.bwe.tools.sim;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.agrona.collections.Long2LongHashMap;

/**
 * A {@link SimReceiver} that is the real product: every packet is written as RTP bytes and published
 * into a {@link BwePipeline} (parse, estimate, timer, and the journal if the builder has one), driven
 * with manual ticks at simulated times, so a run is deterministic and can be journaled and replayed.
 *
 * <p>After each tick the receiver waits until the pipeline has drained, then hands the REMBs it
 * produced to the simulator with the times the pipeline gave them (the packet's arrival or the tick's
 * time). A REMB therefore reaches the simulator up to one tick late in wall-clock terms but never in
 * simulated terms, since the reverse path's delay is longer than a tick.
 */
public final class PipelineReceiver implements SimReceiver, AutoCloseable {
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private final BwePipeline pipeline;
    private final RembFeedback feedback;
    private final byte[] packetBytes = new byte[65_536];
    private final List<Remb> pending = new ArrayList<>();
    private final Long2LongHashMap openSessions = new Long2LongHashMap(-1);
    private final boolean absSendTimeNegotiated;
    private long feedbackSlackNs;
    private long lastDrainNs = Long.MIN_VALUE;

    /** One REMB copied off the pipeline's timer thread. */
    private record Remb(long timeNs, long sessionId, long bitrateBps, int[] ssrcs) implements SsrcSet {
        @Override
        public int size() {
            return ssrcs.length;
        }

        @Override
        public int get(final int index) {
            return ssrcs[index];
        }
    }

    /**
     * @param template pipeline settings (journal, counters file...); ticks are made manual and the REMB
     *     sink is this receiver's
     */
    public PipelineReceiver(final BwePipeline.Builder template, final RembFeedback feedback) {
        this(template, feedback, true);
    }

    /**
     * @param absSendTimeNegotiated false: sessions open without abs-send-time, so the pipeline sees what it
     *     sees of a sender that stamps none (the element in the packets is not read) and estimates from RTP
     *     timestamps (the single-stream estimator)
     */
    public PipelineReceiver(final BwePipeline.Builder template, final RembFeedback feedback,
                            final boolean absSendTimeNegotiated) {
        this.absSendTimeNegotiated = absSendTimeNegotiated;
        this.feedback = Objects.requireNonNull(feedback, "feedback");
        final RembSink sink = this::collect;
        this.pipeline = template.tickSource(TickSource.MANUAL).rembSink(sink).build();
    }

    /** A factory for simulations; the caller closes the receivers it gets (see {@link #lastCreated()}). */
    public static Factory factory(final java.util.function.Supplier<BwePipeline.Builder> template) {
        return new Factory(template, true);
    }

    /** As {@link #factory(java.util.function.Supplier)}; see the constructor for {@code absSendTimeNegotiated}. */
    public static Factory factory(final java.util.function.Supplier<BwePipeline.Builder> template,
                                  final boolean absSendTimeNegotiated) {
        return new Factory(template, absSendTimeNegotiated);
    }

    private void collect(final RembView remb) {
        final int[] ssrcs = new int[remb.ssrcs().size()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = remb.ssrcs().get(i);
        }
        synchronized (pending) {
            pending.add(new Remb(remb.timeNs(), remb.sessionId(), remb.bitrateBps(), ssrcs));
        }
    }

    @Override
    public void openSession(final long sessionId, final int absSendTimeExtensionId) {
        if (openSessions.get(sessionId) == -1) {
            pipeline.openSession(sessionId,
                absSendTimeNegotiated ? ExtensionIds.of(absSendTimeExtensionId, 0) : ExtensionIds.NONE);
            openSessions.put(sessionId, absSendTimeExtensionId);
        }
    }

    @Override
    public void onPacket(final long sessionId, final long arrivalTimeNs, final SimPacket packet) {
        final int extensionId = (int) openSessions.get(sessionId);
        if (extensionId == -1) {
            throw new IllegalStateException("packet for session " + sessionId + " before it was opened");
        }
        final int headerBytes = packet.writeHeader(packetBytes, 0, extensionId);
        final int length = headerBytes + packet.payloadSizeBytes();
        // Only the header is copied into the ring; the payload's bytes do not matter, only its length.
        while (!pipeline.publishPacket(sessionId, packetBytes, 0, length, arrivalTimeNs)) {
            // Simulated time: a full ring must not lose packets; wait for room instead.
            pipeline.awaitDrained(DRAIN_TIMEOUT);
        }
    }

    @Override
    public void feedbackSlackNs(final long slackNs) {
        this.feedbackSlackNs = Math.max(0, slackNs);
    }

    /**
     * Publishes the tick; waits for the pipeline and hands over its REMBs only when the feedback slack is used
     * up (every 45 ms of simulated time with 50 ms reverse delay and 5 ms ticks), since each wait is a
     * round trip through the stage threads.
     */
    @Override
    public void advanceTo(final long nowNs) {
        pipeline.tick(nowNs);
        if (lastDrainNs != Long.MIN_VALUE && nowNs - lastDrainNs < feedbackSlackNs) {
            return;
        }
        lastDrainNs = nowNs;
        drainAndDeliver();
    }

    @Override
    public void finish(final long endNs) {
        drainAndDeliver();
    }

    private void drainAndDeliver() {
        if (!pipeline.awaitDrained(DRAIN_TIMEOUT)) {
            throw new IllegalStateException("pipeline did not drain within " + DRAIN_TIMEOUT);
        }
        final List<Remb> ready;
        synchronized (pending) {
            ready = new ArrayList<>(pending);
            pending.clear();
        }
        for (final Remb remb : ready) {
            feedback.onRemb(remb.timeNs(), remb.sessionId(), remb.bitrateBps(), remb);
        }
    }

    /** The pipeline behind this receiver (counters, drops). */
    public BwePipeline pipeline() {
        return pipeline;
    }

    /** Closes the pipeline: drains, joins its threads, closes the journal. */
    @Override
    public void close() {
        pipeline.close();
    }

    /** Makes one receiver per run and remembers it so the caller can close it and read its counters. */
    public static final class Factory implements SimReceiverFactory {
        private final java.util.function.Supplier<BwePipeline.Builder> template;
        private final boolean absSendTimeNegotiated;
        private PipelineReceiver lastCreated;

        private Factory(final java.util.function.Supplier<BwePipeline.Builder> template,
                        final boolean absSendTimeNegotiated) {
            this.template = template;
            this.absSendTimeNegotiated = absSendTimeNegotiated;
        }

        @Override
        public SimReceiver create(final RembFeedback feedback) {
            lastCreated = new PipelineReceiver(template.get(), feedback, absSendTimeNegotiated);
            return lastCreated;
        }

        /** The receiver of the last run, or null. */
        public PipelineReceiver lastCreated() {
            return lastCreated;
        }
    }
}
