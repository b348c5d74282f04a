package dev.bwe.jmh;

import java.time.Duration;

import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stat.PipelineCounters;
import org.agrona.DirectBuffer;

/**
 * bwe's three stages (parse, estimate, timer: the pipeline's own {@code ParseStage}, {@code EstimateStage}
 * and {@code TimerStage}) behind one way of handing packets from the relay's thread to them and from
 * stage to stage: bwe's Disruptor ring ({@link DisruptorHandoff}) or a baseline of
 * {@code ArrayBlockingQueue}s ({@link QueueHandoff}). The work per packet is the same code in every
 * implementation; only the hand-off differs, so their throughput and latency can be compared.
 *
 * <p>Driven by one publishing thread, which also opens the sessions.
 */
interface Handoff extends AutoCloseable {
    /** Opens a session with the pipeline's default estimator settings; ordered before later packets. */
    void openSession(long sessionId, ExtensionIds extensionIds);

    /**
     * Hands one packet to the stages, waiting while there is no room (spinning, then yielding: see
     * {@link Backoff}) instead of dropping it, so every packet published is processed.
     *
     * @param arrivalNs the packet's arrival time, ns
     * @return true when it had to wait for room (the ring or queue was full), false when it went straight in
     */
    boolean publish(long sessionId, DirectBuffer buffer, int offset, int length, long arrivalNs);

    /** Waits until every stage has processed everything published so far; false when {@code timeout} passed first. */
    boolean awaitDrained(Duration timeout);

    /**
     * The stages' counters: packets published, dropped, accepted by the estimator, rejected by parse,
     * REMBs sent, stage errors. Once drained, {@code published = accepted + rejected + dropped}.
     */
    PipelineCounters counters();

    /** Stops and joins every thread it started. Idempotent. */
    @Override
    void close();
}
