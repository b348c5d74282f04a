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

    public SessionSettings(final ExtensionIds extensionIds, final EstimatorConfig estimatorConfig) {
        this.extensionIds = Objects.requireNonNull(extensionIds, "extensionIds");
        this.estimatorConfig = Objects.requireNonNull(estimatorConfig, "estimatorConfig");
        // Any set of extensions will do: without abs-send-time and abs-capture-time the session is
        // estimated from its RTP timestamps (and toffset), as libwebrtc does.
    }

    /** Settings from SDP {@code a=extmap} lines (unknown URIs ignored, malformed lines rejected). */
    public static SessionSettings fromSdp(final Iterable<String> extmapLines, final EstimatorConfig config) {
        return new SessionSettings(SdpExtmap.parse(extmapLines), config);
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
            && ((SessionSettings) o).estimatorConfig.equals(estimatorConfig);
    }

    @Override
    public int hashCode() {
        return Objects.hash(extensionIds, estimatorConfig);
    }

    @Override
    public String toString() {
        return "SessionSettings{" + extensionIds + ", " + estimatorConfig + '}';
    }
}
