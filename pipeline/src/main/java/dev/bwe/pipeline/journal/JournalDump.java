package dev.bwe.pipeline.journal;

import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.replay.ReplayResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads a journal's records as they are, for tools that show them ({@code bwe dump}) rather than replay
 * them. Every batch and record is checked as {@link JournalReplay} checks it; damage is skipped and
 * returned, and reading goes on after it.
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

        /** An estimate update the live estimate stage made for the packet before it. */
        default void estimate(final long timeNs, final long sessionId, final long bitrateBps) {
        }

        /** A REMB the live pipeline sent. */
        default void remb(final long timeNs, final long sessionId, final long bitrateBps, final SsrcSet ssrcs) {
        }

        /** A session switched estimator (the record is reused: copy what you keep). */
        default void estimatorSwitch(final JournalRecords.EstimatorSwitch estimatorSwitch) {
        }

        /** The live journal fell behind here and lost records. */
        default void gap(final ReplayResult.Gap gap) {
        }

        /** A record of a type this dump knows by name only (a type added to the registry later). */
        default void other(final int type, final int bodyLength) {
        }
    }

    /**
     * Visits every record of the journal in {@code directory}.
     *
     * @return the damage found (skipped), empty for an intact journal
     * @throws JournalFormatException when the journal is missing, empty or of another layout
     */
    public static List<ReplayResult.Corruption> read(final Path directory, final Visitor visitor) {
        if (!Files.isDirectory(directory)) {
            throw new JournalFormatException(directory, -1, "journal directory " + directory + " does not exist");
        }
        try (JournalReader reader = JournalReader.open(directory.resolve(JournalConfig.EVENTS_QUEUE))) {
            visitor.header(reader.header(), reader.headerReason() == JournalRecords.REASON_START);
            final PipelineEvent event = new PipelineEvent(1);
            final JournalRecords.MutableRemb remb = new JournalRecords.MutableRemb();
            final JournalRecords.MutableEstimate estimate = new JournalRecords.MutableEstimate();
            final JournalRecords.EstimatorSwitch estimatorSwitch = new JournalRecords.EstimatorSwitch();
            while (reader.nextBatch() == JournalReader.BATCH) {
                int type;
                while ((type = reader.nextRecord()) >= 0) {
                    try {
                        visit(reader, type, visitor, event, remb, estimate, estimatorSwitch);
                    } catch (final IllegalArgumentException e) {
                        reader.badRecord("a " + JournalRecordType.nameOf(type) + " record no writer produces: "
                            + e.getMessage());
                        break;
                    }
                }
            }
            return List.copyOf(reader.damages());
        }
    }

    private static void visit(final JournalReader reader, final int type, final Visitor visitor,
                              final PipelineEvent event, final JournalRecords.MutableRemb remb,
                              final JournalRecords.MutableEstimate estimate,
                              final JournalRecords.EstimatorSwitch estimatorSwitch) {
        final JournalRecordType known = JournalRecordType.of(type);
        switch (known) {
            case HEADER:
                visitor.header(reader.readHeaderRecord(), reader.headerReason() == JournalRecords.REASON_START);
                break;
            case PACKET:
            case TICK:
            case OPEN_SESSION:
            case CLOSE_SESSION:
            case RTT_UPDATE:
            case BITRATE_BOUNDS:
            case REMOVE_STREAM:
            case SET_REMB_SENDER_SSRC:
                JournalRecords.readEvent(reader.buffer(), reader.recordOffset(), known, event);
                visitor.event(event);
                break;
            case ESTIMATE_UPDATE:
                JournalRecords.readEstimateUpdate(reader.buffer(), reader.recordOffset(), estimate);
                visitor.estimate(estimate.timeNs, estimate.sessionId, estimate.bitrateBps);
                break;
            case REMB:
                JournalRecords.readRemb(reader.buffer(), reader.recordOffset(), reader.recordLength(), remb);
                visitor.remb(remb.timeNs, remb.sessionId, remb.bitrateBps, remb);
                break;
            case ESTIMATOR_SWITCH:
                JournalRecords.readEstimatorSwitch(reader.buffer(), reader.recordOffset(), estimatorSwitch);
                visitor.estimatorSwitch(estimatorSwitch);
                break;
            case GAP:
                visitor.gap(JournalRecords.readGap(reader.buffer(), reader.recordOffset(), reader.recordLength()));
                break;
            default:
                visitor.other(type, reader.recordLength());
                break;
        }
    }
}
