package dev.bwe.relay.sdp;

import dev.bwe.relay.ice.IceCredentials;
import java.util.List;

/**
 * The answer of an ICE-lite, receive-only, unencrypted endpoint to a browser's {@link SdpOffer}, line for line
 * the template Chromium 156 was checked against: the offer's mid, abs-send-time id and VP8 payload type
 * echoed; {@code goog-remb} kept; transport-cc (its rtcp-fb and its extmap) left out, or Chromium would run
 * send-side estimation and treat REMB only as a cap; rtcp-mux and rtcp-rsize; one host candidate.
 */
public final class SdpAnswer {
    private static final String CRLF = "\r\n";
    private static final String LOOPBACK = "127.0.0.1";

    private SdpAnswer() {
    }

    /**
     * Builds the answer.
     *
     * @param offer       the browser's offer
     * @param credentials our ICE ufrag and password
     * @param port        the port of our only candidate: the endpoint's, or a shaper's in front of it
     * @return the answer, CRLF line endings
     */
    public static String build(final SdpOffer offer, final IceCredentials credentials, final int port) {
        final int pt = offer.vp8PayloadType();
        final List<String> lines = List.of(
            "v=0",
            "o=- 1 2 IN IP4 " + LOOPBACK,
            "s=-",
            "t=0 0",
            "a=group:BUNDLE " + offer.mid(),
            "a=ice-lite",
            "m=video " + port + " RTP/AVPF " + pt,
            "c=IN IP4 " + LOOPBACK,
            "a=rtcp:" + port + " IN IP4 " + LOOPBACK,
            "a=ice-ufrag:" + credentials.ufrag(),
            "a=ice-pwd:" + credentials.password(),
            "a=mid:" + offer.mid(),
            "a=extmap:" + offer.absSendTimeId() + " http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=recvonly",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtpmap:" + pt + " VP8/90000",
            "a=rtcp-fb:" + pt + " goog-remb",
            "a=candidate:1 1 udp 2130706431 " + LOOPBACK + " " + port + " typ host",
            "a=end-of-candidates");
        return String.join(CRLF, lines) + CRLF;
    }
}
