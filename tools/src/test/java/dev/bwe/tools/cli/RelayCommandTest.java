package dev.bwe.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bwe relay} without a browser: its options, what it prints, and the journal it opens. */
class RelayCommandTest {
    @TempDir
    Path dir;

    @Test
    void startsWithTheProfileAndTheJournalAskedForAndStopsAfterItsDuration() {
        final Path journal = dir.resolve("relay-journal");
        final CliHarness cli = CliHarness.run("relay", "--capacity", "1mbps@0s,300kbps@20s", "--profile", "adaptive",
            "--journal", journal.toString(), "--duration", "1s");
        assertThat(cli.exitCode).as(cli.err()).isZero();
        assertThat(cli.out()).contains("media is NOT encrypted", "page:    http://127.0.0.1:",
            "--disable-webrtc-encryption", "profile: adaptive", "journal: " + journal.toAbsolutePath(),
            "bwe replay --journal " + journal, "--duration reached");
        assertThat(Files.isDirectory(journal.resolve("events"))).isTrue();
    }

    @Test
    void theDefaultProfileIsParityAndAnUnknownOneIsAUserError() {
        final CliHarness parity = CliHarness.run("relay", "--duration", "1s");
        assertThat(parity.exitCode).as(parity.err()).isZero();
        assertThat(parity.out()).contains("profile: parity").doesNotContain("journal:");

        final CliHarness unknown = CliHarness.run("relay", "--profile", "fastest", "--duration", "1s");
        assertThat(unknown.exitCode).isEqualTo(2);
        assertThat(unknown.err()).contains("--profile", "unknown estimator profile 'fastest' (parity, adaptive)");
    }
}
