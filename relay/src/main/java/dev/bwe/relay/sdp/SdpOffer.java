package dev.bwe.relay.sdp;

import dev.bwe.pipeline.rtp.SdpExtmap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What the endpoint needs from a browser's offer: one video section sent as plain RTP/AVPF, its mid, the
 * abs-send-time extension id and the VP8 payload type, and the offerer's ICE ufrag.
 *
 * @param profile          the m-line's transport, e.g. {@code RTP/AVPF}
 * @param mid              the section's {@code a=mid}
 * @param absSendTimeId    the abs-send-time {@code a=extmap} id
 * @param vp8PayloadType   the payload type of {@code VP8/90000}
 * @param iceUfrag         the offerer's {@code a=ice-ufrag}, or null when absent
 * @param offersTransportCc whether the offer has transport-cc (the answer leaves it out either way)
 */
public record SdpOffer(String profile, String mid, int absSendTimeId, int vp8PayloadType, String iceUfrag,
                       boolean offersTransportCc) {
    private static final String TRANSPORT_CC_URI =
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    private static final String PLAIN_PROFILE = "RTP/AVPF";

    /** Validates the fields. */
    public SdpOffer {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(mid, "mid");
    }

    /**
     * Reads an offer.
     *
     * @throws UnsupportedOfferException when the offer is encrypted (SAVPF), has other than exactly one
     *     video section, or lacks mid, abs-send-time or VP8; the message says which and why
     */
    public static SdpOffer parse(final String sdp) {
        Objects.requireNonNull(sdp, "sdp");
        final List<String> lines = Arrays.asList(sdp.split("\r?\n"));
        String mLine = null;
        int sections = 0;
        String mid = null;
        String ufrag = null;
        int absSendTimeId = 0;
        boolean transportCc = false;
        int vp8 = -1;
        for (final String raw : lines) {
            final String line = raw.strip();
            if (line.startsWith("m=")) {
                sections++;
                mLine = line;
            } else if (line.startsWith("a=mid:") && sections == 1) {
                mid = line.substring("a=mid:".length());
            } else if (line.startsWith("a=ice-ufrag:") && ufrag == null) {
                ufrag = line.substring("a=ice-ufrag:".length());
            } else if (SdpExtmap.isExtmapLine(line)) {
                final SdpExtmap extmap = SdpExtmap.parseLine(line);
                if (SdpExtmap.ABS_SEND_TIME_URI.equals(extmap.uri())) {
                    absSendTimeId = extmap.id();
                } else if (TRANSPORT_CC_URI.equals(extmap.uri())) {
                    transportCc = true;
                }
            } else if (line.startsWith("a=rtcp-fb:") && line.endsWith(" transport-cc")) {
                transportCc = true;
            } else if (line.startsWith("a=rtpmap:") && vp8 < 0) {
                vp8 = vp8PayloadType(line);
            }
        }
        if (sections != 1 || !mLine.startsWith("m=video ")) {
            throw new UnsupportedOfferException("the offer must have exactly one media section, m=video, but has "
                + sections + (mLine == null ? "" : " (last: \"" + mLine + "\")")
                + ": add only a video transceiver (sendonly) to the peer connection");
        }
        final String[] m = mLine.split(" +");
        if (m.length < 4) {
            throw new UnsupportedOfferException("malformed m-line \"" + mLine + "\"");
        }
        final String profile = m[2];
        if (profile.toUpperCase(Locale.ROOT).contains("SAVP")) {
            throw new UnsupportedOfferException("the offer's media profile is " + profile + " (DTLS-SRTP), but this "
                + "endpoint only speaks unencrypted RTP/AVPF: start Debian's chromium with "
                + "--disable-webrtc-encryption (branded Google Chrome ignores that flag)");
        }
        if (!profile.endsWith(PLAIN_PROFILE)) {
            throw new UnsupportedOfferException("the offer's media profile is " + profile
                + "; this endpoint answers RTP/AVPF only (REMB is RTCP feedback: AVPF)");
        }
        if (mid == null || mid.isEmpty()) {
            throw new UnsupportedOfferException("the offer's video section has no a=mid");
        }
        if (absSendTimeId == 0) {
            throw new UnsupportedOfferException("the offer has no a=extmap for " + SdpExtmap.ABS_SEND_TIME_URI
                + ": without send times bwe cannot estimate");
        }
        if (vp8 < 0 || !Arrays.asList(m).subList(3, m.length).contains(Integer.toString(vp8))) {
            throw new UnsupportedOfferException("the offer's video section has no VP8/90000 payload type");
        }
        return new SdpOffer(profile, mid, absSendTimeId, vp8, ufrag, transportCc);
    }

    /** The payload type of an {@code a=rtpmap:<pt> VP8/90000} line, or -1 for another codec. */
    private static int vp8PayloadType(final String line) {
        final String[] parts = line.substring("a=rtpmap:".length()).split(" +");
        if (parts.length != 2 || !parts[1].toUpperCase(Locale.ROOT).startsWith("VP8/90000")) {
            return -1;
        }
        try {
            return Integer.parseInt(parts[0]);
        } catch (final NumberFormatException e) {
            return -1;
        }
    }
}
