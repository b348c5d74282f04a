package dev.bwe.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture whose tcpdump was killed ends in the middle of a packet: import what is complete, say so, exit 0. */
class ImportTruncatedCaptureTest {
    @TempDir
    Path dir;

    @Test
    void importsEveryCompletePacketAndSaysHowManyBytesWereIncomplete() throws Exception {
        final byte[] whole = Files.readAllBytes(CliCommandsTest.capture("str0m-vp8.pcap"));
        final Path cut = dir.resolve("killed.pcap");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 300));
        final Path journal = dir.resolve("journal");
        final CliHarness imported = CliHarness.run("import", "--pcap", cut.toString(), "--extmap", "2=abs-send-time",
            "--journal", journal.toString());
        assertThat(imported.exitCode).as(imported.err()).isZero();
        // The last record of str0m-vp8.pcap is longer than 300 bytes: exactly one of 104 packets is cut.
        assertThat(imported.out()).contains("imported 103 datagrams").contains("103 accepted, 0 rejected")
            .containsPattern("the capture was cut short: its last [0-9,]+ bytes are an incomplete packet");
        final CliHarness replay = CliHarness.run("replay", "--journal", journal.toString(), "--verify");
        assertThat(replay.exitCode).as(replay.out() + replay.err()).isZero();
    }
}
