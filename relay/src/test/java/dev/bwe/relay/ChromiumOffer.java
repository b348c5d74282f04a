package dev.bwe.relay;

/**
 * An offer as Debian's Chromium 156 makes it with {@code --disable-webrtc-encryption} for one sendonly video
 * transceiver (the shape recorded in chromium-interop.md: RTP/AVPF, no fingerprint or setup, abs-send-time
 * at id 2, transport-cc offered, VP8 at 96 among many codecs).
 */
public final class ChromiumOffer {
    public static final String ICE_UFRAG = "Wq3c";

    public static final String PLAIN = String.join("\r\n",
        "v=0",
        "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        "a=group:BUNDLE 0",
        "a=extmap-allow-mixed",
        "a=msid-semantic: WMS",
        "m=video 9 RTP/AVPF 96 97 102 103 104 105 106 107 108 109 127 125 39 40 45 46 98 99 100 101 112 113 116",
        "c=IN IP4 0.0.0.0",
        "a=rtcp:9 IN IP4 0.0.0.0",
        "a=ice-ufrag:" + ICE_UFRAG,
        "a=ice-pwd:Jf0nKmZ1qE6x2zJ0bP5lW8aT",
        "a=ice-options:trickle",
        "a=mid:0",
        "a=extmap:1 urn:ietf:params:rtp-hdrext:toffset",
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
        "a=extmap:3 urn:3gpp:video-orientation",
        "a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
        "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
        "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type",
        "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing",
        "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space",
        "a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid",
        "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
        "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
        "a=sendonly",
        "a=msid:- 5c7f2a4e-6a0b-4a53-9d0e-3c1f1b7e9a21",
        "a=rtcp-mux",
        "a=rtcp-rsize",
        "a=rtpmap:96 VP8/90000",
        "a=rtcp-fb:96 goog-remb",
        "a=rtcp-fb:96 transport-cc",
        "a=rtcp-fb:96 ccm fir",
        "a=rtcp-fb:96 nack",
        "a=rtcp-fb:96 nack pli",
        "a=rtpmap:97 rtx/90000",
        "a=fmtp:97 apt=96",
        "a=rtpmap:102 H264/90000",
        "a=rtcp-fb:102 goog-remb",
        "a=rtcp-fb:102 transport-cc",
        "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f",
        "a=rtpmap:103 rtx/90000",
        "a=fmtp:103 apt=102",
        "a=rtpmap:98 VP9/90000",
        "a=rtcp-fb:98 goog-remb",
        "a=rtcp-fb:98 transport-cc",
        "a=fmtp:98 profile-id=0",
        "a=rtpmap:39 AV1/90000",
        "a=rtcp-fb:39 goog-remb",
        "a=rtpmap:112 red/90000",
        "a=rtpmap:116 ulpfec/90000",
        "a=ssrc-group:FID 2944436395 1208323512",
        "a=ssrc:2944436395 cname:q5nKbV0uGk6m3hJ1",
        "a=ssrc:2944436395 msid:- 5c7f2a4e-6a0b-4a53-9d0e-3c1f1b7e9a21",
        "a=ssrc:1208323512 cname:q5nKbV0uGk6m3hJ1",
        "") + "\r\n";

    /** The same offer from a browser that kept encryption on (branded Chrome, or no flag). */
    public static final String ENCRYPTED = PLAIN
        .replace("RTP/AVPF", "UDP/TLS/RTP/SAVPF")
        .replace("a=mid:0\r\n", "a=fingerprint:sha-256 AB:CD:EF:01\r\na=setup:actpass\r\na=mid:0\r\n");

    private ChromiumOffer() {
    }
}
