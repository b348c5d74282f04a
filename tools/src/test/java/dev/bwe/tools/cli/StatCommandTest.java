package dev.bwe.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
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
            assertThat(cli.out()).contains("per second");
        }
    }

    @Test
    void jsonGivesOneObjectPerRefreshWithRatesThatAddUp(@TempDir final Path dir) throws Exception {
        final Path counters = dir.resolve("bwe.counters");
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).countersFile(counters).build()) {
            p.openSession(1, ExtensionIds.of(3, 0));
            final AtomicBoolean stop = new AtomicBoolean();
            // Packets keep coming while stat refreshes: the published counter rises between refreshes.
            final Thread publisher = new Thread(() -> {
                final UnsafeBuffer runt = new UnsafeBuffer(new byte[8]);
                while (!stop.get()) {
                    p.publishPacket(1, runt, 0, 8, 0);
                    LockSupport.parkNanos(50_000);
                }
            });
            publisher.start();
            final CliHarness cli;
            try {
                cli = CliHarness.run("stat", "--counters", counters.toString(), "--count", "3",
                    "--interval", "100ms", "--json");
            } finally {
                stop.set(true);
                publisher.join();
            }
            assertThat(cli.exitCode).isZero();
            final ObjectMapper json = new ObjectMapper();
            final List<JsonNode> refreshes = new ArrayList<>();
            for (final String line : cli.out().strip().split("\n")) {
                refreshes.add(json.readTree(line));
            }
            assertThat(refreshes).hasSize(3);
            assertThat(refreshes.get(0).get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(refreshes.get(0).get("elapsedSeconds").isNull()).isTrue();
            assertThat(published(refreshes.get(0)).get("perSecond").isNull()).isTrue();
            for (int i = 1; i < 3; i++) {
                final double elapsedS = refreshes.get(i).get("elapsedSeconds").asDouble();
                final JsonNode now = published(refreshes.get(i));
                final long delta = now.get("value").asLong() - published(refreshes.get(i - 1)).get("value").asLong();
                assertThat(elapsedS).isGreaterThanOrEqualTo(0.1);
                assertThat(delta).isPositive();
                assertThat(now.get("perSecond").asDouble() * elapsedS).isCloseTo(delta,
                    org.assertj.core.data.Offset.offset(1e-6 * delta));
                assertThat(now.get("shard").asInt()).isZero();
            }
        }
    }

    @Test
    void showsThePerSessionTableWhenThePipelinePublishesIt(@TempDir final Path dir) throws Exception {
        final Path counters = dir.resolve("bwe.counters");
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).countersFile(counters)
                .sessionCounters(8).build()) {
            p.openSession(7, ExtensionIds.of(3, 0));
            p.openSession(9, ExtensionIds.of(3, 0));
            // One RTP packet with abs-send-time (id 3) on session 7: one live stream.
            final byte[] rtp = new byte[120];
            rtp[0] = (byte) 0x90;
            rtp[1] = 96;
            rtp[11] = 0x42;
            rtp[12] = (byte) 0xBE;
            rtp[13] = (byte) 0xDE;
            rtp[15] = 1;
            rtp[16] = (3 << 4) | 2;
            p.publishPacket(7, new UnsafeBuffer(rtp), 0, rtp.length, 1_000_000L);
            p.tick(2_000_000L);
            assertThat(p.awaitDrained(Duration.ofSeconds(5))).isTrue();
            final CliHarness text = CliHarness.run("stat", "--counters", counters.toString(), "--count", "1");
            assertThat(text.exitCode).isZero();
            assertThat(text.out()).contains("estimate kbps").containsPattern("\\n\\s+0\\s+7\\s+0\\.0\\s+1\\s+NORMAL")
                .containsPattern("\\n\\s+0\\s+9\\s+0\\.0\\s+0\\s+NORMAL")
                .doesNotContain("session 7 streams"); // rows are in the table, not among the counters
            final CliHarness json = CliHarness.run("stat", "--counters", counters.toString(), "--count", "1", "--json");
            final JsonNode sessions = new ObjectMapper().readTree(json.out().strip()).get("sessions");
            assertThat(sessions).hasSize(2);
            assertThat(sessions.get(0).get("session").asText()).isEqualTo("7");
            assertThat(sessions.get(0).get("streams").asLong()).isEqualTo(1);
            assertThat(sessions.get(0).get("estimateBps").asLong()).isZero();
            assertThat(sessions.get(0).get("detectorState").asText()).isEqualTo("NORMAL");
            p.closeSession(7);
            final CliHarness after = CliHarness.run("stat", "--counters", counters.toString(), "--count", "1",
                "--json");
            assertThat(new ObjectMapper().readTree(after.out().strip()).get("sessions")).hasSize(1);
        }
    }

    private static JsonNode published(final JsonNode refresh) {
        for (final JsonNode counter : refresh.get("counters")) {
            if (counter.get("name").asText().equals("packets published")) {
                return counter;
            }
        }
        throw new AssertionError("no packets published counter in " + refresh);
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
