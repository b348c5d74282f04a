package dev.bwe.estimator;

/**
 * Groups packets by send time and produces group-to-group deltas of send time, arrival time and
 * size: libwebrtc's {@code InterArrival}.
 *
 * <p>Packets sent within {@code groupLengthTicks} of a group's first packet form one group (a video
 * frame, typically). A packet that arrives within 5 ms of the previous one, earlier than its send
 * spacing predicts and within 100 ms of the group's start, is part of a burst (it was queued behind
 * the group) and joins the group too. A delta is reported when the first packet of the third group
 * arrives, and describes groups one and two.
 *
 * <p>Timestamps are unsigned 32-bit values in a Java {@code int}: wrap-around is plain modular
 * arithmetic, and "in order" means a forward difference below 2^31.
 */
public final class InterArrival {
    /** Group length in abs-send-time ticks: {@code (5 << 26) / 1000}, integer division (≈ 4.999995 ms). */
    public static final int ABS_SEND_TIME_GROUP_LENGTH_TICKS = (5 << AbsSendTime.INTER_ARRIVAL_SHIFT) / 1000;

    static final int BURST_DELTA_THRESHOLD_MS = 5;
    static final int MAX_BURST_DURATION_MS = 100;
    static final int REORDERED_RESET_THRESHOLD = 3;
    static final int ARRIVAL_TIME_OFFSET_THRESHOLD_MS = 3000;

    private final int groupLengthTicks;
    private final double timestampToMsCoeff;

    private final TimestampGroup current = new TimestampGroup();
    private final TimestampGroup prev = new TimestampGroup();
    private int numConsecutiveReorderedPackets;

    private int timestampDelta;
    private long arrivalTimeDeltaMs;
    private int packetSizeDelta;

    /**
     * @param groupLengthTicks send-time span of one group, in timestamp ticks
     * @param timestampToMsCoeff ms per timestamp tick
     */
    public InterArrival(final int groupLengthTicks, final double timestampToMsCoeff) {
        this.groupLengthTicks = groupLengthTicks;
        this.timestampToMsCoeff = timestampToMsCoeff;
    }

    /** An instance for the abs-send-time domain (ticks of 2^-26 s). */
    public static InterArrival forAbsSendTime() {
        return new InterArrival(ABS_SEND_TIME_GROUP_LENGTH_TICKS, AbsSendTime.TIMESTAMP_TO_MS);
    }

    /**
     * Adds a packet. Returns true when a delta between the two previous groups is ready; read it with
     * {@link #timestampDelta()}, {@link #arrivalTimeDeltaMs()} and {@link #packetSizeDelta()}. When it
     * returns false those keep their previous values.
     *
     * @param timestamp send timestamp, unsigned 32-bit ticks
     * @param arrivalTimeMs arrival time, ms
     * @param systemTimeMs receiver clock at the time of processing, ms (detects arrival-clock jumps)
     * @param packetSizeBytes payload plus padding, bytes
     */
    public boolean computeDeltas(final int timestamp, final long arrivalTimeMs, final long systemTimeMs,
                                 final int packetSizeBytes) {
        boolean calculatedDeltas = false;
        if (current.isFirstPacket()) {
            // Nothing to compare with yet: keep the packet until two groups are complete.
            current.timestamp = timestamp;
            current.firstTimestamp = timestamp;
            current.firstArrivalMs = arrivalTimeMs;
        } else if (!packetInOrder(timestamp)) {
            return false;
        } else if (newTimestampGroup(arrivalTimeMs, timestamp)) {
            // First packet of a later group: the previous group is complete.
            if (prev.completeTimeMs >= 0) {
                final int tsDelta = current.timestamp - prev.timestamp;
                final long arrivalDeltaMs = current.completeTimeMs - prev.completeTimeMs;
                final long systemDeltaMs = current.lastSystemTimeMs - prev.lastSystemTimeMs;
                // An arrival clock that jumped ahead of the system clock makes every later delta
                // meaningless: start over.
                if (arrivalDeltaMs - systemDeltaMs >= ARRIVAL_TIME_OFFSET_THRESHOLD_MS) {
                    reset();
                    return false;
                }
                if (arrivalDeltaMs < 0) {
                    // The group was reordered after it got its arrival time; too many in a row
                    // means the arrival clock went backwards.
                    ++numConsecutiveReorderedPackets;
                    if (numConsecutiveReorderedPackets >= REORDERED_RESET_THRESHOLD) {
                        reset();
                    }
                    return false;
                }
                numConsecutiveReorderedPackets = 0;
                timestampDelta = tsDelta;
                arrivalTimeDeltaMs = arrivalDeltaMs;
                packetSizeDelta = current.sizeBytes - prev.sizeBytes;
                calculatedDeltas = true;
            }
            prev.copyFrom(current);
            current.firstTimestamp = timestamp;
            current.timestamp = timestamp;
            current.firstArrivalMs = arrivalTimeMs;
            current.sizeBytes = 0;
        } else {
            current.timestamp = latestTimestamp(current.timestamp, timestamp);
        }
        current.sizeBytes += packetSizeBytes;
        current.completeTimeMs = arrivalTimeMs;
        current.lastSystemTimeMs = systemTimeMs;
        return calculatedDeltas;
    }

