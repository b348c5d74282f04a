package dev.bwe.tools.sim;

/**
 * What the bottleneck link did with one packet. All times are simulated ns; a dropped packet has
 * {@link #NEVER} for the times it never reached.
 *
 * @param enqueueTimeNs when the packet reached the link's queue
 * @param serviceStartNs when its first bit went on the wire (end of queueing)
 * @param departureTimeNs when its last bit left the bottleneck
 * @param arrivalTimeNs when it reached the far end: departure + propagation delay + jitter
 * @param drop why it was dropped, {@link DropReason#NONE} if it was not
 */
public record LinkTransit(long enqueueTimeNs, long serviceStartNs, long departureTimeNs, long arrivalTimeNs,
                          DropReason drop) {
    /** The time of an event that never happened. */
    public static final long NEVER = -1;

    static LinkTransit dropped(final long enqueueTimeNs, final DropReason reason) {
        return new LinkTransit(enqueueTimeNs, NEVER, NEVER, NEVER, reason);
    }

    public boolean dropped() {
        return drop != DropReason.NONE;
    }

    /** Time spent waiting in the queue before transmission, ns; {@link #NEVER} if dropped. */
    public long queueingDelayNs() {
        return dropped() ? NEVER : serviceStartNs - enqueueTimeNs;
    }
}
