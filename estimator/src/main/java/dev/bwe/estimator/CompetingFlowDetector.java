package dev.bwe.estimator;

/** Placeholder: passes the detector's state through (filled in by the competing-flow mode). */
final class CompetingFlowDetector {
    void onPacket(final long arrivalTimeUs, final int sendTicks, final int ssrc, final int sequenceNumber) {
    }

    void onSendClockReset() {
    }

    BandwidthUsage update(final BandwidthUsage usage, final long atTimeUs) {
        return usage;
    }
}
