package dev.bwe.tools.cli;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.EstimateObserver;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.replay.TraceReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;
import org.agrona.collections.LongHashSet;

/**
 * Pushes a CSV trace through the real multi-threaded pipeline (packets rebuilt as RTP bytes, ticks on
 * the same grid as {@code TraceReplay}), for {@code bwe replay --pipeline} and {@code bwe import --trace}.
 * Driven from one thread with manual ticks, it gives exactly what the single-threaded replay gives.
 */
final class TracePipelineReplay {
    private TracePipelineReplay() {
    }

    /**
     * @param journal a journal directory to write, or null
     * @param progress told the number of rows read every 100,000 rows
     * @return the number of packets published
     */
    static long run(final Path trace, final Duration tickInterval, final RembSink sink, final EstimateObserver observer,
                    final Path journal, final LongConsumer progress) throws IOException {
        return run(trace, tickInterval, sink, observer, journal, progress, EstimatorConfig.DEFAULT);
    }

    /** As above, with every session's estimator settings (its profile, say). */
    static long run(final Path trace, final Duration tickInterval, final RembSink sink, final EstimateObserver observer,
                    final Path journal, final LongConsumer progress, final EstimatorConfig estimatorConfig)
        throws IOException {
        final BwePipeline.Builder builder = BwePipeline.builder().tickSource(TickSource.MANUAL).tickInterval(tickInterval)
            .maxStreamsPerSession(EstimatorConfig.MAX_STREAMS_LIMIT).rembSink(sink).estimateObserver(observer);
        if (journal != null) {
            JournalOptions.apply(builder, journal);
        }
        final long tickNs = tickInterval.toNanos();
        final SessionSettings settings = new SessionSettings(RtpRebuilder.IDS, estimatorConfig);
        final byte[] packet = new byte[65_600];
        long rows = 0;
        try (BufferedReader in = Files.newBufferedReader(trace);
             TraceReader reader = new TraceReader(in, trace.toString());
             BwePipeline pipeline = builder.build()) {
            final TraceReader.Row row = new TraceReader.Row();
            final LongHashSet open = new LongHashSet();
            boolean first = true;
            long nextTickNs = 0;
            while (reader.next(row)) {
                final long arrivalNs = row.arrivalUs * 1000;
                if (first) {
                    first = false;
                    nextTickNs = Math.floorDiv(arrivalNs, tickNs) * tickNs;
                    if (nextTickNs < arrivalNs) {
                        nextTickNs += tickNs;
                    }
                }
                while (nextTickNs <= arrivalNs) {
                    pipeline.tick(nextTickNs);
                    nextTickNs += tickNs;
                }
                if (open.add(row.sessionId)) {
                    pipeline.openSession(row.sessionId, settings);
                }
                if (row.payloadSizeBytes > 65_000) {
                    throw new UserError(trace + " line " + row.lineNumber + ": payload_size " + row.payloadSizeBytes
                        + " is larger than an RTP packet can be");
                }
                final int length = RtpRebuilder.write(row, packet);
                while (!pipeline.publishPacket(row.sessionId, packet, 0, length, arrivalNs)) {
                    pipeline.awaitDrained(Duration.ofSeconds(30));
                }
                if (++rows % 100_000 == 0) {
                    progress.accept(rows);
                }
            }
            if (!pipeline.awaitDrained(Duration.ofSeconds(60))) {
                throw new IllegalStateException("the pipeline did not drain within 60 s");
            }
        }
        return rows;
    }
}
