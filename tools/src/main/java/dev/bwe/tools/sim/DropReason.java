package dev.bwe.tools.sim;

/** Why a packet never reached the far end of a {@link BottleneckLink}. */
public enum DropReason {
    /** Delivered. */
    NONE,
    /** The drop-tail queue was full. */
    QUEUE_FULL,
    /** Independent random loss. */
    RANDOM_LOSS,
    /** The Gilbert-Elliott burst channel lost it. */
    BURST_LOSS
}
