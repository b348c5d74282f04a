package dev.bwe.estimator;

/**
 * Which estimator a {@link ReceiveSideEstimator} runs. The codes are stable: the journal records them.
 */
public enum EstimatorKind {
    /** {@link RemoteBitrateEstimator}: abs-send-time, or abs-capture-time as bwe's extension. */
    ABS_SEND_TIME(1, "abs-send-time"),
    /** {@link SingleStreamEstimator}: the RTP timestamp (plus toffset) of each stream. */
    SINGLE_STREAM(2, "single-stream");

    private final int code;
    private final String label;

    EstimatorKind(final int code, final String label) {
        this.code = code;
        this.label = label;
    }

    /** The journal code, 1..2. */
    public int code() {
        return code;
    }

    /** The name shown by dumps and summaries. */
    public String label() {
        return label;
    }

    /** The kind with {@code code}; throws on an unknown code (a damaged record). */
    public static EstimatorKind fromCode(final int code) {
        for (final EstimatorKind kind : values()) {
            if (kind.code == code) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown estimator kind code " + code);
    }
}
