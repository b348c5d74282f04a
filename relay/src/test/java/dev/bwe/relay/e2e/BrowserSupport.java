package dev.bwe.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.relay.browser.ChromeDriverSession;
import dev.bwe.relay.browser.NoiseClip;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;

/**
 * What the browser tests share: the gate (skip visibly without chromium/chromedriver/tshark, fail instead when
 * {@code BWE_BROWSER_TESTS=required}), the noise clip, and calls into the page's {@code window.bwe}.
 */
final class BrowserSupport {
    static final String REQUIRED_ENV = "BWE_BROWSER_TESTS";

    private BrowserSupport() {
    }

    static boolean required() {
        return "required".equalsIgnoreCase(System.getenv(REQUIRED_ENV));
    }

    /** Skips (printing why on the console) without chromium and chromedriver, or fails when they are required. */
    static void requireBrowser() {
        requireTools("browser test", "chromium", "chromedriver");
    }

    /** The same for tshark; returns its path. */
    static Path requireTshark() {
        requireTools("REMB decoding check", "tshark");
        return ChromeDriverSession.findOnPath("tshark").orElseThrow();
    }

    /** Whether tshark is there; when it is not and not required, says so on the console. Fails when required. */
    static Optional<Path> tsharkOrSay() {
        final Optional<Path> tshark = ChromeDriverSession.findOnPath("tshark");
        if (tshark.isEmpty()) {
            failIfRequired("tshark");
            say("no tshark on the PATH: the independent REMB decoding check is SKIPPED (apt-get install tshark; "
                + "set " + REQUIRED_ENV + "=required to make this a failure)");
        }
        return tshark;
    }

    private static void requireTools(final String what, final String... tools) {
        for (final String tool : tools) {
            if (ChromeDriverSession.findOnPath(tool).isEmpty()) {
                failIfRequired(tool);
                final String why = "no " + tool + " on the PATH: " + what + " SKIPPED (apt-get install chromium "
                    + "chromium-driver tshark; set " + REQUIRED_ENV + "=required to make this a failure)";
                say(why);
                Assumptions.abort(why);
            }
        }
    }

    private static void failIfRequired(final String tool) {
        assertThat(required()).as("no " + tool + " on the PATH, and " + REQUIRED_ENV + "=required: "
            + "apt-get install -y --no-install-recommends chromium chromium-driver tshark").isFalse();
    }

    /** Prints to the real console even when surefire redirects test output to files. */
    static void say(final String line) {
        System.out.println(line);
    }

    /**
     * A 320x240 30 fps noise clip (30 distinct frames, luma noise ±30) for the fake camera. Measured on
     * Chromium 156: VP8 meets its target from 250 kbps to 1 Mbps at a steady 30 fps with it, where 640x480
     * noise overshoots at 300 kbps and the encoder drops to 4-6 fps (sending less than its target, so the
     * sender is application-limited and the estimate cannot rise), and costs four times the CPU.
     */
    static Path noiseClip(final Path dir) throws IOException {
        final Path clip = dir.resolve("noise-320x240.y4m");
        NoiseClip.write(clip, 320, 240, 30, 30, 30, 1);
        return clip;
    }

    static Map<?, ?> connect(final ChromeDriverSession chrome, final String function) {
        final Object result = chrome.executeAsync("const done = arguments[arguments.length - 1];"
            + "window.bwe." + function + "().then(r => done({ok: true, value: r}),"
            + " e => done({ok: false, error: String(e)}));");
        final Map<?, ?> map = (Map<?, ?>) result;
        assertThat(map.get("ok")).as("window.bwe.%s(): %s", function, map.get("error")).isEqualTo(Boolean.TRUE);
        return (Map<?, ?>) map.get("value");
    }

    static Map<?, ?> stats(final ChromeDriverSession chrome, final String which) {
        final Object result = chrome.executeAsync("const done = arguments[arguments.length - 1];"
            + "window.bwe.stats(arguments[0]).then(done, e => done({error: String(e)}));", which);
        final Map<?, ?> map = (Map<?, ?>) result;
        assertThat(map.get("error")).as("window.bwe.stats").isNull();
        return map;
    }

    static double number(final Map<?, ?> map, final String key) {
        final Object value = map.get(key);
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    /** Waits for {@code condition}, failing with {@code what} after {@code timeoutMs}. */
    static void awaitTrue(final String what, final long timeoutMs, final BooleanSupplier condition) {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadlineNs).as(what + " within " + timeoutMs + " ms").isNegative();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Parks until {@code dueNs} (System.nanoTime): the cadence of a measurement, not a wait for a condition. */
    static void parkUntil(final long dueNs) {
        long left;
        while ((left = dueNs - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }
}
