package dev.bwe.relay.e2e;

import dev.bwe.relay.RembRecord;
import java.util.List;

/** Tables and figures over recorded trajectories, for the test output. */
final class Trajectories {
    private Trajectories() {
    }

    /** The last REMB at or before {@code atNs}, bps, or 0. */
    static long rembAt(final List<RembRecord> rembs, final long atNs) {
        long bps = 0;
        for (final RembRecord r : rembs) {
            if (r.timeNs() > atNs) {
                break;
            }
            bps = r.bitrateBps();
        }
        return bps;
    }

    static String openLoopTable(final List<BrowserSample> samples, final List<RembRecord> sent, final long originNs) {
        final StringBuilder out = new StringBuilder("open loop (kbps): t after first RTP (s) | forced REMB"
            + " | Chromium availableOutgoingBitrate | targetBitrate\n");
        for (final BrowserSample s : samples) {
            out.append(String.format("  %6.2f | %6d | %8.1f | %8.1f%n", (s.atNs() - originNs) / 1e9,
                rembAt(sent, s.atNs()) / 1000, s.availableOutgoingBps() / 1000, s.targetBps() / 1000));
        }
        return out.toString();
    }
}
