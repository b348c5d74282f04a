package dev.bwe.relay.shaper;

import java.util.Objects;

/**
 * The arithmetic of a bottleneck link, without sockets or clocks: a token bucket whose rate follows a
 * {@link RateSchedule}, in front of it a FIFO drop-tail queue bounded in time. Given each packet's
 * arrival time and size it says when the packet leaves the bottleneck, or that it was dropped. The same
 * arrivals always give the same departures, so tests can check the shaper exactly.
 *
 * <p>A packet leaves once every packet before it has left and the bucket holds its size in tokens; the
 * bucket fills at the scheduled rate up to {@code burstBytes}. A packet whose wait would exceed the queue
 * limit is dropped on arrival (drop-tail) and changes nothing. Times are ns after the schedule's t = 0.
 *
 * <p>Not thread-safe: the shaper's one thread owns it.
 */
public final class Bottleneck {
    /** Returned by {@link #offer} for a dropped packet. */
    public static final long DROPPED = -1;

    private static final double NS_PER_SECOND = 1e9;
    private static final int BITS_PER_BYTE = 8;

    // Replaced only by a schedule that keeps the past (RateSchedule.switchingAt), on the owning thread.
    private RateSchedule capacity;
    private final long burstBytes;
    private final long queueLimitNs;
    // The bucket's level at tokensAtNs; never above the burst. Doubles: rates times ns are not whole bytes.
    private double tokensBytes;
    private long tokensAtNs;
    private long lastDepartureNs;

    /**
     * @param capacity     the link rate over time
     * @param burstBytes   bucket depth: how many bytes may leave back to back after an idle period
     *                     (at least one full packet; a packet larger than this waits for its own size)
     * @param queueLimitNs the longest a packet may wait; longer waits are drops
     */
    public Bottleneck(final RateSchedule capacity, final long burstBytes, final long queueLimitNs) {
        this.capacity = Objects.requireNonNull(capacity, "capacity");
        if (burstBytes <= 0) {
            throw new IllegalArgumentException("burstBytes must be positive, was " + burstBytes);
        }
        if (queueLimitNs < 0) {
            throw new IllegalArgumentException("queueLimitNs must not be negative, was " + queueLimitNs);
        }
        this.burstBytes = burstBytes;
        this.queueLimitNs = queueLimitNs;
        this.tokensBytes = burstBytes;
    }

    /**
     * A packet of {@code sizeBytes} arrives at {@code arrivalNs} (not earlier than the previous arrival).
     *
     * @return when it leaves the bottleneck, ns after t = 0, or {@link #DROPPED}
     */
    public long offer(final long arrivalNs, final int sizeBytes) {
        final long startNs = Math.max(arrivalNs, lastDepartureNs);
        final double cap = Math.max(burstBytes, sizeBytes);
        final double tokensAtStart = Math.min(cap, tokensBytes + bytesBetween(tokensAtNs, startNs));
        final long departureNs;
        final double tokensAfter;
        if (tokensAtStart >= sizeBytes) {
            departureNs = startNs;
            tokensAfter = tokensAtStart - sizeBytes;
        } else {
            departureNs = timeWhenAccumulated(startNs, sizeBytes - tokensAtStart);
            tokensAfter = 0;
        }
        if (departureNs - arrivalNs > queueLimitNs) {
            return DROPPED;
        }
        tokensBytes = tokensAfter;
        tokensAtNs = departureNs;
        lastDepartureNs = departureNs;
        return departureNs;
    }

    /** Bytes the link can carry between {@code fromNs} and {@code toNs}. */
    private double bytesBetween(final long fromNs, final long toNs) {
        double bytes = 0;
        long t = fromNs;
        while (t < toNs) {
            final long end = Math.min(toNs, capacity.nextChangeNs(t));
            bytes += (end - t) * (double) capacity.bitrateBpsAt(t) / BITS_PER_BYTE / NS_PER_SECOND;
            t = end;
        }
        return bytes;
    }

    /** The first time at or after {@code fromNs} by which the link has carried {@code bytes}. */
    private long timeWhenAccumulated(final long fromNs, final double bytes) {
        double left = bytes;
        long t = fromNs;
        while (true) {
            final long rateBps = capacity.bitrateBpsAt(t);
            final long end = capacity.nextChangeNs(t);
            final double bytesPerNs = rateBps / (double) BITS_PER_BYTE / NS_PER_SECOND;
            final double needNs = left / bytesPerNs;
            if (end == Long.MAX_VALUE || t + needNs <= end) {
                return t + (long) Math.ceil(needNs);
            }
            left -= (end - t) * bytesPerNs;
            t = end;
        }
    }

    /**
     * Follows {@code schedule} from now on. It must agree with the old one up to the latest time the
     * bottleneck has seen ({@link RateSchedule#switchingAt} makes such a schedule); packets already queued
     * keep the departure times they were given.
     */
    public void capacity(final RateSchedule schedule) {
        this.capacity = Objects.requireNonNull(schedule, "schedule");
    }

    /** How long a packet arriving at {@code arrivalNs} would wait before starting to leave (the backlog). */
    public long backlogNs(final long arrivalNs) {
        return Math.max(0, lastDepartureNs - arrivalNs);
    }
}
