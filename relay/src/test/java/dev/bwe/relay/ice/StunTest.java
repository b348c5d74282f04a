package dev.bwe.relay.ice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** STUN against RFC 5769's test vectors, and the ICE-lite responder's accept/reject rules. */
class StunTest {
    private static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    private static final byte[] TRANSACTION_ID = bytes(0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87,
        0xdf, 0xae);

    /** RFC 5769 §2.1: a Binding request, USERNAME "evtj:h6vY" (padded with spaces), signed with PASSWORD. */
    static final byte[] RFC5769_REQUEST = bytes(
        0x00, 0x01, 0x00, 0x58, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
        0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x10, 0x53, 0x54, 0x55, 0x4e, 0x20, 0x74, 0x65, 0x73,
        0x74, 0x20, 0x63, 0x6c, 0x69, 0x65, 0x6e, 0x74, 0x00, 0x24, 0x00, 0x04, 0x6e, 0x00, 0x01, 0xff,
        0x80, 0x29, 0x00, 0x08, 0x93, 0x2f, 0xf9, 0xb1, 0x51, 0x26, 0x3b, 0x36, 0x00, 0x06, 0x00, 0x09,
        0x65, 0x76, 0x74, 0x6a, 0x3a, 0x68, 0x36, 0x76, 0x59, 0x20, 0x20, 0x20, 0x00, 0x08, 0x00, 0x14,
        0x9a, 0xea, 0xa7, 0x0c, 0xbf, 0xd8, 0xcb, 0x56, 0x78, 0x1e, 0xf2, 0xb5, 0xb2, 0xd3, 0xf2, 0x49,
        0xc1, 0xb5, 0x71, 0xa2, 0x80, 0x28, 0x00, 0x04, 0xe5, 0x7a, 0x3b, 0xcf);

    /** RFC 5769 §2.2: the IPv4 Binding success, SOFTWARE "test vector", mapped 192.0.2.1:32853. */
    private static final byte[] RFC5769_RESPONSE_IPV4 = bytes(
        0x01, 0x01, 0x00, 0x3c, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
        0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
        0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43,
        0x00, 0x08, 0x00, 0x14, 0x2b, 0x91, 0xf5, 0x99, 0xfd, 0x9e, 0x90, 0xc3, 0x8c, 0x74, 0x89, 0xf9,
        0x2a, 0xf9, 0xba, 0x53, 0xf0, 0x6b, 0xe7, 0xd7, 0x80, 0x28, 0x00, 0x04, 0xc0, 0x7d, 0x4c, 0x96);

    /** RFC 5769 §2.3: the IPv6 Binding success, mapped [2001:db8:1234:5678:11:2233:4455:6677]:32853. */
    private static final byte[] RFC5769_RESPONSE_IPV6 = bytes(
        0x01, 0x01, 0x00, 0x48, 0x21, 0x12, 0xa4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86,
        0xfa, 0x87, 0xdf, 0xae, 0x80, 0x22, 0x00, 0x0b, 0x74, 0x65, 0x73, 0x74, 0x20, 0x76, 0x65, 0x63,
        0x74, 0x6f, 0x72, 0x20, 0x00, 0x20, 0x00, 0x14, 0x00, 0x02, 0xa1, 0x47, 0x01, 0x13, 0xa9, 0xfa,
        0xa5, 0xd3, 0xf1, 0x79, 0xbc, 0x25, 0xf4, 0xb5, 0xbe, 0xd2, 0xb9, 0xd9, 0x00, 0x08, 0x00, 0x14,
        0xa3, 0x82, 0x95, 0x4e, 0x4b, 0xe6, 0x7b, 0xf1, 0x17, 0x84, 0xc9, 0x7c, 0x82, 0x92, 0xc2, 0x75,
        0xbf, 0xe3, 0xed, 0x41, 0x80, 0x28, 0x00, 0x04, 0xc8, 0xfb, 0x0b, 0x4c);

    private static final InetSocketAddress SOURCE = new InetSocketAddress(InetAddress.getLoopbackAddress(), 50_000);

