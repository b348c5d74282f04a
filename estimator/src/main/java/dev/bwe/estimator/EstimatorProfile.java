package dev.bwe.estimator;

/**
 * Which behaviour a session's estimator follows. Every profile is deterministic (no clock of its own,
 * the same inputs give the same outputs), so a journal replays bit for bit under the profile it names.
 */
public enum EstimatorProfile {
    /** libwebrtc's {@code RemoteBitrateEstimatorAbsSendTime}, bit for bit: the default and the reference. */
    PARITY,
    /** bwe's own estimator: faster start and recovery, and a mode for competing loss-based flows. */
    ADAPTIVE;

    /** The lower-case name used on command lines and in summaries ({@code parity}, {@code adaptive}). */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #cliName()} (case-insensitive); the message lists the profiles. */
    public static EstimatorProfile parse(final String text) {
        for (final EstimatorProfile p : values()) {
            if (p.name().equalsIgnoreCase(text.trim())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown estimator profile '" + text + "' (parity, adaptive)");
    }
}
