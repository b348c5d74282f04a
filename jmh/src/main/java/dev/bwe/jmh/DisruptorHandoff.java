package dev.bwe.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.ThreadingMode;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.WaitStrategyKind;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stat.PipelineCounters;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * bwe's own pipeline ({@link BwePipeline}) as a {@link Handoff}: the relay's thread copies each packet's
 * header into a preallocated Disruptor slot, and the stages hand the slot on by sequence numbers.
 *
 * <pre>
 *   DEDICATED: publisher ──▶ [ring] ──▶ parse ──▶ estimate ──▶ timer      (3 stage threads)
 *   COMPACT:   publisher ──▶ [ring] ──▶ parse · estimate · timer          (1 stage thread)
 * </pre>
 *
 * <p>Ticks are {@link TickSource#MANUAL} and none are published: no timer-agent thread competes for the
 * 2 cores, and the queue baseline has no ticks either. A relay's 5 ms ticks would be one event per
 * 25,000 packets at 5 M packets/s. The pipeline is otherwise built with its defaults: multi-producer
 * ring (a relay publishes from several threads), 256 header bytes per slot.
 */
final class DisruptorHandoff implements Handoff {
    private final BwePipeline pipeline;
    private final Path journalDirectory;
    /** Free slots the ring had when last asked, less those used since: only this thread claims slots. */
    private long knownFreeSlots;

    /**
     * @param countersManager where the pipeline allocates its counters, or null for a fresh off-heap set
     */
    DisruptorHandoff(final ThreadingMode threading, final WaitStrategyKind waitStrategy, final Journal journal,
                     final CountersManager countersManager) {
        try {
            journalDirectory = Files.createTempDirectory("bwe-bench-journal-");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final BwePipeline.Builder builder = BwePipeline.builder()
            .threadingMode(threading)
            .waitStrategy(waitStrategy)
            .tickSource(TickSource.MANUAL)
            .ringSize(QueueHandoff.CAPACITY);
        builder.countersManager(countersManager != null ? countersManager : OffHeapCounters.create());
        pipeline = journal.configure(builder, journalDirectory).build();
    }

    @Override
    public void openSession(final long sessionId, final ExtensionIds extensionIds) {
        pipeline.openSession(sessionId, extensionIds);
    }

    @Override
    public boolean publish(final long sessionId, final DirectBuffer buffer, final int offset, final int length,
                           final long arrivalNs) {
        boolean waited = false;
        if (knownFreeSlots == 0) {
            // Ask the ring only when the last answer is used up: the question reads the consumers' sequences.
            knownFreeSlots = pipeline.remainingCapacity();
            for (int attempt = 0; knownFreeSlots == 0; attempt++) {
                waited = true;
                Backoff.idle(attempt);
                knownFreeSlots = pipeline.remainingCapacity();
            }
        }
        knownFreeSlots--;
        if (!pipeline.publishPacket(sessionId, buffer, offset, length, arrivalNs)) {
            throw new IllegalStateException("the ring dropped a packet although it had room: another publisher?");
        }
        return waited;
    }

    @Override
    public boolean awaitDrained(final Duration timeout) {
        return pipeline.awaitDrained(timeout);
    }

    @Override
    public PipelineCounters counters() {
        return pipeline.counters();
    }

    @Override
    public void close() {
        pipeline.close();
        deleteRecursively(journalDirectory);
    }

    static void deleteRecursively(final Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (final Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("could not delete " + directory, e);
        }
    }
}
