package dev.bwe.pipeline.journal;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.replay.ReplayResult;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a journal's records as they are, for tools that show them ({@code bwe dump}) rather than replay
 * them. Every record is checked as {@link JournalReplay} checks it; reading stops at the first damage,
 * which is returned.
 */
public final class JournalDump {
    private JournalDump() {
    }

    /** What a dump sees, in journal order. Arguments are views valid during the call. */
    public interface Visitor {
        /** A HEADER: the pipeline's settings at a start or at a roll of the queue file. */
        default void header(final JournalHeader header, final boolean start) {
        }

        /** An event (PACKET with its parse results, TICK, OPEN_SESSION with its settings, CLOSE_SESSION). */
        default void event(final PipelineEvent event) {
        }

        /** A session switched estimator (the record is reused: copy what you keep). */
        default void estimatorSwitch(final JournalRecords.EstimatorSwitch estimatorSwitch) {
        }

        /** A REMB the live pipeline sent. */
        default void remb(final long timeNs, final long sessionId, final long bitrateBps, final SsrcSet ssrcs) {
        }
    }

    /**
     * Visits the events queue of {@code directory}.
     *
     * @return the damage that ended the reading, or null when the queue was read to its end
     * @throws JournalFormatException when the journal is missing, empty or of an unknown layout
     */
    public static ReplayResult.Corruption events(final Path directory, final Visitor visitor) {
        return read(directory, JournalConfig.EVENTS_QUEUE, "events", visitor);
    }

    /** Visits the REMB queue of {@code directory}; as {@link #events}. */
    public static ReplayResult.Corruption rembs(final Path directory, final Visitor visitor) {
        return read(directory, JournalConfig.REMBS_QUEUE, "REMB", visitor);
    }

    private static ReplayResult.Corruption read(final Path directory, final String queue, final String what,
                                                final Visitor visitor) {
        if (!Files.isDirectory(directory)) {
            throw new JournalFormatException(directory, -1, "journal directory " + directory + " does not exist");
        }
        try (JournalReader reader = JournalReader.open(directory.resolve(queue), what)) {
            visitor.header(reader.header(), true);
            final PipelineEvent event = new PipelineEvent(1);
            final JournalRecords.MutableRemb remb = new JournalRecords.MutableRemb();
            int type;
            while ((type = reader.next(event, remb)) >= 0) {
                if (type == JournalRecords.HEADER) {
                    visitor.header(reader.header(), reader.headerReason() == JournalRecords.REASON_START);
                } else if (type == JournalRecords.REMB) {
                    visitor.remb(remb.timeNs, remb.sessionId, remb.bitrateBps, remb);
                } else if (type == JournalRecords.ESTIMATOR_SWITCH) {
                    visitor.estimatorSwitch(reader.estimatorSwitch());
                } else if (event.type != EventType.NONE) {
                    visitor.event(event);
                }
            }
            return reader.corruption();
        }
    }
}
