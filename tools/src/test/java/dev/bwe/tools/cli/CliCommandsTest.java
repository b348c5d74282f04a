package dev.bwe.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.pipeline.journal.JournalReplay;
import dev.bwe.pipeline.replay.ReplayResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every command against real files in a temporary directory, run in-process through picocli. */
@Timeout(120)
class CliCommandsTest {
    @TempDir
    Path dir;

    static Path capture(final String name) throws URISyntaxException {
        return Path.of(CliCommandsTest.class.getResource("/pcap/" + name).toURI());
    }

    /**
     * Two sessions, 50 pps of 1200-byte packets each for 8 s; from 4 s session 2's packets arrive 10 %
     * slower than they were sent (a queue builds), so the estimate rises and then falls.
     */
    static Path writeTrace(final Path file) throws IOException {
        final StringBuilder csv = new StringBuilder("arrival_us,ssrc,abs_send_time,payload_size,session,seq,comment\n");
        long arrival2Us = 1_000_000;
        for (int i = 0; i < 400; i++) {
            final long sendUs = 1_000_000 + i * 20_000L;
            csv.append(sendUs + 30_000).append(",1001,").append(AbsSendTime.fromMicros(sendUs)).append(",1200,1,")
                .append(i).append(",steady\n");
            arrival2Us = i < 200 ? sendUs + 30_000 : arrival2Us + 22_000;
            csv.append(arrival2Us).append(",2002,").append(AbsSendTime.fromMicros(sendUs)).append(",1200,2,")
                .append(i).append(",queue\n");
        }
        csv.append(arrival2Us + 1).append(",2002,,1200,2,401,no send time\n");
        // Rows in processing order: sort by arrival, as a receiver would have seen them.
        final List<String> rows = new java.util.ArrayList<>(List.of(csv.toString().split("\n")));
        final String header = rows.remove(0);
        rows.sort(java.util.Comparator.comparingLong(r -> Long.parseLong(r.substring(0, r.indexOf(',')))));
        Files.writeString(file, header + "\n" + String.join("\n", rows) + "\n");
        return file;
    }

    @Test
    void demoPrintsItsTableWritesAPlotAndAJournalThatVerifies() throws IOException {
        final Path demo = dir.resolve("demo");
        final CliHarness cli = CliHarness.run("demo", "--dir", demo.toString());
        assertThat(cli.exitCode).as(cli.err()).isZero();
        assertThat(cli.out()).contains("session", "capacity", "mean received", "mean estimate", "reaction to drop",
            "REMBs", "replay");
        assertThat(cli.out().lines().filter(l -> l.matches("^[123] .*verified$"))).hasSize(3);
        assertThat(cli.out()).contains("2.5 Mbps -> 800 kbps@20s");
        assertThat(ImageIO.read(demo.resolve("demo.png").toFile())).isNotNull();
        final ReplayResult replay = JournalReplay.of(demo.resolve("journal")).verify(true).run();
        assertThat(replay.verifiedEqual()).isTrue();
        assertThat(replay.rembsCompared()).isGreaterThan(100);
    }

    @Test
    void replayOfATraceWritesTheContractsColumnsAndThePipelineGivesIdenticalFiles() throws IOException {
        final Path trace = writeTrace(dir.resolve("trace.csv"));
        final CliHarness single = CliHarness.run("replay", "--trace", trace.toString(), "--updates-out",
            dir.resolve("u1.csv").toString(), "--remb-out", dir.resolve("r1.csv").toString(), "--plot",
            dir.resolve("replay.png").toString());
        assertThat(single.exitCode).as(single.err()).isZero();
        final List<String> updates = Files.readAllLines(dir.resolve("u1.csv"));
        final List<String> rembs = Files.readAllLines(dir.resolve("r1.csv"));
        assertThat(updates.get(0)).isEqualTo("time_us,session,bitrate_bps,ssrcs");
        assertThat(rembs.get(0)).isEqualTo("time_us,session,bitrate_bps,ssrcs,remb_hex");
        assertThat(updates).hasSizeGreaterThan(10);
        assertThat(rembs).hasSizeGreaterThan(5);
        assertThat(rembs.get(1)).matches("\\d+,[12],\\d+,(1001|2002),8fce[0-9a-f]+");
        assertThat(ImageIO.read(dir.resolve("replay.png").toFile())).isNotNull();

        final CliHarness pipeline = CliHarness.run("replay", "--trace", trace.toString(), "--pipeline",
            "--updates-out", dir.resolve("u2.csv").toString(), "--remb-out", dir.resolve("r2.csv").toString());
        assertThat(pipeline.exitCode).as(pipeline.err()).isZero();
        assertThat(Files.readAllLines(dir.resolve("u2.csv"))).isEqualTo(updates);
        assertThat(Files.readAllLines(dir.resolve("r2.csv"))).isEqualTo(rembs);
    }

