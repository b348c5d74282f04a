package dev.bwe.estimator;

/**
 * The over-use detector's hypothesis about the bottleneck queue.
 *
 * <p>The declaration order is libwebrtc's enum order (Normal 0, Underusing 1, Overusing 2); code
 * that takes "the worst" state over several detectors relies on it.
 */
public enum BandwidthUsage {
    NORMAL,
    UNDERUSING,
    OVERUSING
}
