package dev.bwe.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatCommandTest {
    @Test
    void printsARunningPipelinesCounters(@TempDir final Path dir) {
        final Path counters = dir.resolve("bwe.counters");
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).countersFile(counters).build()) {
            p.openSession(1, ExtensionIds.of(3, 0));
            p.publishPacket(1, new UnsafeBuffer(new byte[8]), 0, 8, 0);
            assertThat(p.awaitDrained(Duration.ofSeconds(5))).isTrue();
            final CliHarness cli = CliHarness.run("stat", "--counters", counters.toString(), "--count", "2",
                "--interval", "10ms");
            assertThat(cli.exitCode).isZero();
            assertThat(cli.out()).contains("bwe[0] packets published").contains("bwe[0] sessions")
                .contains("bwe counters of pid " + ProcessHandle.current().pid());
            assertThat(cli.out().split("bwe counters of pid", -1)).hasSize(3);
        }
    }

    @Test
    void wrongPathIsOneLineAndExitCode2(@TempDir final Path dir) throws Exception {
        final CliHarness missing = CliHarness.run("stat", "--counters", dir.resolve("nope").toString(), "--count", "1");
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err().strip()).startsWith("bwe: no counters file at").doesNotContain("\n").doesNotContain("at dev.");
        final Path junk = dir.resolve("junk");
        Files.write(junk, new byte[100]);
        final CliHarness bad = CliHarness.run("stat", "--counters", junk.toString(), "--count", "1");
        assertThat(bad.exitCode).isEqualTo(2);
        assertThat(bad.err()).contains("not a bwe counters file");
        final CliHarness verbose = CliHarness.run("--verbose", "stat", "--counters", junk.toString(), "--count", "1");
        assertThat(verbose.err()).contains("at dev.bwe");
    }

    @Test
    void unknownOptionIsOneLineAndExitCode2() {
        final CliHarness cli = CliHarness.run("stat", "--counters", "x", "--frobnicate");
        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err()).startsWith("bwe: Unknown option: '--frobnicate'");
        final CliHarness missing = CliHarness.run("stat");
        assertThat(missing.exitCode).isEqualTo(2);
        assertThat(missing.err()).startsWith("bwe: Missing required option: '--counters=FILE'");
        final CliHarness badDuration = CliHarness.run("stat", "--counters", "x", "--interval", "soon");
        assertThat(badDuration.exitCode).isEqualTo(2);
        assertThat(badDuration.err()).contains("'soon' is not a duration");
    }
}
