package dev.bwe.pipeline;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.rtp.SdpExtmap;
import java.util.Objects;

/**
 * What a session was opened with: the header-extension ids negotiated in SDP and the estimator's
 * settings. Immutable; travels in the OPEN_SESSION event so that every stage (and the journal) sees
 * the same values.
 */
public final class SessionSettings {
    private final ExtensionIds extensionIds;
    private final EstimatorConfig estimatorConfig;
    private final boolean hasRembSenderSsrc;
    private final int rembSenderSsrc;

    public SessionSettings(final ExtensionIds extensionIds, final EstimatorConfig estimatorConfig) {
        this(extensionIds, estimatorConfig, false, 0);
    }

    private SessionSettings(final ExtensionIds extensionIds, final EstimatorConfig estimatorConfig,
                            final boolean hasRembSenderSsrc, final int rembSenderSsrc) {
        this.hasRembSenderSsrc = hasRembSenderSsrc;
        this.rembSenderSsrc = rembSenderSsrc;
        this.extensionIds = Objects.requireNonNull(extensionIds, "extensionIds");
        this.estimatorConfig = Objects.requireNonNull(estimatorConfig, "estimatorConfig");
        // Any set of extensions will do: without abs-send-time and abs-capture-time the session is
        // estimated from its RTP timestamps (and toffset), as libwebrtc does.
    }

    /** Settings from SDP {@code a=extmap} lines (unknown URIs ignored, malformed lines rejected). */
    public static SessionSettings fromSdp(final Iterable<String> extmapLines, final EstimatorConfig config) {
        return new SessionSettings(SdpExtmap.parse(extmapLines), config);
    }

    /**
     * These settings with the sender SSRC written into this session's REMBs (the relay's RTCP SSRC on
     * this peer connection), instead of the pipeline's {@code rembSenderSsrc}.
     */
    public SessionSettings withRembSenderSsrc(final int ssrc) {
        return new SessionSettings(extensionIds, estimatorConfig, true, ssrc);
    }

    /** These settings with another estimator configuration (the sender SSRC kept). */
    public SessionSettings withEstimatorConfig(final EstimatorConfig config) {
        return new SessionSettings(extensionIds, config, hasRembSenderSsrc, rembSenderSsrc);
    }

    /** True when the session's REMBs carry their own sender SSRC ({@link #rembSenderSsrc()}). */
    public boolean hasRembSenderSsrc() {
        return hasRembSenderSsrc;
    }

    /** The session's REMB sender SSRC; meaningful only when {@link #hasRembSenderSsrc()}. */
    public int rembSenderSsrc() {
        return rembSenderSsrc;
    }

    public ExtensionIds extensionIds() {
        return extensionIds;
    }

    public EstimatorConfig estimatorConfig() {
        return estimatorConfig;
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof SessionSettings
            && ((SessionSettings) o).extensionIds.equals(extensionIds)
            && ((SessionSettings) o).estimatorConfig.equals(estimatorConfig)
            && ((SessionSettings) o).hasRembSenderSsrc == hasRembSenderSsrc
            && ((SessionSettings) o).rembSenderSsrc == rembSenderSsrc;
    }

    @Override
    public int hashCode() {
        return Objects.hash(extensionIds, estimatorConfig, hasRembSenderSsrc, rembSenderSsrc);
    }

    @Override
    public String toString() {
        return "SessionSettings{" + extensionIds + ", " + estimatorConfig
            + (hasRembSenderSsrc ? ", rembSenderSsrc=" + Integer.toUnsignedString(rembSenderSsrc) : "") + '}';
    }
}
