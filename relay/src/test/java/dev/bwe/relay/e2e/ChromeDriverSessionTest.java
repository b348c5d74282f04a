package dev.bwe.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.relay.browser.ChromeDriverSession;
import dev.bwe.relay.browser.WebDriverException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The WebDriver client against Debian's chromedriver: scripts run, errors surface, close() leaves nothing. */
@Tag("browser")
class ChromeDriverSessionTest {
    @Test
    void runsScriptsAndLeavesNoProcessOrProfileBehind(@TempDir final Path dir) {
        BrowserSupport.requireBrowser();
        final ChromeDriverSession chrome = ChromeDriverSession.builder().workDir(dir).start();
        final List<ProcessHandle> processes;
        final Path profile = chrome.profileDir();
        try {
            chrome.navigate("about:blank");
            assertThat(chrome.execute("return arguments[0] + arguments[1];", 40, 2)).isEqualTo(42L);
            assertThat(chrome.executeAsync("const done = arguments[arguments.length - 1];"
                + "setTimeout(() => done({ua: navigator.userAgent, webrtc: typeof RTCPeerConnection}), 10);"))
                .satisfies(v -> assertThat(((java.util.Map<?, ?>) v).get("webrtc")).isEqualTo("function"));
            assertThatThrownBy(() -> chrome.execute("throw new Error('boom');"))
                .isInstanceOf(WebDriverException.class).hasMessageContaining("boom");
            processes = chrome.liveProcesses();
            assertThat(processes).as("chromedriver and the browser").hasSizeGreaterThan(1);
            assertThat(profile).isDirectory();
        } finally {
            chrome.close();
        }
        chrome.close();
        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(Files.exists(profile)).isFalse();
        assertThatThrownBy(() -> chrome.execute("return 1;")).isInstanceOf(IllegalStateException.class);
    }
}
