package dev.bwe.pipeline.replay;

import java.util.List;
import java.util.Optional;

/**
 * What a replay did: how many events it processed and outputs it reported, the damage it met (a
 * corrupt or truncated journal is replayed up to the damage, which is reported here), and in verify
 * mode the first REMB that differs from the journaled one.
 *
 * @param events events processed (packets, ticks, opens, closes)
 * @param packets PACKET events processed
 * @param ticks TICK events processed
 * @param sessionsOpened OPEN_SESSION events processed
 * @param sessionsClosed CLOSE_SESSION events processed
 * @param runs pipeline runs replayed (a journal directory reused by several runs holds several)
 * @param packetsOfUnknownSessions packets whose session was not open: their OPEN_SESSION is not in the
 *     journal (retention deleted it)
 * @param packetsRejected packets the parse stage rejected (a malformed header, no send time...), and
 *     packets without a send time that a session waiting for the switch to RTP timestamps ignored
 * @param estimateUpdates estimate updates reported (after the filter)
 * @param rembs REMBs reported (after the filter)
 * @param corruptions damage found, in the order found; empty for an intact journal
 * @param verified whether replayed REMBs were compared with the journaled ones
 * @param rembsCompared REMBs compared in verify mode
 * @param firstDifference the first REMB that differs, in verify mode
 */
public record ReplayResult(long events, long packets, long ticks, long sessionsOpened, long sessionsClosed,
                           long runs, long packetsOfUnknownSessions, long packetsRejected,
                           long estimateUpdates, long rembs,
                           List<Corruption> corruptions, boolean verified, long rembsCompared,
                           Optional<Difference> firstDifference) {
    public ReplayResult {
        corruptions = List.copyOf(corruptions);
    }

    /** True when verify mode ran and found every REMB equal. */
    public boolean verifiedEqual() {
        return verified && firstDifference.isEmpty();
    }

    /**
     * Damage found while reading a journal: where (file, Chronicle index) and what.
     *
     * @param file the queue file, or the queue directory when the file is unknown
     * @param index the Chronicle index of the first record not replayed, or of the last record read
     *     (-1 when unknown)
     * @param reason what was wrong
     */
    public record Corruption(String file, long index, String reason) {
        @Override
        public String toString() {
            return file + (index >= 0 ? " at index 0x" + Long.toHexString(index) : "") + ": " + reason;
        }
    }

    /**
     * The first REMB whose replay differs from the journal.
     *
     * @param index position of the REMB among those compared (0-based)
     * @param expected the journaled REMB, or empty when replay produced one more than the journal holds
     * @param actual the replayed REMB, or empty when replay produced fewer than the journal holds
     */
    public record Difference(long index, Optional<RembRecord> expected, Optional<RembRecord> actual) {
        @Override
        public String toString() {
            return "REMB #" + index + ": expected " + expected.map(RembRecord::toString).orElse("none")
                + ", replayed " + actual.map(RembRecord::toString).orElse("none");
        }
    }
}