    @ParameterizedTest(name = "{0} with abs-send-time at id {1}")
    @CsvSource({"str0m-vp8.pcap, 2, 104", "str0m-av1.pcap, 2, 201", "str0m-h264.pcap, 4, 298"})
    void theSharedCapturesImportAndReplay(final String name, final int id, final int packets) throws Exception {
        final Path journal = dir.resolve(name + ".journal");
        final CliHarness imported = CliHarness.run("import", "--pcap", capture(name).toString(), "--extmap",
            id + "=http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "--journal", journal.toString());
        assertThat(imported.exitCode).as(imported.err()).isZero();
        assertThat(imported.out()).contains("imported " + packets + " datagrams").contains(packets + " accepted, 0 rejected");
        final CliHarness replay = CliHarness.run("replay", "--journal", journal.toString(), "--verify");
        assertThat(replay.exitCode).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("replayed").contains("verified");
        final CliHarness dump = CliHarness.run("dump", "--journal", journal.toString(), "--format", "csv");
        assertThat(dump.exitCode).isZero();
        assertThat(dump.out().lines().filter(l -> l.contains(",ok,"))).hasSize(packets);
    }

    @Test
    void importWithTheWrongExtensionIdSwitchesToRtpTimestampsAfter30Packets() throws Exception {
        final Path journal = dir.resolve("wrong-id");
        final CliHarness imported = CliHarness.run("import", "--pcap", capture("str0m-vp8.pcap").toString(),
            "--extmap", "9=abs-send-time", "--journal", journal.toString());
        assertThat(imported.exitCode).isZero();
        // libwebrtc's rule: 29 packets without abs-send-time are ignored, the 30th switches estimator.
        assertThat(imported.out()).contains("75 accepted, 29 rejected").contains("rejected, no send time: 29");
        final CliHarness dump = CliHarness.run("dump", "--journal", journal.toString());
        assertThat(dump.exitCode).isZero();
        final List<String> switches = dump.out().lines().filter(l -> l.startsWith("SWITCH")).toList();
        assertThat(switches).hasSize(1);
        assertThat(switches.get(0)).contains("session=1 ssrc=0xeedf3944 estimator abs-send-time -> single-stream");
        assertThat(CliHarness.run("replay", "--journal", journal.toString(), "--verify").exitCode).isZero();
    }

    @Test
    void aCaptureWithoutAnyTimeExtensionImportsReplaysAndGivesEstimates() throws Exception {
        final Path pcap = dir.resolve("rtp-only.pcap");
        final int packets = RtpOnlyCapture.write(pcap, 12);
        final Path journal = dir.resolve("rtp-only");
        final CliHarness imported = CliHarness.run("import", "--pcap", pcap.toString(), "--extmap", "none",
            "--journal", journal.toString());
        assertThat(imported.exitCode).as(imported.out() + imported.err()).isZero();
        assertThat(imported.out()).contains(String.format("%,d accepted, 0 rejected", packets));
        final Path updates = dir.resolve("rtp-only-updates.csv");
        final CliHarness replay = CliHarness.run("replay", "--journal", journal.toString(), "--verify",
            "--updates-out", updates.toString());
        assertThat(replay.exitCode).as(replay.out() + replay.err()).isZero();
        final List<String> rows = Files.readAllLines(updates);
        // Valid after 5 s of throughput, then every feedback interval: about 740 kbps measured.
        assertThat(rows).hasSizeGreaterThan(10);
        final String last = rows.get(rows.size() - 1);
        assertThat(last).endsWith("," + Integer.toUnsignedString(RtpOnlyCapture.SSRC));
        assertThat(Long.parseLong(last.split(",")[2])).isBetween(600_000L, 1_200_000L);
        final CliHarness dump = CliHarness.run("dump", "--journal", journal.toString(), "--format", "csv");
        assertThat(dump.out().lines().filter(l -> l.contains(",ok,"))).hasSize(packets);
        assertThat(CliHarness.run("dump", "--journal", journal.toString()).out()).doesNotContain("SWITCH");
    }

    @Test
    void traceImportWritesAJournalThatReplaysAsTheTraceDoes() throws IOException {
        final Path trace = writeTrace(dir.resolve("trace.csv"));
        final Path journal = dir.resolve("from-trace");
        assertThat(CliHarness.run("import", "--trace", trace.toString(), "--journal", journal.toString()).exitCode)
            .isZero();
        assertThat(CliHarness.run("replay", "--journal", journal.toString(), "--verify", "--remb-out",
            dir.resolve("r-journal.csv").toString()).exitCode).isZero();
        assertThat(CliHarness.run("replay", "--trace", trace.toString(), "--remb-out",
            dir.resolve("r-trace.csv").toString()).exitCode).isZero();
        assertThat(Files.readAllLines(dir.resolve("r-journal.csv")))
            .isEqualTo(Files.readAllLines(dir.resolve("r-trace.csv")));
        final CliHarness dump = CliHarness.run("dump", "--journal", journal.toString(), "--session", "2");
        // The row without a send time is still a packet (its RTP timestamp counts towards the estimator switch).
        assertThat(dump.out()).contains("seq=401 payload=1200 len=1212 status=ok rtp_ts=0").doesNotContain("session=1 ");
    }

    @Test
    void simulateListsScenariosAndRunsADescribedLink() throws IOException {
        assertThat(CliHarness.run("simulate", "--list").out()).contains("rfc8867-variable", "tcp-competition");
        final CliHarness sim = CliHarness.run("simulate", "--capacity", "1mbps@0s,500kbps@8s", "--duration", "12",
            "--journal", dir.resolve("sim").toString(), "--csv", dir.resolve("sim.csv").toString(), "--plot",
            dir.resolve("sim.png").toString());
        assertThat(sim.exitCode).as(sim.err()).isZero();
        assertThat(sim.out()).contains("utilisation", "queue p95 ms");
        assertThat(Files.readAllLines(dir.resolve("sim.csv")).get(0)).startsWith("session_id,time_s,capacity_bps");
        assertThat(ImageIO.read(dir.resolve("sim.png").toFile())).isNotNull();
        assertThat(CliHarness.run("replay", "--journal", dir.resolve("sim").toString(), "--verify").exitCode).isZero();
    }

    @Test
    void simulateRunsEachProfileAndNamesTheirOutputs() throws IOException {
        final CliHarness sim = CliHarness.run("simulate", "--scenario", "cellular", "--seed", "2", "--duration", "4",
            "--profile", "parity,adaptive", "--journal", dir.resolve("j").toString(), "--csv",
            dir.resolve("sim.csv").toString(), "--plot", dir.resolve("both.png").toString(), "--summary-json",
            dir.resolve("both.json").toString());
        assertThat(sim.exitCode).as(sim.err()).isZero();
        assertThat(sim.out()).contains("profile parity", "profile adaptive");
        assertThat(sim.out().lines().filter(l -> l.matches("^1 +(parity|adaptive) .*"))).hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("sim-parity.csv")).get(0)).startsWith("session_id,time_s");
        assertThat(dir.resolve("sim-adaptive.csv")).exists();
        assertThat(dir.resolve("sim.csv")).doesNotExist();
        assertThat(ImageIO.read(dir.resolve("both.png").toFile())).isNotNull();
        final JsonNode runs = new ObjectMapper().readTree(dir.resolve("both.json").toFile()).get("runs");
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0).get("profile").asText()).isEqualTo("parity");
        assertThat(runs.get(1).get("profile").asText()).isEqualTo("adaptive");
        for (final String p : List.of("parity", "adaptive")) {
            final CliHarness replay = CliHarness.run("replay", "--journal", dir.resolve("j-" + p).toString(), "--verify");
            assertThat(replay.exitCode).as(replay.out()).isZero();
        }
        assertOneLineError(CliHarness.run("simulate", "--scenario", "cellular", "--profile", "fast"),
            "unknown estimator profile 'fast'");
        assertOneLineError(CliHarness.run("simulate", "--scenario", "cellular", "--profile", "parity,parity"),
            "twice");
    }

    @Test
    void simulateFollowsACapacityTraceAndNamesABadLine() throws IOException {
        // Our own trace: one opportunity every ms (12 Mbps) for 2 s, then one every 10 ms (1.2 Mbps) for 2 s.
        final StringBuilder trace = new StringBuilder();
        for (int ms = 1; ms <= 2_000; ms++) {
            trace.append(ms).append('\n');
        }
        for (int ms = 2_010; ms <= 4_000; ms += 10) {
            trace.append(ms).append('\n');
        }
        final Path file = Files.writeString(dir.resolve("link.trace"), trace.toString());
        final CliHarness sim = CliHarness.run("simulate", "--capacity-trace", file.toString(), "--trace-scale", "0.25",
            "--duration", "6", "--csv", dir.resolve("t.csv").toString(), "--summary-json",
            dir.resolve("t.json").toString());
        assertThat(sim.exitCode).as(sim.err()).isZero();
        assertThat(sim.out()).contains("(trace)");
        final List<String> csv = Files.readAllLines(dir.resolve("t.csv"));
        assertThat(csv.get(10)).as("1 s: a quarter of 12 Mbps").contains(",3000000,");
        assertThat(csv.get(30)).as("3 s: a quarter of 1.2 Mbps").contains(",300000,");
        assertThat(csv.get(50)).as("5 s: the trace repeats").contains(",3000000,");
        final JsonNode json = new ObjectMapper().readTree(dir.resolve("t.json").toFile());
        assertThat(json.get("sessions").get(0).get("drop_reaction_s").isNull()).isTrue();

        Files.writeString(dir.resolve("bad.trace"), "5\n6\n7x\n");
        assertOneLineError(CliHarness.run("simulate", "--capacity-trace", dir.resolve("bad.trace").toString()),
            "bad.trace line 3", "'7x'");
        assertOneLineError(CliHarness.run("simulate", "--capacity-trace", dir.resolve("none.trace").toString()),
            "none.trace");
        assertOneLineError(CliHarness.run("simulate", "--capacity-trace", file.toString(), "--capacity", "1mbps@0s"),
            "one of");
    }

    @Test
    void simulateSharesOneLinkBetweenLateJoinersAndReportsFairness() throws IOException {
        final CliHarness sim = CliHarness.run("simulate", "--capacity", "1.5mbps@0s", "--sessions", "2",
            "--shared-link", "--join-at", "0s,2s", "--duration", "8", "--summary-json",
            dir.resolve("s.json").toString());
        assertThat(sim.exitCode).as(sim.err()).isZero();
        assertThat(sim.out()).contains("link 1 (parity): sessions [1, 2], Jain fairness");
        final JsonNode run = new ObjectMapper().readTree(dir.resolve("s.json").toFile());
        assertThat(run.get("profile").asText()).isEqualTo("parity");
        assertThat(run.get("sessions")).hasSize(2);
        assertThat(run.get("sessions").get(1).get("link").asLong()).isEqualTo(1);
        assertThat(run.get("links")).hasSize(1);
        assertThat(run.get("links").get(0).get("jain_fairness").asDouble()).isBetween(0.5, 1.0);
        assertOneLineError(CliHarness.run("simulate", "--capacity", "1mbps@0s", "--sessions", "2", "--join-at", "0s"),
            "--join-at gives 1 time(s) for 2 session(s)");
    }

    @Test
    void whatIfReplayComparesAnotherProfileWithTheJournaledRembs() throws IOException {
        final Path journal = dir.resolve("call");
        assertThat(CliHarness.run("simulate", "--capacity", "1mbps@0s,400kbps@5s", "--duration", "8", "--sessions", "2",
            "--journal", journal.toString()).exitCode).isZero();
        final CliHarness same = CliHarness.run("replay", "--journal", journal.toString(), "--profile", "parity");
        assertThat(same.exitCode).as(same.err()).isZero();
        assertThat(same.out()).contains("under profile parity", "first difference s");
        // Parity replayed as parity: the what-if equals the journal in every session.
        assertThat(same.out().lines().filter(l -> l.matches("^[12] +(\\d+) +\\1 +none +0 +\\+0\\.0 +0\\.0$")))
            .hasSize(2);
        final CliHarness other = CliHarness.run("replay", "--journal", journal.toString(), "--profile", "adaptive",
            "--remb-out", dir.resolve("whatif.csv").toString());
        assertThat(other.exitCode).as(other.err()).isZero();
        assertThat(other.out()).contains("under profile adaptive");
        assertThat(other.out().lines().filter(l -> l.matches("^[12] +\\d+ +\\d+ +(none|[\\d.]+) +\\d+ .*")))
            .hasSize(2);
        assertThat(Files.readAllLines(dir.resolve("whatif.csv")).size()).isGreaterThan(10);
        assertOneLineError(CliHarness.run("replay", "--journal", journal.toString(), "--profile", "adaptive",
            "--verify"), "one or the other");

        final Path trace = writeTrace(dir.resolve("trace.csv"));
        CliHarness.run("replay", "--trace", trace.toString(), "--remb-out", dir.resolve("plain.csv").toString());
        final CliHarness parity = CliHarness.run("replay", "--trace", trace.toString(), "--profile", "parity",
            "--remb-out", dir.resolve("parity.csv").toString());
        assertThat(parity.exitCode).isZero();
        assertThat(Files.readAllLines(dir.resolve("parity.csv"))).isEqualTo(Files.readAllLines(dir.resolve("plain.csv")));
        assertThat(CliHarness.run("replay", "--trace", trace.toString(), "--profile", "adaptive", "--pipeline")
            .exitCode).isZero();
    }

    @Test
    void soakPrintsItsReportAndPasses() {
        final CliHarness soak = CliHarness.run("simulate", "--soak", "--soak-hours", "0.05",
            "--soak-packet-interval-ms", "100", "--journal", dir.resolve("soak").toString());
        assertThat(soak.exitCode).as(soak.out() + soak.err()).isZero();
        assertThat(soak.out()).contains("heap MiB", "conservation", "journal MiB", "abs-send-time wraps",
            "all empty", "soak passed");
        assertOneLineError(CliHarness.run("simulate", "--soak", "--scenario", "cellular"), "--soak runs its own");
    }

    @Test
    void malformedInputsGiveExitCode2AndOneLine() throws IOException {
        final Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "arrival_us,ssrc,abs_send_time,payload_size\n1000,1,5,100\n2000,1,5,many\n");
        assertOneLineError(CliHarness.run("replay", "--trace", bad.toString()), "line 3", "payload_size");
        final Path noHeader = dir.resolve("noheader.csv");
        Files.writeString(noHeader, "1000,1,5,100\n");
        assertOneLineError(CliHarness.run("replay", "--trace", noHeader.toString()), "arrival_us");
        assertOneLineError(CliHarness.run("replay", "--trace", dir.resolve("missing.csv").toString()), "missing.csv");
        assertOneLineError(CliHarness.run("replay", "--journal", dir.resolve("nojournal").toString()), "does not exist");
        Files.createDirectories(dir.resolve("junk/events"));
        Files.writeString(dir.resolve("junk/events/x.cq4"), "not a queue");
        assertOneLineError(CliHarness.run("replay", "--journal", dir.resolve("junk").toString()), "junk");
        assertOneLineError(CliHarness.run("replay", "--journal", "x", "--trace", "y"), "mutually exclusive");
        assertOneLineError(CliHarness.run("replay", "--bogus"), "Unknown option");
        assertOneLineError(CliHarness.run("import", "--pcap", bad.toString(), "--extmap", "2=abs-send-time",
            "--journal", dir.resolve("j").toString()), "not a pcap or pcapng file");
        assertOneLineError(CliHarness.run("import", "--pcap", bad.toString(), "--journal", dir.resolve("j").toString()),
            "--extmap");
        assertOneLineError(CliHarness.run("simulate", "--capacity", "fast"), "fast");
        assertOneLineError(CliHarness.run("simulate", "--scenario", "nope"), "unknown scenario 'nope'");
        assertOneLineError(CliHarness.run("dump", "--journal", dir.resolve("nojournal").toString()), "does not exist");
    }

    private static void assertOneLineError(final CliHarness cli, final String... mentions) {
        assertThat(cli.exitCode).as(cli.err()).isEqualTo(2);
        final String first = cli.err().lines().findFirst().orElse("");
        assertThat(first).startsWith("bwe: ").contains(mentions);
        assertThat(cli.err()).as("no stack trace without --verbose").doesNotContain("\tat ");
    }
}