    /** Send-time delta of the last reported pair of groups, unsigned ticks. */
    public int timestampDelta() {
        return timestampDelta;
    }

    /** Arrival-time delta of the last reported pair of groups, ms. */
    public long arrivalTimeDeltaMs() {
        return arrivalTimeDeltaMs;
    }

    /** Size delta (later minus earlier group) of the last reported pair of groups, bytes. */
    public int packetSizeDelta() {
        return packetSizeDelta;
    }

    /** Forgets both groups and the reorder count. */
    public void reset() {
        numConsecutiveReorderedPackets = 0;
        current.clear();
        prev.clear();
    }

    private boolean packetInOrder(final int timestamp) {
        // A forward difference of half the 32-bit range or more can only be reordering.
        return Integer.compareUnsigned(timestamp - current.firstTimestamp, 0x80000000) < 0;
    }

    private boolean newTimestampGroup(final long arrivalTimeMs, final int timestamp) {
        if (belongsToBurst(arrivalTimeMs, timestamp)) {
            return false;
        }
        return Integer.compareUnsigned(timestamp - current.firstTimestamp, groupLengthTicks) > 0;
    }

    private boolean belongsToBurst(final long arrivalTimeMs, final int timestamp) {
        final long arrivalDeltaMs = arrivalTimeMs - current.completeTimeMs;
        final long tsDiffTicks = Integer.toUnsignedLong(timestamp - current.timestamp);
        final long tsDeltaMs = (long) (timestampToMsCoeff * tsDiffTicks + 0.5);
        if (tsDeltaMs == 0) {
            return true;
        }
        // libwebrtc narrows this to int; the difference only matters for deltas beyond 2^31 ms.
        final int propagationDeltaMs = (int) (arrivalDeltaMs - tsDeltaMs);
        return propagationDeltaMs < 0
            && arrivalDeltaMs <= BURST_DELTA_THRESHOLD_MS
            && arrivalTimeMs - current.firstArrivalMs < MAX_BURST_DURATION_MS;
    }

    /** libwebrtc's {@code LatestTimestamp}: the newer of two wrapping timestamps. */
    static int latestTimestamp(final int t1, final int t2) {
        return isNewerTimestamp(t1, t2) ? t1 : t2;
    }

    static boolean isNewerTimestamp(final int value, final int prevValue) {
        final int diff = value - prevValue;
        // Exactly half the range apart is ambiguous; the larger value is taken as newer.
        if (diff == 0x80000000) {
            return Integer.compareUnsigned(value, prevValue) > 0;
        }
        return value != prevValue && Integer.compareUnsigned(diff, 0x80000000) < 0;
    }

    /** One group's running totals; mutable and reused so that resets allocate nothing. */
    private static final class TimestampGroup {
        int sizeBytes;
        int firstTimestamp;
        int timestamp;
        long firstArrivalMs = -1;
        long completeTimeMs = -1;
        long lastSystemTimeMs = -1;

        boolean isFirstPacket() {
            return completeTimeMs == -1;
        }

        void clear() {
            sizeBytes = 0;
            firstTimestamp = 0;
            timestamp = 0;
            firstArrivalMs = -1;
            completeTimeMs = -1;
            lastSystemTimeMs = -1;
        }

        void copyFrom(final TimestampGroup other) {
            sizeBytes = other.sizeBytes;
            firstTimestamp = other.firstTimestamp;
            timestamp = other.timestamp;
            firstArrivalMs = other.firstArrivalMs;
            completeTimeMs = other.completeTimeMs;
            lastSystemTimeMs = other.lastSystemTimeMs;
        }
    }
}