    @Test
    void writesRfc5769Ipv4ResponseByteForByte() throws Exception {
        final byte[] out = new byte[128];
        final int length = rfcResponseWriter(out)
            .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 32853))
            .messageIntegrity(new StunIntegrity(PASSWORD))
            .fingerprint()
            .length();
        assertThat(Arrays.copyOf(out, length)).isEqualTo(RFC5769_RESPONSE_IPV4);
    }

    @Test
    void writesRfc5769Ipv6ResponseByteForByte() throws Exception {
        final byte[] out = new byte[128];
        final int length = rfcResponseWriter(out)
            .xorMappedAddress(new InetSocketAddress(InetAddress.getByName("2001:db8:1234:5678:11:2233:4455:6677"),
                32853))
            .messageIntegrity(new StunIntegrity(PASSWORD))
            .fingerprint()
            .length();
        assertThat(Arrays.copyOf(out, length)).isEqualTo(RFC5769_RESPONSE_IPV6);
    }

    private static StunWriter rfcResponseWriter(final byte[] out) {
        // The vector pads SOFTWARE with a space, not a zero: reproduce it to get the same MI and CRC.
        return new StunWriter(out).header(Stun.BINDING_SUCCESS, TRANSACTION_ID)
            .attribute(Stun.ATTR_SOFTWARE, "test vector".getBytes(StandardCharsets.UTF_8), (byte) 0x20);
    }

    @Test
    void verifiesRfc5769RequestIntegrityFingerprintAndUsername() {
        final StunMessage request = StunMessage.parse(RFC5769_REQUEST, 0, RFC5769_REQUEST.length);
        assertThat(request).isNotNull();
        assertThat(request.type()).isEqualTo(Stun.BINDING_REQUEST);
        assertThat(request.transactionId()).isEqualTo(TRANSACTION_ID);
        assertThat(request.username()).isEqualTo("evtj:h6vY");
        assertThat(StunIntegrity.fingerprintMatches(request)).isTrue();
        assertThat(new StunIntegrity(PASSWORD).integrityMatches(request)).isTrue();
        assertThat(new StunIntegrity(PASSWORD + "x").integrityMatches(request)).isFalse();
    }

    @Test
    void answersRfc5769RequestWithASignedResponseThatRoundTrips() {
        final StunResponder responder = new StunResponder(new IceCredentials("evtj", PASSWORD), "h6vY");
        final byte[] out = new byte[StunResponder.MAX_RESPONSE_BYTES];
        final StunResponder.Result result = responder.respond(RFC5769_REQUEST, 0, RFC5769_REQUEST.length, SOURCE, out);

        assertThat(result.verdict()).isEqualTo(StunVerdict.RESPONDED);
        assertThat(result.nominated()).isFalse();
        final StunMessage response = StunMessage.parse(out, 0, result.responseLength());
        assertThat(response).isNotNull();
        assertThat(response.type()).isEqualTo(Stun.BINDING_SUCCESS);
        assertThat(response.transactionId()).isEqualTo(TRANSACTION_ID);
        assertThat(StunIntegrity.fingerprintMatches(response)).isTrue();
        assertThat(new StunIntegrity(PASSWORD).integrityMatches(response)).isTrue();
        assertThat(xorMappedAddress(out, result.responseLength())).isEqualTo(SOURCE);
        // Header, XOR-MAPPED-ADDRESS (12), MESSAGE-INTEGRITY (24), FINGERPRINT (8), in that order.
        assertThat(result.responseLength()).isEqualTo(20 + 12 + 24 + 8);
        assertThat(out[20 + 12 + 24 + 1]).isEqualTo((byte) 0x28);
    }

    @Test
    void seesUseCandidateInANominatingRequest() {
        final IceCredentials ours = new IceCredentials("ours", "0123456789abcdefghijkl");
        final byte[] request = request("ours:theirs", ours.password(), true);
        final StunResponder.Result result = new StunResponder(ours, "theirs")
            .respond(request, 0, request.length, SOURCE, new byte[StunResponder.MAX_RESPONSE_BYTES]);
        assertThat(result.verdict()).isEqualTo(StunVerdict.RESPONDED);
        assertThat(result.nominated()).isTrue();
    }

    @Test
    void rejectsWhatIsNotAValidCheckAndWritesNothing() {
        final IceCredentials ours = new IceCredentials("evtj", PASSWORD);
        final StunResponder responder = new StunResponder(ours, "h6vY");

        final byte[] tampered = RFC5769_REQUEST.clone();
        tampered[47] ^= 1; // PRIORITY's last byte
        assertThat(verdict(responder, tampered)).isEqualTo(StunVerdict.BAD_FINGERPRINT);

        // Same tampering with a recomputed FINGERPRINT: now only MESSAGE-INTEGRITY can catch it.
        refreshFingerprint(tampered);
        assertThat(verdict(responder, tampered)).isEqualTo(StunVerdict.BAD_INTEGRITY);

        assertThat(verdict(new StunResponder(new IceCredentials("evtj", PASSWORD.replace('V', 'W')), null),
            RFC5769_REQUEST)).isEqualTo(StunVerdict.BAD_INTEGRITY);
        assertThat(verdict(new StunResponder(new IceCredentials("abcd", PASSWORD), null), RFC5769_REQUEST))
            .isEqualTo(StunVerdict.WRONG_USERNAME);
        assertThat(verdict(new StunResponder(ours, "zzzz"), RFC5769_REQUEST)).isEqualTo(StunVerdict.WRONG_USERNAME);
        assertThat(verdict(responder, RFC5769_RESPONSE_IPV4)).isEqualTo(StunVerdict.NOT_BINDING_REQUEST);
        assertThat(verdict(responder, Arrays.copyOf(RFC5769_REQUEST, 60))).isEqualTo(StunVerdict.MALFORMED);
        final byte[] badCookie = RFC5769_REQUEST.clone();
        badCookie[4] = 0;
        assertThat(verdict(responder, badCookie)).isEqualTo(StunVerdict.MALFORMED);
        assertThat(verdict(responder, request("evtj:h6vY", PASSWORD, false, false)))
            .isEqualTo(StunVerdict.BAD_FINGERPRINT);
    }

    @Test
    void credentialsFollowIceCharsAndLengths() {
        final IceCredentials random = IceCredentials.random();
        assertThat(random.ufrag()).hasSize(8).matches("[A-Za-z0-9+/]+");
        assertThat(random.password()).hasSize(24).matches("[A-Za-z0-9+/]+");
        assertThat(random.toString()).doesNotContain(random.password());
        assertThatThrownBy(() -> new IceCredentials("abc", PASSWORD)).hasMessageContaining("ice-ufrag");
        assertThatThrownBy(() -> new IceCredentials("abcd", "short")).hasMessageContaining("ice-pwd");
        assertThatThrownBy(() -> new IceCredentials("ab:d", PASSWORD)).hasMessageContaining("':'");
    }

    private static StunVerdict verdict(final StunResponder responder, final byte[] request) {
        final byte[] out = new byte[StunResponder.MAX_RESPONSE_BYTES];
        final StunResponder.Result result = responder.respond(request, 0, request.length, SOURCE, out);
        if (result.verdict() != StunVerdict.RESPONDED) {
            assertThat(result.responseLength()).isZero();
            assertThat(out).containsOnly(0);
        }
        return result.verdict();
    }

    static byte[] request(final String username, final String password, final boolean useCandidate) {
        return request(username, password, useCandidate, true);
    }

    private static byte[] request(final String username, final String password, final boolean useCandidate,
                                  final boolean fingerprint) {
        final byte[] out = new byte[200];
        final StunWriter writer = new StunWriter(out).header(Stun.BINDING_REQUEST, TRANSACTION_ID)
            .attribute(Stun.ATTR_USERNAME, username.getBytes(StandardCharsets.UTF_8), (byte) 0)
            .attribute(Stun.ATTR_PRIORITY, bytes(0x6e, 0x00, 0x01, 0xff), (byte) 0);
        if (useCandidate) {
            writer.attribute(Stun.ATTR_USE_CANDIDATE, new byte[0], (byte) 0);
        }
        writer.messageIntegrity(new StunIntegrity(password));
        if (fingerprint) {
            writer.fingerprint();
        }
        return Arrays.copyOf(out, writer.length());
    }

    private static void refreshFingerprint(final byte[] message) {
        final int at = message.length - 8;
        final int crc = StunIntegrity.fingerprint(message, 0, at);
        message[at + 4] = (byte) (crc >>> 24);
        message[at + 5] = (byte) (crc >>> 16);
        message[at + 6] = (byte) (crc >>> 8);
        message[at + 7] = (byte) crc;
    }

    /** Decodes XOR-MAPPED-ADDRESS (IPv4) independently of StunWriter: the first attribute of our responses. */
    static InetSocketAddress xorMappedAddress(final byte[] response, final int length) throws RuntimeException {
        assertThat(((response[20] & 0xFF) << 8) | (response[21] & 0xFF)).isEqualTo(Stun.ATTR_XOR_MAPPED_ADDRESS);
        assertThat(response[25]).isEqualTo((byte) 1);
        final int port = (((response[26] & 0xFF) << 8) | (response[27] & 0xFF)) ^ 0x2112;
        final byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            ip[i] = (byte) (response[28 + i] ^ response[4 + i]);
        }
        try {
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (final java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] bytes(final int... values) {
        final byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
