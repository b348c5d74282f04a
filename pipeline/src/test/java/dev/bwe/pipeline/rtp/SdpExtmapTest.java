package dev.bwe.pipeline.rtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class SdpExtmapTest {
    private static final String AST = SdpExtmap.ABS_SEND_TIME_URI;
    private static final String ACT = SdpExtmap.ABS_CAPTURE_TIME_URI;

    /** The video section of a Chrome offer, as Chrome writes it (CRLF line ends included). */
    private static final List<String> CHROME_VIDEO_SECTION = List.of(
        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102\r\n",
        "c=IN IP4 0.0.0.0\r\n",
        "a=rtcp:9 IN IP4 0.0.0.0\r\n",
        "a=ice-ufrag:Xk2b\r\n",
        "a=mid:1\r\n",
        "a=extmap:1 urn:ietf:params:rtp-hdrext:toffset\r\n",
        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time\r\n",
        "a=extmap:3 urn:3gpp:video-orientation\r\n",
        "a=extmap:4 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n",
        "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay\r\n",
        "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type\r\n",
        "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing\r\n",
        "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space\r\n",
        "a=extmap:9 urn:ietf:params:rtp-hdrext:sdes:mid\r\n",
        "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n",
        "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id\r\n",
        "a=extmap-allow-mixed\r\n",
        "a=sendrecv\r\n",
        "a=rtcp-mux\r\n",
        "a=rtpmap:96 VP8/90000\r\n",
        "a=rtcp-fb:96 goog-remb\r\n");

    @Test
    void readsAbsSendTimeFromAChromeVideoSection() {
        // Chrome offers toffset (id 1) too: kept, for the single-stream estimator.
        assertThat(SdpExtmap.parse(CHROME_VIDEO_SECTION)).isEqualTo(ExtensionIds.of(2, 0, 1));
    }

    @Test
    void keepsToffsetAndRefusesItOnAnIdOfAnotherTimeExtension() {
        assertThat(SdpExtmap.parse(List.of("a=extmap:5 " + SdpExtmap.TOFFSET_URI))).isEqualTo(ExtensionIds.of(0, 0, 5));
        assertThat(SdpExtmap.parse(List.of("a=extmap:5 " + SdpExtmap.TOFFSET_URI)).usesRtpTimestamps()).isTrue();
        assertThatThrownBy(() -> SdpExtmap.parse(List.of("a=extmap:2 " + AST, "a=extmap:2 " + SdpExtmap.TOFFSET_URI)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("id 2 is already mapped to abs-send-time by line 1");
    }

    @Test
    void readsAbsCaptureTimeWhenOffered() {
        final List<String> lines = List.of(
            "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
            "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            "a=extmap:13 http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time");
        assertThat(SdpExtmap.parse(lines)).isEqualTo(ExtensionIds.of(2, 13));
    }

    @Test
    void givesZeroForExtensionsWithoutALine() {
        assertThat(SdpExtmap.parse(List.of("v=0", "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level")))
            .isEqualTo(ExtensionIds.NONE);
        assertThat(SdpExtmap.parse(List.of())).isEqualTo(ExtensionIds.NONE);
    }

    @Test
    void acceptsEveryDirection() {
        for (final SdpExtmap.Direction direction : SdpExtmap.Direction.values()) {
            final String slash = direction == SdpExtmap.Direction.UNSPECIFIED ? "" : "/" + direction.token();
            final SdpExtmap extmap = SdpExtmap.parseLine("a=extmap:2" + slash + " " + AST);
            assertThat(extmap.direction()).isEqualTo(direction);
            assertThat(SdpExtmap.parse(List.of("a=extmap:2" + slash + " " + AST)).absSendTimeId()).isEqualTo(2);
        }
    }

    @Test
    void readsEveryPartOfALineWithDirectionAndAttributes() {
        final SdpExtmap extmap = SdpExtmap.parseLine("a=extmap:14/sendrecv " + ACT + " some  attrs=1 ");
        assertThat(extmap).isEqualTo(new SdpExtmap(14, SdpExtmap.Direction.SENDRECV, ACT, "some  attrs=1"));
        assertThat(SdpExtmap.parseLine("a=extmap:2 http://example.com/082005/ext.htm#xmeta short").attributes())
            .isEqualTo("short");
    }

    @Test
    void toleratesAMissingPrefixAndSurroundingWhitespace() {
        assertThat(SdpExtmap.parseLine("extmap:2 " + AST).id()).isEqualTo(2);
        assertThat(SdpExtmap.parseLine("  \ta=extmap:3\t \t" + AST + "  \r\n").uri()).isEqualTo(AST);
        assertThat(SdpExtmap.parse(List.of(" extmap:7 " + ACT + "\n"))).isEqualTo(ExtensionIds.of(0, 7));
    }

    @Test
    void acceptsIdsFromOneTo255IncludingFifteen() {
        assertThat(SdpExtmap.parseLine("a=extmap:1 " + AST).id()).isEqualTo(1);
        assertThat(SdpExtmap.parseLine("a=extmap:15 " + AST).id()).isEqualTo(15);
        assertThat(SdpExtmap.parseLine("a=extmap:255 " + AST).id()).isEqualTo(255);
        assertThat(SdpExtmap.parseLine("a=extmap:007 " + AST).id()).isEqualTo(7);
    }

    @Test
    void allowsTheSameMappingTwice() {
        // One BUNDLE group: the audio and video sections repeat the shared mapping.
        final List<String> lines = List.of("a=extmap:2 " + AST, "m=video 9 RTP/AVPF 96", "a=extmap:2/recvonly " + AST);
        assertThat(SdpExtmap.parse(lines)).isEqualTo(ExtensionIds.of(2, 0));
    }

    @Test
    void ignoresUnknownUrisEvenWhenTheyReuseAnId() {
        final List<String> lines = List.of(
            "a=extmap:2 " + AST, "a=extmap:2 urn:ietf:params:rtp-hdrext:sdes:mid", "a=extmap:1 " + AST + "-v2");
        assertThat(SdpExtmap.parse(lines)).isEqualTo(ExtensionIds.of(2, 0));
    }

    @Test
    void recognisesExtmapLines() {
        assertThat(SdpExtmap.isExtmapLine("a=extmap:2 x")).isTrue();
        assertThat(SdpExtmap.isExtmapLine("extmap:2 x")).isTrue();
        assertThat(SdpExtmap.isExtmapLine("a=extmap 2 x")).isTrue();
        assertThat(SdpExtmap.isExtmapLine("a=extmap")).isTrue();
        assertThat(SdpExtmap.isExtmapLine("a=extmap-allow-mixed")).isFalse();
        assertThat(SdpExtmap.isExtmapLine("a=extmapx:2 x")).isFalse();
        assertThat(SdpExtmap.isExtmapLine("a=EXTMAP:2 x")).isFalse();
        assertThat(SdpExtmap.isExtmapLine("a=rtpmap:96 VP8/90000")).isFalse();
        assertThat(SdpExtmap.isExtmapLine("")).isFalse();
    }

    private static void assertMalformed(final String line, final String problem) {
        assertThatThrownBy(() -> SdpExtmap.parseLine(line))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("SDP line \"" + line.strip() + "\": " + problem);
        assertThatThrownBy(() -> SdpExtmap.parse(List.of("v=0", line)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("SDP line 2 \"" + line.strip() + "\": " + problem);
    }

    @Test
    void rejectsAMissingColon() {
        assertMalformed("a=extmap 2 " + AST, "expected ':' after \"extmap\"");
    }

    @Test
    void rejectsAMissingId() {
        assertMalformed("a=extmap: " + AST, "missing extension id after \"extmap:\"");
        assertMalformed("a=extmap:/sendrecv " + AST, "missing extension id after \"extmap:\"");
    }

    @Test
    void rejectsAnIdThatIsNotANumber() {
        assertMalformed("a=extmap:two " + AST, "extension id \"two\" is not a number");
        assertMalformed("a=extmap:-2 " + AST, "extension id \"-2\" is not a number");
        assertMalformed("a=extmap:+2 " + AST, "extension id \"+2\" is not a number");
        assertMalformed("a=extmap:0x2 " + AST, "extension id \"0x2\" is not a number");
    }

    @Test
    void rejectsAnIdOutOfRange() {
        assertMalformed("a=extmap:0 " + AST, "extension id 0 is out of range 1..255");
        assertMalformed("a=extmap:256 " + AST, "extension id 256 is out of range 1..255");
        // 4096..4351 is used only while negotiating (RFC 8285 §7); it is not a usable mapping.
        assertMalformed("a=extmap:4096 " + AST, "extension id 4096 is out of range 1..255");
        assertMalformed("a=extmap:99999999999999 " + AST, "extension id 99999999999999 is out of range 1..255");
    }

    @Test
    void rejectsABadDirection() {
        assertMalformed("a=extmap:2/sideways " + AST,
            "bad direction \"sideways\", expected sendonly, recvonly, sendrecv or inactive");
        assertMalformed("a=extmap:2/SENDRECV " + AST,
            "bad direction \"SENDRECV\", expected sendonly, recvonly, sendrecv or inactive");
        assertMalformed("a=extmap:2/ " + AST, "bad direction \"\", expected sendonly, recvonly, sendrecv or inactive");
    }

    @Test
    void rejectsAMissingUri() {
        assertMalformed("a=extmap:2", "missing extension URI after id 2");
        assertMalformed("a=extmap:2/sendrecv   ", "missing extension URI after id 2");
    }

    @Test
    void rejectsLinesThatAreNotExtmap() {
        assertThatThrownBy(() -> SdpExtmap.parseLine("a=rtpmap:96 VP8/90000"))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("SDP line \"a=rtpmap:96 VP8/90000\": not an a=extmap attribute");
    }

    @Test
    void rejectsOneIdForBothKnownExtensions() {
        final List<String> lines = List.of("v=0", "a=extmap:3 " + AST, "a=mid:0", "a=extmap:3 " + ACT);
        assertThatThrownBy(() -> SdpExtmap.parse(lines))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("SDP line 4 \"a=extmap:3 " + ACT + "\": id 3 is already mapped to abs-send-time by line 2");
    }

    @Test
    void rejectsTwoIdsForOneKnownExtension() {
        final List<String> lines = Arrays.asList("a=extmap:13 " + ACT, "a=extmap:14/sendonly " + ACT + " x");
        assertThatThrownBy(() -> SdpExtmap.parse(lines))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("SDP line 2 \"a=extmap:14/sendonly " + ACT + " x\": abs-capture-time is mapped to id 14"
                + " but line 1 already mapped it to id 13");
        final List<String> send = List.of("a=extmap:2 " + AST, "a=extmap:4 " + AST);
        assertThatThrownBy(() -> SdpExtmap.parse(send))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("line 2")
            .hasMessageContaining("abs-send-time is mapped to id 4 but line 1 already mapped it to id 2");
    }

    @Test
    void rejectsANullLineByNumber() {
        assertThatThrownBy(() -> SdpExtmap.parse(Arrays.asList("v=0", null)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("SDP line 2 is null");
    }

    @Test
    void validatesComponentsWhenBuiltDirectly() {
        assertThatThrownBy(() -> new SdpExtmap(0, SdpExtmap.Direction.UNSPECIFIED, AST, ""))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SdpExtmap(2, SdpExtmap.Direction.UNSPECIFIED, "", ""))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
