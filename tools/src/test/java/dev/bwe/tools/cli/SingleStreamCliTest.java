package dev.bwe.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line with senders that stamp no abs-send-time: traces with RTP timestamps, and simulations. */
class SingleStreamCliTest {
    @TempDir
    Path dir;

    /**
     * Two sessions, 12 s of 1000-byte packets every 20 ms, with RTP timestamps (and toffset in session 2)
     * and no abs-send-time; session 2's path queues up after 6 s.
     */
    private Path writeTrace() throws IOException {
        final StringBuilder csv = new StringBuilder("arrival_us,ssrc,abs_send_time,payload_size,session,seq,"
            + "rtp_timestamp,toffset\n");
        long arrival2Us = 0;
        for (int i = 0; i < 600; i++) {
            final long sendUs = 1_000_000 + i * 20_000L;
            final long rtp = (0xFFFF0000L + sendUs * 90 / 1000) & 0xFFFF_FFFFL;
            csv.append(sendUs + 30_000).append(",1001,,1000,1,").append(i).append(',').append(rtp).append(",\n");
            // Session 2 stamps its RTP timestamp at capture, 5 ms before sending, and says so with toffset.
            arrival2Us = i < 300 ? sendUs + 30_000 : Math.max(arrival2Us + 21_000, sendUs + 30_000);
            csv.append(arrival2Us).append(",2002,,1000,2,").append(i).append(',').append(rtp - 450).append(",450\n");
        }
        final List<String> rows = new java.util.ArrayList<>(List.of(csv.toString().split("\n")));
        final String header = rows.remove(0);
        rows.sort(java.util.Comparator.comparingLong(r -> Long.parseLong(r.substring(0, r.indexOf(',')))));
        final Path file = dir.resolve("rtp-trace.csv");
        Files.writeString(file, header + "\n" + String.join("\n", rows) + "\n");
        return file;
    }

    @Test
    void aTraceWithRtpTimestampsOnlyGivesTheSameEstimatesAloneAndThroughThePipeline() throws IOException {
        final Path trace = writeTrace();
        final CliHarness alone = CliHarness.run("replay", "--trace", trace.toString(), "--updates-out",
            dir.resolve("u1.csv").toString(), "--remb-out", dir.resolve("r1.csv").toString());
        assertThat(alone.exitCode).as(alone.err()).isZero();
        final CliHarness ring = CliHarness.run("replay", "--trace", trace.toString(), "--pipeline", "--updates-out",
            dir.resolve("u2.csv").toString(), "--remb-out", dir.resolve("r2.csv").toString());
        assertThat(ring.exitCode).as(ring.err()).isZero();
        final List<String> updates = Files.readAllLines(dir.resolve("u1.csv"));
        assertThat(updates).as("both sessions switch to RTP timestamps and estimate")
            .anyMatch(l -> l.contains(",1,")).anyMatch(l -> l.contains(",2,"));
        assertThat(Files.readAllLines(dir.resolve("u2.csv"))).isEqualTo(updates);
        assertThat(Files.readAllLines(dir.resolve("r2.csv"))).isEqualTo(Files.readAllLines(dir.resolve("r1.csv")));
    }

    @Test
    void aToffsetOutOfRangeIsAOneLineError() throws IOException {
        final Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "arrival_us,ssrc,abs_send_time,payload_size,rtp_timestamp,toffset\n"
            + "1000,1,,100,5,8388608\n");
        final CliHarness cli = CliHarness.run("replay", "--trace", bad.toString());
        assertThat(cli.exitCode).isEqualTo(2);
        assertThat(cli.err().lines().findFirst().orElse("")).startsWith("bwe: ").contains("line 2", "toffset");
    }

    @Test
    void simulateWithoutAbsSendTimeRunsOnRtpTimestampsAndReplays() {
        final Path journal = dir.resolve("sim");
        final CliHarness sim = CliHarness.run("simulate", "--capacity", "1mbps@0s,500kbps@10s", "--duration", "16",
            "--no-abs-send-time", "--journal", journal.toString());
        assertThat(sim.exitCode).as(sim.err()).isZero();
        assertThat(sim.out()).contains("utilisation");
        assertThat(CliHarness.run("replay", "--journal", journal.toString(), "--verify").exitCode).isZero();
        final CliHarness dump = CliHarness.run("dump", "--journal", journal.toString(), "--format", "csv");
        final List<String> packets = dump.out().lines().skip(1).toList();
        assertThat(packets).hasSizeGreaterThan(500);
        // Every packet accepted on its RTP timestamp: no abs-send-time read, none rejected.
        assertThat(packets).allMatch(l -> l.contains(",ok,,"));
    }
}
