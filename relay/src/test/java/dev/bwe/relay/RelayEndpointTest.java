package dev.bwe.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.estimator.remb.RembDecoder;
import dev.bwe.relay.ice.Stun;
import dev.bwe.relay.ice.StunIntegrity;
import dev.bwe.relay.ice.StunMessage;
import dev.bwe.relay.ice.StunVerdict;
import dev.bwe.relay.ice.StunWriter;
import dev.bwe.relay.sdp.UnsupportedOfferException;
import dev.bwe.relay.shaper.RateSchedule;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The endpoint against a fake browser on a loopback UDP socket: ICE check, RTP with abs-send-time, and the
 * REMBs that come back, checked byte for byte against the endpoint's own record.
 */
class RelayEndpointTest {
    private static final int MEDIA_SSRC = 0x11223344;
    private static final int VP8 = 96;
    private static final int AST_ID = 2;

    private DatagramSocket browser;
    private RelayEndpoint endpoint;

    @BeforeEach
    void openBrowserSocket() throws Exception {
        browser = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        browser.setSoTimeout(10);
    }

    @AfterEach
    void closeAll() {
        if (endpoint != null) {
            endpoint.close();
        }
        browser.close();
    }

    @Test
    void answersAConnectivityCheckSignedWithItsPasswordAndLearnsThePeer() throws Exception {
        endpoint = RelayEndpoint.builder().start();
        endpoint.answer(ChromiumOffer.PLAIN);
        final byte[] response = check(endpoint, ChromiumOffer.ICE_UFRAG, endpoint.credentials().password(), true);

        final StunMessage message = StunMessage.parse(response, 0, response.length);
        assertThat(message.type()).isEqualTo(Stun.BINDING_SUCCESS);
        assertThat(StunIntegrity.fingerprintMatches(message)).isTrue();
        assertThat(new StunIntegrity(endpoint.credentials().password()).integrityMatches(message)).isTrue();
        assertThat(endpoint.peer()).isEqualTo(browser.getLocalSocketAddress());
        assertThat(endpoint.stats().nominated()).isTrue();
    }

    @Test
    void ignoresChecksWithTheWrongPasswordOrUfrag() throws Exception {
        endpoint = RelayEndpoint.builder().start();
        endpoint.answer(ChromiumOffer.PLAIN);
        sendCheck(endpoint, ChromiumOffer.ICE_UFRAG, "wrongwrongwrongwrongwrong", true);
        sendCheck(endpoint, "nope", endpoint.credentials().password(), true);
        awaitTrue(() -> endpoint.stats().stunRejected() == 2, 5_000);
        assertThat(endpoint.stunVerdicts()).containsEntry(StunVerdict.BAD_INTEGRITY, 1L)
            .containsEntry(StunVerdict.WRONG_USERNAME, 1L).containsEntry(StunVerdict.RESPONDED, 0L);
        assertThat(endpoint.peer()).isNull();
        assertThat(receive(Duration.ofMillis(200))).isNull();
    }

    @Test
    void sendsBwesRembAsRrPlusRembToThePeerAndRecordsExactlyWhatItSent() throws Exception {
        endpoint = RelayEndpoint.builder().senderSsrc(0x5EED0042).start();
        endpoint.answer(ChromiumOffer.PLAIN);
        check(endpoint, ChromiumOffer.ICE_UFRAG, endpoint.credentials().password(), true);

        final List<byte[]> rtcp = streamUntilRembs(1, 10_000, null);
        final byte[] first = rtcp.get(0);
        final RembDecoder decoder = new RembDecoder();
        assertThat(first[1] & 0xFF).isEqualTo(201);
        assertThat(ByteBuffer.wrap(first).getInt(4)).isEqualTo(0x5EED0042);
        assertThat(decoder.wrapCompound(new UnsafeBuffer(first), 0, first.length)).isTrue();
        assertThat(decoder.offset()).isEqualTo(8);
        assertThat(decoder.senderSsrc()).isEqualTo(0x5EED0042);
        assertThat(decoder.ssrcCount()).isEqualTo(1);
        assertThat(decoder.ssrc(0)).isEqualTo(MEDIA_SSRC);

        final RembRecord record = endpoint.sentRembs().snapshot().get(0);
        assertThat(record.datagram()).isEqualTo(first);
        assertThat(record.source()).isEqualTo(RembRecord.Source.BWE);
        assertThat(record.to()).isEqualTo(browser.getLocalSocketAddress());
        assertThat(record.ssrcs()).containsExactly(MEDIA_SSRC);
        // The REMB's mantissa truncates: what arrives is the record's bitrate with its low bits cut.
        assertThat(decoder.bitrateBps()).isEqualTo(truncated(record.bitrateBps()));
        assertThat(endpoint.bweEstimates().count()).isGreaterThanOrEqualTo(1);
        assertThat(endpoint.stats().rtpPackets()).isPositive();
    }

    @Test
    void aForcedScheduleReplacesBwesEstimateFromTheFirstRtpPacketOn() throws Exception {
        endpoint = RelayEndpoint.builder()
            .forcedRembSchedule(RateSchedule.parse("1.5mbps@0s,300kbps@400ms"), Duration.ofMillis(200))
            .start();
        endpoint.answer(ChromiumOffer.PLAIN);
        check(endpoint, ChromiumOffer.ICE_UFRAG, endpoint.credentials().password(), true);

        final List<byte[]> rtcp = streamUntilRembs(4, 10_000, 300_000L);
        final RembDecoder decoder = new RembDecoder();
        final List<Long> announced = new ArrayList<>();
        for (final byte[] datagram : rtcp) {
            assertThat(decoder.wrapCompound(new UnsafeBuffer(datagram), 0, datagram.length)).isTrue();
            announced.add(decoder.bitrateBps());
        }
        assertThat(announced.get(0)).isEqualTo(1_500_000L);
        assertThat(announced.get(announced.size() - 1)).isEqualTo(300_000L);
        final List<RembRecord> sent = endpoint.sentRembs().snapshot();
        assertThat(sent).allMatch(r -> r.source() == RembRecord.Source.FORCED);
        final RembRecord firstLow = sent.stream().filter(r -> r.bitrateBps() == 300_000).findFirst().orElseThrow();
        // The change goes out on the ticker's next 10 ms tick after t = 400 ms, not at the next re-send.
        assertThat(firstLow.timeNs() - endpoint.mediaStartNs()).isBetween(400_000_000L, 460_000_000L);
    }

