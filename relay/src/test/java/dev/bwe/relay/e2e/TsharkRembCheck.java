package dev.bwe.relay.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.relay.PcapWriter;
import dev.bwe.relay.RembRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An independent decoder's opinion of every REMB the endpoint sent: the exact datagrams go into a pcap
 * (raw IPv4/UDP), tshark dissects them as RTCP, and its REMB fields (number of SSRCs, exponent, mantissa, SSRCs)
 * must match bwe's own record: bitrate = mantissa &lt;&lt; exponent = the recorded bitrate truncated to the
 * 18-bit mantissa, the same SSRC list.
 */
final class TsharkRembCheck {
    private static final long TSHARK_TIMEOUT_S = 60;

    private TsharkRembCheck() {
    }

    /** Runs the check when tshark is there; without it says so (or fails when browser tests are required). */
    static void verifyOrSay(final Path dir, final List<RembRecord> sent) throws IOException, InterruptedException {
        final Optional<Path> tshark = BrowserSupport.tsharkOrSay();
        if (tshark.isPresent()) {
            verify(tshark.get(), dir, sent);
        }
    }

    static void verify(final Path tshark, final Path dir, final List<RembRecord> sent)
        throws IOException, InterruptedException {
        final List<RembRecord> onWire = sent.stream().filter(r -> r.to() != null).toList();
        assertThat(onWire).as("REMBs sent").isNotEmpty();
        final Path pcap = dir.resolve("rembs-" + System.nanoTime() + ".pcap");
        assertThat(PcapWriter.write(pcap, onWire)).isEqualTo(onWire.size());
        final int port = onWire.get(0).from().getPort();
        final Path out = dir.resolve(pcap.getFileName() + ".tsv");
        final Process process = new ProcessBuilder(tshark.toString(), "-n", "-r", pcap.toString(),
            "-d", "udp.port==" + port + ",rtcp",
            "-T", "fields", "-E", "separator=/t", "-E", "occurrence=a", "-E", "aggregator=,",
            "-e", "frame.number", "-e", "rtcp.psfb.remb.fci.number_ssrcs", "-e", "rtcp.psfb.remb.fci.br_exp",
            "-e", "rtcp.psfb.remb.fci.br_mantissa", "-e", "rtcp.psfb.remb.fci.ssrc")
            .redirectErrorStream(false)
            .redirectOutput(out.toFile())
            .redirectError(dir.resolve(pcap.getFileName() + ".err").toFile())
            .start();
        try {
            assertThat(process.waitFor(TSHARK_TIMEOUT_S, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        } finally {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("tshark exit code; stderr: %s",
            Files.readString(dir.resolve(pcap.getFileName() + ".err"))).isZero();
        final List<String> lines = new ArrayList<>(Files.readAllLines(out, StandardCharsets.UTF_8));
        lines.removeIf(String::isBlank);
        assertThat(lines).as("one tshark line per REMB datagram").hasSize(onWire.size());
        for (int i = 0; i < lines.size(); i++) {
            final String[] f = lines.get(i).split("\t", -1);
            final RembRecord record = onWire.get(i);
            assertThat(f[0]).isEqualTo(Integer.toString(i + 1));
            assertThat(Integer.parseInt(f[1])).as("number_ssrcs of REMB %d", i).isEqualTo(record.ssrcs().length);
            final int exponent = Integer.parseInt(f[2]);
            final long mantissa = Long.parseLong(f[3]);
            assertThat(mantissa << exponent).as("tshark's bitrate of REMB %d (%s)", i, record)
                .isEqualTo(truncated(record.bitrateBps()));
            final List<String> ssrcs = f[4].isEmpty() ? List.of() : List.of(f[4].split(","));
            assertThat(ssrcs).as("SSRCs of REMB %d", i).containsExactlyElementsOf(
                java.util.Arrays.stream(record.ssrcs()).mapToObj(s -> "0x" + String.format("%08x", s)).toList());
        }
        BrowserSupport.say("tshark decoded all " + onWire.size() + " REMBs exactly as recorded");
    }

    /** What an 18-bit mantissa keeps of {@code bps}: libwebrtc truncates, never rounds. */
    static long truncated(final long bps) {
        long mantissa = bps;
        int exponent = 0;
        while (mantissa > 0x3FFFF) {
            mantissa >>>= 1;
            exponent++;
        }
        return mantissa << exponent;
    }
}
