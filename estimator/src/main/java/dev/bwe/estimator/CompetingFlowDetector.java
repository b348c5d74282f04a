package dev.bwe.estimator;

/**
 * Recognises a loss-based flow (TCP, say) sharing the bottleneck, and counts losses from RTP
 * sequence-number gaps for the rate control that takes over while it is there.
 *
 * <p><b>Why.</b> A loss-based flow fills the queue until it drops packets, so the queue never drains.
 * A delay-based controller sees over-use on every rise of that queue, backs off, and is starved (parity
 * ends near its floor in {@code tcp-competition}). The sign: a queue that stands above
 * {@value #STANDING_QUEUE_US} µs for {@value #ENTER_AFTER_US} µs in a row, through our own back-offs.
 * Our own queue drains within a second or two of a back-off; a fade on a cellular link holds the queue
 * up for at most its length (seconds) and then drains. The mode ends as soon as the queue drains: then
 * delay is a usable signal again: an empty queue for {@value #EXIT_AFTER_US} µs (the other flow's own
 * back-offs empty it only briefly).
 *
 * <p><b>Loss.</b> Per SSRC, the highest sequence number seen (with 16-bit wrap); a jump forward counts
 * the skipped numbers as lost, a late packet (reordered) takes one loss back. A fixed table of
 * {@value #MAX_TRACKED_STREAMS} streams, least recently seen replaced first: no allocation, bounded.
 */
final class CompetingFlowDetector {
    static final long STANDING_QUEUE_US = 50_000;
    /** Longer than a cellular fade (seconds) plus the drain after it. */
    static final long ENTER_AFTER_US = 5_000_000;
    static final int MAX_TRACKED_STREAMS = 16;
    /** A queue below this is empty (jitter and pacing aside). */
    static final long EMPTY_QUEUE_US = 20_000;
    /** Longer than the dip after a loss-based flow's back-off, before it fills the queue again. */
    static final long EXIT_AFTER_US = 3_000_000;
    /** A jump this large is a restarted stream, not loss. */
    private static final int MAX_GAP = 1000;

    private final int[] ssrcs = new int[MAX_TRACKED_STREAMS];
    private final int[] highestSequence = new int[MAX_TRACKED_STREAMS];
    private final long[] lastSeenUs = new long[MAX_TRACKED_STREAMS];
    private int tracked;
    private long received;
    private long lost;

    private long standingSinceUs = Units.NONE;
    private boolean active;
    private long emptySinceUs = Units.NONE;

    void onPacket(final int ssrc, final int sequenceNumber, final long arrivalTimeUs) {
        if (sequenceNumber < 0) {
            return;
        }
        received++;
        int slot = -1;
        for (int i = 0; i < tracked; i++) {
            if (ssrcs[i] == ssrc) {
                slot = i;
                break;
            }
        }
        if (slot < 0) {
            slot = tracked < MAX_TRACKED_STREAMS ? tracked++ : oldestSlot();
            ssrcs[slot] = ssrc;
            highestSequence[slot] = sequenceNumber;
            lastSeenUs[slot] = arrivalTimeUs;
            return;
        }
        lastSeenUs[slot] = arrivalTimeUs;
        final int delta = (short) (sequenceNumber - highestSequence[slot]);
        if (delta > 0 && delta < MAX_GAP) {
            lost += delta - 1;
            highestSequence[slot] = sequenceNumber;
        } else if (delta < 0 && delta > -MAX_GAP) {
            // A late packet fills a gap counted as lost.
            lost = Math.max(0, lost - 1);
        } else if (delta != 0) {
            highestSequence[slot] = sequenceNumber;
        }
    }

    private int oldestSlot() {
        int oldest = 0;
        for (int i = 1; i < tracked; i++) {
            if (lastSeenUs[i] < lastSeenUs[oldest]) {
                oldest = i;
            }
        }
        return oldest;
    }

    /** Loss since the last call, as a fraction of the packets expected; 0 when none were. */
    double takeLossFraction() {
        final long expected = received + lost;
        final double fraction = expected == 0 ? 0 : (double) lost / expected;
        received = 0;
        lost = 0;
        return fraction;
    }

    /** Updates the mode with the queueing delay now; returns whether a competing flow is assumed. */
    boolean update(final long queueDelayUs, final long atTimeUs) {
        if (active) {
            // The other flow's queue dips at its every loss: only an empty queue that stays empty means it left.
            if (queueDelayUs >= EMPTY_QUEUE_US) {
                emptySinceUs = Units.NONE;
            } else if (emptySinceUs == Units.NONE) {
                emptySinceUs = atTimeUs;
            } else if (atTimeUs - emptySinceUs >= EXIT_AFTER_US) {
                active = false;
                standingSinceUs = Units.NONE;
            }
            return active;
        }
        if (queueDelayUs < STANDING_QUEUE_US) {
            standingSinceUs = Units.NONE;
        } else if (standingSinceUs == Units.NONE) {
            standingSinceUs = atTimeUs;
        } else if (atTimeUs - standingSinceUs >= ENTER_AFTER_US) {
            active = true;
            emptySinceUs = Units.NONE;
        }
        return active;
    }

    boolean active() {
        return active;
    }

    /** The send clock restarted: the queue reading starts over, and so does the mode. */
    void onSendClockReset() {
        standingSinceUs = Units.NONE;
        emptySinceUs = Units.NONE;
        active = false;
    }
}
