package dev.bwe.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.relay.FakeBrowser;
import dev.bwe.relay.RelayEndpoint;
import dev.bwe.relay.RembRecord;
import dev.bwe.relay.shaper.RateSchedule;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tshark, an independent RTCP dissector, reads the REMBs the endpoint sends exactly as bwe recorded them: bwe's
 * own estimates and forced ones with large bitrates (exponent above 0, truncated mantissa) and two SSRCs. No
 * browser: a fake one on a loopback socket.
 */
class TsharkRembDecodeTest {
    private static final int[] SSRCS = {0x11223344, 0xCAFEBABE};

    @Test
    void tsharkDecodesEveryRembAsBweRecordedIt(@TempDir final Path dir) throws Exception {
        final Path tshark = BrowserSupport.requireTshark();
        final List<RembRecord> sent = new ArrayList<>();
        try (FakeBrowser browser = new FakeBrowser();
             RelayEndpoint bwe = RelayEndpoint.builder().start()) {
            bwe.answer(dev.bwe.relay.ChromiumOffer.PLAIN);
            browser.connect(bwe);
            browser.streamUntilRembs(bwe, SSRCS, 3, 10_000, null);
            sent.addAll(bwe.sentRembs().snapshot());
        }
        try (FakeBrowser browser = new FakeBrowser();
             RelayEndpoint forced = RelayEndpoint.builder()
                 .forcedRembSchedule(RateSchedule.parse("12345678bps@0s,987654bps@400ms,300001bps@800ms"),
                     Duration.ofMillis(50)).start()) {
            forced.answer(dev.bwe.relay.ChromiumOffer.PLAIN);
            browser.connect(forced);
            browser.streamUntilRembs(forced, SSRCS, 3, 10_000, 300_000L);
            // The endpoint records a REMB once its send returned, which may be after it arrived here.
            BrowserSupport.awaitTrue("the 300001 bps REMB recorded", 5_000,
                () -> forced.sentRembs().last() != null && forced.sentRembs().last().bitrateBps() == 300_001L);
            final List<RembRecord> records = forced.sentRembs().snapshot();
            assertThat(records).extracting(RembRecord::bitrateBps).contains(12_345_678L, 987_654L, 300_001L);
            sent.addAll(records);
        }
        assertThat(sent).anyMatch(r -> r.ssrcs().length == 2);
        // Both runs in one capture file: each record keeps its own ports; decode each endpoint's port as RTCP.
        final List<RembRecord> first = sent.stream().filter(r -> r.from().equals(sent.get(0).from())).toList();
        final List<RembRecord> second = sent.stream().filter(r -> !r.from().equals(sent.get(0).from())).toList();
        TsharkRembCheck.verify(tshark, dir, first);
        TsharkRembCheck.verify(tshark, dir, second);
    }
}
