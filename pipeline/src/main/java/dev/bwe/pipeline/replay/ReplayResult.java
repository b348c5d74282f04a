package dev.bwe.pipeline.replay;

import java.util.Arrays;
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
 * @param gaps the journal's GAP records: where it fell behind and lost records
 * @param sessionsUnverified sessions whose verification stopped at a gap or at damage (their outputs
 *     after it were still replayed, not compared)
 * @param rembsSkipped journaled REMBs not compared because their session was unverified
 */
public record ReplayResult(long events, long packets, long ticks, long sessionsOpened, long sessionsClosed,
                           long runs, long packetsOfUnknownSessions, long packetsRejected,
                           long estimateUpdates, long rembs,
                           List<Corruption> corruptions, boolean verified, long rembsCompared,
                           Optional<Difference> firstDifference, List<Gap> gaps, long sessionsUnverified,
                           long rembsSkipped) {
    public ReplayResult {
        corruptions = List.copyOf(corruptions);
        gaps = List.copyOf(gaps);
    }

    /** True when verify mode ran and found every REMB equal. */
    public boolean verifiedEqual() {
        return verified && firstDifference.isEmpty();
    }

    /** True when the journal had damage or gaps: some of it was not replayed, or not verified. */
    public boolean incomplete() {
        return !corruptions.isEmpty() || !gaps.isEmpty();
    }

    /**
     * A GAP record: the journal fell behind (its thread or its disk stalled) and lost records, never
     * packets of the live pipeline. Replay stops verifying the sessions it names.
     *
     * @param lostRecords records lost (packets, estimate updates, REMBs)
     * @param lostPackets packets among them
     * @param firstTimeNs time of the first record lost, ns in the journal's clock
     * @param lastTimeNs time of the last record lost
     * @param allSessions whether every session open at the gap was touched (too many to name)
     * @param sessions the sessions whose records were lost, when not {@code allSessions}
     */
    public record Gap(long lostRecords, long lostPackets, long firstTimeNs, long lastTimeNs, boolean allSessions,
                      long[] sessions) {
        public Gap {
            sessions = sessions.clone();
        }

        @Override
        public long[] sessions() {
            return sessions.clone();
        }

        @Override
        public String toString() {
            return lostRecords + " records (" + lostPackets + " packets) lost from " + firstTimeNs / 1e9 + " s to "
                + lastTimeNs / 1e9 + " s, sessions " + (allSessions ? "all open" : Arrays.toString(sessions));
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Gap g && g.lostRecords == lostRecords && g.lostPackets == lostPackets
                && g.firstTimeNs == firstTimeNs && g.lastTimeNs == lastTimeNs && g.allSessions == allSessions
                && Arrays.equals(g.sessions, sessions);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(lostRecords) * 31 + Arrays.hashCode(sessions);
        }
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
