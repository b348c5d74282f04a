package dev.bwe.tools.sim;

import dev.bwe.pipeline.StageOccupancy;
import java.util.Locale;

/**
 * What a {@link Soak} found.
 *
 * @param sessionsOpened sessions over the run
 * @param maxLiveSessions most sessions open at once
 * @param published packets published into the pipeline
 * @param accepted of those, parsed and estimated
 * @param rejected refused by the parse or estimate stage
 * @param dropped dropped because the ring was full
 * @param conserved published = accepted + rejected + dropped
 * @param rembs REMBs the pipeline sent
 * @param silences times a stream went silent for longer than the stream timeout
 * @param absSendTimeWraps times a stream's 24-bit abs-send-time wrapped
 * @param sessionsGauge the pipeline's live-session counter at the end
 * @param streamsGauge the pipeline's live-stream counter at the end
 * @param occupancy what every stage held at the end
 * @param heapFirstHourBytes heap in use after a GC at the first report
 * @param heapMaxBytes the largest such figure over the run
 * @param maxJournalBytes the journal's largest size on disk at a report
 * @param journalBoundBytes what retention allows: (keep + 1) cycle files per queue of the largest size seen
 */
public record SoakReport(long sessionsOpened, long maxLiveSessions, long published, long accepted, long rejected,
                         long dropped, boolean conserved, long rembs, long silences, long absSendTimeWraps,
                         long sessionsGauge, long streamsGauge, StageOccupancy occupancy, long heapFirstHourBytes,
                         long heapMaxBytes, long maxJournalBytes, long journalBoundBytes) {
    /** Every map back to zero, counters conserved and the journal within its retention bound. */
    public boolean passed() {
        return conserved && sessionsGauge == 0 && streamsGauge == 0 && occupancy.isEmpty()
            && maxJournalBytes <= journalBoundBytes;
    }

    public String text() {
        return String.format(Locale.ROOT, "sessions: %d opened, at most %d at once; packets: %d published = %d accepted"
                + " + %d rejected + %d dropped (%s); %d REMBs; %d silences; %d abs-send-time wraps%n"
                + "at the end: sessions %d, streams %d; stages: %s (%s)%n"
                + "heap after GC: %.1f MiB at the first report, at most %.1f MiB; journal at most %.1f MiB on disk "
                + "(retention bound %.1f MiB)%n%s",
            sessionsOpened, maxLiveSessions, published, accepted, rejected, dropped,
            conserved ? "conserved" : "NOT CONSERVED", rembs, silences, absSendTimeWraps, sessionsGauge, streamsGauge,
            occupancy, occupancy.isEmpty() ? "all empty" : "NOT EMPTY", heapFirstHourBytes / 1048576.0,
            heapMaxBytes / 1048576.0, maxJournalBytes / 1048576.0, journalBoundBytes / 1048576.0,
            passed() ? "soak passed" : "soak FAILED");
    }
}
