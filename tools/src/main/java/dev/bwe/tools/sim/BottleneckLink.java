package dev.bwe.tools.sim;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * A single bottleneck: random and burst loss at the entrance, then a FIFO queue served at the capacity
 * of a {@link CapacitySchedule}, then the propagation delay plus jitter. Every flow of a session (its
 * media and any cross traffic) shares the one queue.
 *
 * <p>The queue is work-conserving and its capacity is known in advance, so a packet's departure is
 * fixed the moment it is enqueued: service starts when the previous packet has left (or at once on an
 * idle link), and lasts its size at the capacity, following capacity changes mid-packet. Packets must
 * therefore be offered in non-decreasing time order, which the event loop guarantees.
 *
 * <p>Loss is decided before the queue, so a lost packet takes no capacity: random loss with
 * {@link LinkConfig#lossProbability()}, then the {@link BurstLoss} channel. Jitter adds a uniform extra
 * delay in [0, {@link LinkConfig#jitterMaxNs()}] after the bottleneck, but a packet never arrives before
 * the one that left before it (no reordering): closely spaced packets are pushed back to their
 * predecessor's arrival time.
 */
public final class BottleneckLink {
    private final LinkConfig config;
    private final CapacitySchedule capacity;
    private final SplittableRandom lossRandom;
    private final SplittableRandom jitterRandom;
    /** Departure times and sizes of packets still in the queue (or being serialised), oldest first. */
    private final ArrayDeque<long[]> backlog = new ArrayDeque<>();

    private long backlogBytes;
    private long busyUntilNs;
    private long lastArrivalNs = Long.MIN_VALUE;
    private long lastEnqueueNs = Long.MIN_VALUE;
    private boolean burstBad;

    /**
     * @param random the link's source of randomness; the link splits its own streams from it so that
     *     loss and jitter draws do not disturb each other
     */
    public BottleneckLink(final LinkConfig config, final SplittableRandom random) {
        this.config = config;
        this.capacity = config.capacity();
        this.lossRandom = random.split();
        this.jitterRandom = random.split();
    }

    public LinkConfig config() {
        return config;
    }

    /**
     * Offers a packet of {@code sizeBytes} (on the wire: IP header included) to the link at
     * {@code enqueueTimeNs}.
     *
     * @return what happens to it
     * @throws IllegalArgumentException if time went backwards
     */
    public LinkTransit send(final long enqueueTimeNs, final int sizeBytes) {
        if (enqueueTimeNs < lastEnqueueNs) {
            throw new IllegalArgumentException("packets must be offered in time order: " + enqueueTimeNs
                + " ns after " + lastEnqueueNs + " ns");
        }
        lastEnqueueNs = enqueueTimeNs;
        final DropReason loss = lossAtEntrance();
        if (loss != DropReason.NONE) {
            return LinkTransit.dropped(enqueueTimeNs, loss);
        }
        drainUntil(enqueueTimeNs);
        final long limitBytes = config.queueLimit().limitBytes(capacity.capacityBpsAt(enqueueTimeNs));
        if (backlogBytes + sizeBytes > limitBytes) {
            return LinkTransit.dropped(enqueueTimeNs, DropReason.QUEUE_FULL);
        }
        final long serviceStartNs = Math.max(enqueueTimeNs, busyUntilNs);
        final long departureNs = capacity.transmissionEndNs(serviceStartNs, sizeBytes);
        busyUntilNs = departureNs;
        backlog.addLast(new long[] {departureNs, sizeBytes});
        backlogBytes += sizeBytes;

        final long jitterNs = config.jitterMaxNs() > 0 ? jitterRandom.nextLong(config.jitterMaxNs() + 1) : 0;
        final long arrivalNs = Math.max(departureNs + config.propagationDelayNs() + jitterNs, lastArrivalNs);
        lastArrivalNs = arrivalNs;
        return new LinkTransit(enqueueTimeNs, serviceStartNs, departureNs, arrivalNs, DropReason.NONE);
    }

    private DropReason lossAtEntrance() {
        // Each model draws for every packet whatever the other decided: a packet lost to random loss does not
        // shift the burst channel's sequence of draws.
        final boolean random = config.lossProbability() > 0 && lossRandom.nextDouble() < config.lossProbability();
        final BurstLoss burst = config.burstLoss();
        boolean burstLost = false;
        if (burst != null) {
            burstBad = burstBad ? lossRandom.nextDouble() >= burst.badToGood()
                : lossRandom.nextDouble() < burst.goodToBad();
            burstLost = lossRandom.nextDouble() < (burstBad ? burst.lossInBad() : burst.lossInGood());
        }
        if (random) {
            return DropReason.RANDOM_LOSS;
        }
        return burstLost ? DropReason.BURST_LOSS : DropReason.NONE;
    }

    private void drainUntil(final long nowNs) {
        while (!backlog.isEmpty() && backlog.peekFirst()[0] <= nowNs) {
            backlogBytes -= backlog.pollFirst()[1];
        }
    }

    /** Bytes waiting or being serialised at {@code nowNs} (not before the last packet offered). */
    public long backlogBytes(final long nowNs) {
        drainUntil(nowNs);
        return backlogBytes;
    }

    /** How long a packet offered at {@code nowNs} would wait before its transmission starts, ns. */
    public long queueDelayNs(final long nowNs) {
        return Math.max(0, busyUntilNs - nowNs);
    }
}
