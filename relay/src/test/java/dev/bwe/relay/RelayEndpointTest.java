package dev.bwe.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.estimator.remb.RembDecoder;
import dev.bwe.pipeline.journal.JournalReplay;
import dev.bwe.pipeline.replay.ReplayResult;
import dev.bwe.relay.ice.Stun;
import dev.bwe.relay.ice.StunIntegrity;
import dev.bwe.relay.ice.StunMessage;
import dev.bwe.relay.ice.StunVerdict;
import dev.bwe.relay.sdp.UnsupportedOfferException;
import dev.bwe.relay.shaper.RateSchedule;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The endpoint against a fake browser on a loopback UDP socket: ICE check, RTP with abs-send-time, and the
 * REMBs that come back, checked byte for byte against the endpoint's own record.
 */
class RelayEndpointTest {
    private static final int MEDIA_SSRC = 0x11223344;

    private FakeBrowser browser;
    private RelayEndpoint endpoint;

    @BeforeEach
    void openBrowserSocket() throws Exception {
        browser = new FakeBrowser();
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
        final byte[] response = browser.connect(endpoint);

        final StunMessage message = StunMessage.parse(response, 0, response.length);
        assertThat(message.type()).isEqualTo(Stun.BINDING_SUCCESS);
        assertThat(StunIntegrity.fingerprintMatches(message)).isTrue();
        assertThat(new StunIntegrity(endpoint.credentials().password()).integrityMatches(message)).isTrue();
        assertThat(endpoint.peer()).isEqualTo(browser.address());
        assertThat(endpoint.stats().nominated()).isTrue();
    }

    @Test
    void ignoresChecksWithTheWrongPasswordOrUfrag() throws Exception {
        endpoint = RelayEndpoint.builder().start();
        endpoint.answer(ChromiumOffer.PLAIN);
        browser.sendCheck(endpoint, ChromiumOffer.ICE_UFRAG, "wrongwrongwrongwrongwrong", true);
        browser.sendCheck(endpoint, "nope", endpoint.credentials().password(), true);
        awaitTrue(() -> endpoint.stats().stunRejected() == 2, 5_000);
        assertThat(endpoint.stunVerdicts()).containsEntry(StunVerdict.BAD_INTEGRITY, 1L)
            .containsEntry(StunVerdict.WRONG_USERNAME, 1L).containsEntry(StunVerdict.RESPONDED, 0L);
        assertThat(endpoint.peer()).isNull();
        assertThat(browser.receive(Duration.ofMillis(200))).isNull();
    }

    @Test
    void sendsBwesRembAsRrPlusRembToThePeerAndRecordsExactlyWhatItSent() throws Exception {
        endpoint = RelayEndpoint.builder().senderSsrc(0x5EED0042).start();
        endpoint.answer(ChromiumOffer.PLAIN);
        browser.connect(endpoint);

        final List<byte[]> rtcp = browser.streamUntilRembs(endpoint, new int[] {MEDIA_SSRC}, 1, 10_000, null);
        final byte[] first = rtcp.get(0);
        final RembDecoder decoder = new RembDecoder();
        assertThat(first[1] & 0xFF).isEqualTo(201);
        assertThat(ByteBuffer.wrap(first).getInt(4)).isEqualTo(0x5EED0042);
        assertThat(decoder.wrapCompound(new UnsafeBuffer(first), 0, first.length)).isTrue();
        assertThat(decoder.offset()).isEqualTo(8);
        assertThat(decoder.senderSsrc()).isEqualTo(0x5EED0042);
        assertThat(decoder.ssrcCount()).isEqualTo(1);
        assertThat(decoder.ssrc(0)).isEqualTo(MEDIA_SSRC);

        // The endpoint records a REMB once the send returned, which may be after it arrived here.
        awaitTrue(() -> endpoint.sentRembs().count() >= 1, 5_000);
        final RembRecord record = endpoint.sentRembs().snapshot().get(0);
        assertThat(record.datagram()).isEqualTo(first);
        assertThat(record.source()).isEqualTo(RembRecord.Source.BWE);
        assertThat(record.to()).isEqualTo(browser.address());
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
        browser.connect(endpoint);

        final List<byte[]> rtcp = browser.streamUntilRembs(endpoint, new int[] {MEDIA_SSRC}, 4, 10_000, 300_000L);
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
    void aProfileChangeReopensTheSessionUnderANewIdAndTheJournalReplaysBoth(@TempDir final Path dir)
        throws Exception {
        final Path journal = dir.resolve("journal");
        endpoint = RelayEndpoint.builder().journal(journal).start();
        assertThatThrownBy(() -> endpoint.switchProfile(EstimatorProfile.ADAPTIVE))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("connect the browser first");
        endpoint.answer(ChromiumOffer.PLAIN);
        browser.connect(endpoint);
        assertThat(endpoint.sessionId()).isEqualTo(1);
        assertThat(endpoint.profile()).isEqualTo(EstimatorProfile.PARITY);
        browser.streamUntilRembs(endpoint, new int[] {MEDIA_SSRC}, 1, 15_000, null);
        awaitTrue(() -> endpoint.latestEstimateBps() > 0, 5_000);

        assertThat(endpoint.switchProfile(EstimatorProfile.ADAPTIVE)).isEqualTo(2);
        assertThat(endpoint.sessionId()).isEqualTo(2);
        assertThat(endpoint.profile()).isEqualTo(EstimatorProfile.ADAPTIVE);
        // Stream on until the new session's own first REMB went out (a REMB of the old one may still be in flight).
        final long sentBefore = endpoint.sentRembs().count();
        final long deadlineNs = System.nanoTime() + 20_000_000_000L;
        while (endpoint.sentRembs().count() <= sentBefore) {
            assertThat(System.nanoTime() - deadlineNs).as("a REMB from session 2 within 20 s").isNegative();
            browser.streamUntilRembs(endpoint, new int[] {MEDIA_SSRC}, 1, 15_000, null);
        }
        assertThat(endpoint.latestEstimateBps()).isPositive();
        assertThat(endpoint.journalDir()).isEqualTo(journal);
        endpoint.close();

        // Both sessions are in the journal, and a replay of each makes exactly the REMBs the pipeline made.
        final ReplayResult first = JournalReplay.of(journal).session(1).verify(true).run();
        final ReplayResult second = JournalReplay.of(journal).session(2).verify(true).run();
        assertThat(first.verifiedEqual()).as("session 1 %s", first).isTrue();
        assertThat(second.verifiedEqual()).as("session 2 %s", second).isTrue();
        assertThat(first.packets()).isPositive();
        assertThat(second.packets()).isPositive();
        assertThat(second.rembsCompared()).isPositive();
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
