package dev.bwe.relay.e2e;

import dev.bwe.relay.browser.ChromeDriverSession;
import java.util.Map;

/**
 * One reading of a sending peer connection's getStats, stamped with the test's clock.
 *
 * @param atNs                 {@link System#nanoTime()} when the reading came back
 * @param statsTimeMs          the outbound-rtp stats' own timestamp, ms (browser clock): rates use it, so a
 *                             slow WebDriver round trip on a loaded machine does not skew them
 * @param availableOutgoingBps candidate-pair availableOutgoingBitrate: Chromium's bandwidth estimate
 * @param targetBps            outbound-rtp targetBitrate: what the encoder is asked for
 * @param rtpBytesSent         outbound-rtp bytesSent + headerBytesSent: RTP bytes on the wire so far
 */
record BrowserSample(long atNs, double statsTimeMs, double availableOutgoingBps, double targetBps,
                     double rtpBytesSent) {
    static BrowserSample read(final ChromeDriverSession chrome, final String which) {
        final Map<?, ?> s = BrowserSupport.stats(chrome, which);
        return new BrowserSample(System.nanoTime(), BrowserSupport.number(s, "timestamp"),
            BrowserSupport.number(s, "availableOutgoingBitrate"),
            BrowserSupport.number(s, "targetBitrate"),
            BrowserSupport.number(s, "bytesSent") + BrowserSupport.number(s, "headerBytesSent"));
    }
}