    @Test
    void rejectsAnEncryptedOfferAndASecondOffer() {
        endpoint = RelayEndpoint.builder().start();
        assertThatThrownBy(() -> endpoint.answer(ChromiumOffer.ENCRYPTED))
            .isInstanceOf(UnsupportedOfferException.class).hasMessageContaining("--disable-webrtc-encryption");
        endpoint.answer(ChromiumOffer.PLAIN, 4242);
        assertThat(endpoint.answerSdp()).contains("a=candidate:1 1 udp 2130706431 127.0.0.1 4242 typ host");
        assertThatThrownBy(() -> endpoint.answer(ChromiumOffer.PLAIN)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void closeIsIdempotentAndLeavesNoThread() {
        endpoint = RelayEndpoint.builder().forcedRembSchedule(RateSchedule.constant(1_000_000), Duration.ofSeconds(1))
            .start();
        final int port = endpoint.port();
        endpoint.close();
        endpoint.close();
        assertThat(Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
            .filter(n -> n.endsWith("-" + port) || n.startsWith("bwe-0-"))).isEmpty();
    }

    /**
     * Sends 500-byte RTP packets every 5 ms (800 kbps) stamped with abs-send-time, collecting RTCP from the
     * endpoint, until {@code count} REMBs arrived (and, if given, one announcing {@code untilBps}).
     */
    private List<byte[]> streamUntilRembs(final int count, final long timeoutMs, final Long untilBps)
        throws Exception {
        final List<byte[]> rtcp = new ArrayList<>();
        final byte[] packet = new byte[500];
        final RembDecoder decoder = new RembDecoder();
        final long startNs = System.nanoTime();
        boolean seenTarget = untilBps == null;
        int sequence = 0;
        while (rtcp.size() < count || !seenTarget) {
            assertThat(System.nanoTime() - startNs).as("REMBs within " + timeoutMs + " ms")
                .isLessThan(timeoutMs * 1_000_000L);
            final int length = RtpPackets.write(packet, packet.length, VP8, sequence++, MEDIA_SSRC, AST_ID,
                System.nanoTime());
            browser.send(new DatagramPacket(packet, length, endpoint.address()));
            // The 5 ms receive timeout paces the stream.
            final byte[] got = receive(Duration.ofMillis(5));
            if (got != null && PacketKind.of(got, 0, got.length) == PacketKind.RTCP) {
                rtcp.add(got);
                if (decoder.wrapCompound(new UnsafeBuffer(got), 0, got.length) && untilBps != null
                    && decoder.bitrateBps() == untilBps) {
                    seenTarget = true;
                }
            }
        }
        return rtcp;
    }

    private byte[] check(final RelayEndpoint to, final String remoteUfrag, final String password,
                         final boolean useCandidate) throws Exception {
        final byte[] request = sendCheck(to, remoteUfrag, password, useCandidate);
        final byte[] response = receive(Duration.ofSeconds(5));
        assertThat(response).as("a STUN response").isNotNull();
        assertThat(Arrays.copyOfRange(response, 8, 20)).isEqualTo(Arrays.copyOfRange(request, 8, 20));
        return response;
    }

    private byte[] sendCheck(final RelayEndpoint to, final String remoteUfrag, final String password,
                             final boolean useCandidate) throws Exception {
        final byte[] out = new byte[200];
        final byte[] transactionId = new byte[12];
        new java.security.SecureRandom().nextBytes(transactionId);
        final StunWriter writer = new StunWriter(out).header(Stun.BINDING_REQUEST, transactionId)
            .attribute(Stun.ATTR_USERNAME, (to.credentials().ufrag() + ":" + remoteUfrag)
                .getBytes(StandardCharsets.UTF_8), (byte) 0)
            .attribute(Stun.ATTR_PRIORITY, new byte[] {0x6e, 0, 0x1e, (byte) 0xff}, (byte) 0)
            .attribute(Stun.ATTR_ICE_CONTROLLING, new byte[8], (byte) 0);
        if (useCandidate) {
            writer.attribute(Stun.ATTR_USE_CANDIDATE, new byte[0], (byte) 0);
        }
        final int length = writer.messageIntegrity(new StunIntegrity(password)).fingerprint().length();
        browser.send(new DatagramPacket(out, length, to.address()));
        return Arrays.copyOf(out, length);
    }

    private byte[] receive(final Duration timeout) throws Exception {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        final DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        while (System.nanoTime() < deadlineNs) {
            try {
                browser.receive(packet);
                return Arrays.copyOf(packet.getData(), packet.getLength());
            } catch (final SocketTimeoutException e) {
                // poll again until the deadline
            }
        }
        return null;
    }

    private static long truncated(final long bps) {
        long mantissa = bps;
        int exponent = 0;
        while (mantissa > 0x3FFFF) {
            mantissa >>>= 1;
            exponent++;
        }
        return mantissa << exponent;
    }

    private static void awaitTrue(final java.util.function.BooleanSupplier condition, final long timeoutMs) {
        final long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("condition within " + timeoutMs + " ms").isNegative();
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000L);
        }
    }
}
