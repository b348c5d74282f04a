package dev.bwe.relay.sdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.rtp.SdpExtmap;
import dev.bwe.relay.ChromiumOffer;
import dev.bwe.relay.ice.IceCredentials;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SdpAnswerTest {
    private static final IceCredentials OURS = new IceCredentials("bweR", "0123456789abcdefghijklmn");

    @Test
    void readsWhatTheAnswerNeedsFromChromiumsOffer() {
        final SdpOffer offer = SdpOffer.parse(ChromiumOffer.PLAIN);
        assertThat(offer).isEqualTo(new SdpOffer("RTP/AVPF", "0", 2, 96, ChromiumOffer.ICE_UFRAG, true));
    }

    @Test
    void answersChromiumsOfferLineForLineAsTheCheckedTemplate() {
        final String answer = SdpAnswer.build(SdpOffer.parse(ChromiumOffer.PLAIN), OURS, 40_000);
        assertThat(answer).isEqualTo(String.join("\r\n",
            "v=0",
            "o=- 1 2 IN IP4 127.0.0.1",
            "s=-",
            "t=0 0",
            "a=group:BUNDLE 0",
            "a=ice-lite",
            "m=video 40000 RTP/AVPF 96",
            "c=IN IP4 127.0.0.1",
            "a=rtcp:40000 IN IP4 127.0.0.1",
            "a=ice-ufrag:bweR",
            "a=ice-pwd:0123456789abcdefghijklmn",
            "a=mid:0",
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=recvonly",
            "a=rtcp-mux",
            "a=rtcp-rsize",
            "a=rtpmap:96 VP8/90000",
            "a=rtcp-fb:96 goog-remb",
            "a=candidate:1 1 udp 2130706431 127.0.0.1 40000 typ host",
            "a=end-of-candidates",
            ""));
        assertThat(answer).doesNotContain("transport-cc").doesNotContain("transport-wide-cc");
    }

    @Test
    void echoesAnotherMidExtensionIdAndPayloadType() {
        final String offer = ChromiumOffer.PLAIN
            .replace("a=mid:0", "a=mid:video7").replace("BUNDLE 0", "BUNDLE video7")
            .replace("a=extmap:2 ", "a=extmap:13 ").replace("a=extmap:1 ", "a=extmap:2 ")
            .replace("a=rtpmap:96 VP8", "a=rtpmap:120 VP8").replace("RTP/AVPF 96 ", "RTP/AVPF 120 ");
        final String answer = SdpAnswer.build(SdpOffer.parse(offer), OURS, 5000);
        assertThat(answer).contains("a=group:BUNDLE video7\r\n", "a=mid:video7\r\n", "m=video 5000 RTP/AVPF 120\r\n",
            "a=extmap:13 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n",
            "a=rtpmap:120 VP8/90000\r\n", "a=rtcp-fb:120 goog-remb\r\n");
    }

    @Test
    void theAnswersExtmapOpensABweSessionWithTheOffersAbsSendTimeId() {
        final String answer = SdpAnswer.build(SdpOffer.parse(ChromiumOffer.PLAIN), OURS, 40_000);
        assertThat(SdpExtmap.parse(Arrays.asList(answer.split("\r\n")))).isEqualTo(ExtensionIds.of(2, 0));
    }

    @Test
    void rejectsAnEncryptedOfferSayingWhichFlagIsMissing() {
        assertThatThrownBy(() -> SdpOffer.parse(ChromiumOffer.ENCRYPTED))
            .isInstanceOf(UnsupportedOfferException.class)
            .hasMessageContaining("UDP/TLS/RTP/SAVPF")
            .hasMessageContaining("--disable-webrtc-encryption");
    }

    @Test
    void rejectsOffersItCannotServe() {
        assertThatThrownBy(() -> SdpOffer.parse(ChromiumOffer.PLAIN.replace(
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n", "")))
            .isInstanceOf(UnsupportedOfferException.class).hasMessageContaining("abs-send-time");
        assertThatThrownBy(() -> SdpOffer.parse(
            ChromiumOffer.PLAIN.replace("a=rtpmap:96 VP8/90000", "a=rtpmap:96 X/1")))
            .isInstanceOf(UnsupportedOfferException.class).hasMessageContaining("VP8");
        assertThatThrownBy(() -> SdpOffer.parse(ChromiumOffer.PLAIN + "m=audio 9 RTP/AVPF 111\r\n"))
            .isInstanceOf(UnsupportedOfferException.class).hasMessageContaining("exactly one media section");
        assertThatThrownBy(() -> SdpOffer.parse(ChromiumOffer.PLAIN.replace("a=mid:0\r\n", "")))
            .isInstanceOf(UnsupportedOfferException.class).hasMessageContaining("a=mid");
        assertThatThrownBy(() -> SdpOffer.parse("v=0\r\n"))
            .isInstanceOf(UnsupportedOfferException.class).hasMessageContaining("has 0");
    }
}
