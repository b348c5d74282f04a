package dev.bwe.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.remb.RembDecoder;
import dev.bwe.pipeline.rtp.SdpExtmap;
import dev.bwe.relay.PcapWriter;
import dev.bwe.relay.RembRecord;
import dev.bwe.tools.capture.CaptureFile;
import dev.bwe.tools.capture.Datagram;
import dev.bwe.tools.cli.BweCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A shared capture sent over loopback UDP into the Netty relay with the capture's own pacing: the REMBs
 * that come back are exactly those {@code bwe replay --verify} makes of the run's journal, and close to
 * those {@code bwe replay} makes of the capture itself; bwe's decoder and (where installed) tshark read
 * them alike.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NettyRelayTest {
    private static final String CAPTURE = "str0m-vp8.pcap";
    private static final String EXTMAP = "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    private static final int SENDER_SSRC = 0x5EED;
    /** A start estimate: the 3.3 s capture is shorter than the 5 s libwebrtc waits for a first estimate. */
    private static final long START_BPS = 300_000;
    /**
     * How far the loopback run's REMB values may be from the capture replay's: arrival times over loopback
     * are the sender's pacing plus scheduling (not the capture's whole milliseconds), so AIMD's steps differ
     * a little; the level must not.
     */
    static final double TOLERANCE = 0.10;

    @TempDir
    Path dir;

    @Test
    void rembsThatComeBackAreTheJournalsReplayAndCloseToTheCapturesReplay() throws Exception {
        final Path capture = Path.of(System.getProperty("bwe.captures"), CAPTURE);
        final List<Datagram> datagrams = new ArrayList<>();
        CaptureFile.read(capture, datagrams::add);
        assertThat(datagrams).hasSize(104);
        final Path journal = dir.resolve("journal");
        final NettyRelay.Options options = new NettyRelay.Options(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), SdpExtmap.parse(List.of(EXTMAP)),
            EstimatorConfig.builder().startBitrateBps(START_BPS).build(), SENDER_SSRC, journal);

        final List<byte[]> received = new ArrayList<>();
        final InetSocketAddress relayAddress;
        final InetSocketAddress peerAddress;
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            peerAddress = (InetSocketAddress) peer.getLocalSocketAddress();
            final long sent;
            try (NettyRelay relay = NettyRelay.start(options)) {
                relayAddress = relay.localAddress();
                peer.connect(relayAddress);
                final Thread receiver = new Thread(() -> receive(peer, received), "remb-receiver");
                receiver.start();
                sendPaced(peer, datagrams);
                // A REMB re-send (every second) after the last packet, then stop.
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1_200));
                relay.close();
                sent = relay.rembsSent();
                awaitCount(received, sent);
                receiver.interrupt();
                peer.close();
                receiver.join(5_000);
            }
            assertThat(sent).as("REMBs the relay sent").isGreaterThanOrEqualTo(3);
            assertThat(received).hasSize((int) sent);
        }

        // 1. bwe's decoder reads every REMB that came back.
        final RembDecoder decoder = new RembDecoder();
        final List<Long> bitrates = new ArrayList<>();
        for (final byte[] remb : received) {
            assertThat(decoder.wrap(new UnsafeBuffer(remb), 0, remb.length)).as("%s", decoder.error()).isTrue();
            assertThat(decoder.senderSsrc()).isEqualTo(SENDER_SSRC);
            assertThat(decoder.ssrcCount()).isEqualTo(1);
            assertThat(decoder.ssrc(0)).isEqualTo(0xEEDF3944);
            bitrates.add(decoder.bitrateBps());
        }

        // 2. Exactly what `bwe replay --verify` of the run's journal sends, byte for byte.
        final Path replayCsv = dir.resolve("journal-rembs.csv");
        final String replayOut = cli("replay", "--journal", journal.toString(), "--verify", "--remb-out",
            replayCsv.toString());
        assertThat(replayOut).contains("verified");
        assertThat(column(replayCsv, 4)).isEqualTo(received.stream().map(HexFormat.of()::formatHex).toList());

        // 3. Close to `bwe replay` of the capture itself (its own clock, no network in between).
        final Path captureJournal = dir.resolve("capture-journal");
        cli("import", "--pcap", capture.toString(), "--extmap", "2=abs-send-time", "--start-bitrate",
            Long.toString(START_BPS), "--journal", captureJournal.toString());
        final Path captureCsv = dir.resolve("capture-rembs.csv");
        cli("replay", "--journal", captureJournal.toString(), "--remb-out", captureCsv.toString());
        final List<Long> expected = column(captureCsv, 2).stream().map(Long::parseLong).toList();
        System.out.println("netty relay REMBs (bps): " + bitrates + "; bwe replay of the capture: " + expected);
        // How many REMBs go out depends on when estimate updates fall (and when each run stopped), so the
        // comparison is of levels: the first, the highest and the last REMB, each within the tolerance.
        assertThat(expected).hasSizeGreaterThanOrEqualTo(3);
        final org.assertj.core.data.Percentage tolerance =
            org.assertj.core.data.Percentage.withPercentage(TOLERANCE * 100);
        assertThat((double) bitrates.get(0)).as("first REMB").isCloseTo(expected.get(0), tolerance);
        assertThat((double) bitrates.stream().mapToLong(Long::longValue).max().orElseThrow()).as("highest REMB")
            .isCloseTo(expected.stream().mapToLong(Long::longValue).max().orElseThrow(), tolerance);
        assertThat((double) bitrates.get(bitrates.size() - 1)).as("last REMB")
            .isCloseTo(expected.get(expected.size() - 1), tolerance);

        // 4. tshark, where installed, decodes them as bwe's decoder does.
        final Optional<Path> tshark = findOnPath("tshark");
        if (tshark.isEmpty()) {
            System.out.println("tshark not installed: REMBs decoded by bwe's decoder only");
        } else {
            checkWithTshark(tshark.get(), received, bitrates, relayAddress, peerAddress);
        }
    }

    private static void sendPaced(final DatagramSocket peer, final List<Datagram> datagrams) throws IOException {
        final long firstUs = datagrams.get(0).timestampUs();
        final long startNs = System.nanoTime();
        for (final Datagram d : datagrams) {
            final long dueNs = startNs + (d.timestampUs() - firstUs) * 1000;
            while (System.nanoTime() - dueNs < 0) {
                LockSupport.parkNanos(Math.min(dueNs - System.nanoTime(), 1_000_000L));
            }
            peer.send(new DatagramPacket(d.payload(), d.payload().length));
        }
    }

    private static void receive(final DatagramSocket peer, final List<byte[]> received) {
        final byte[] buffer = new byte[1500];
        try {
            peer.setSoTimeout(100);
            while (!peer.isClosed()) {
                final DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                try {
                    peer.receive(packet);
                } catch (final SocketTimeoutException e) {
                    continue;
                }
                synchronized (received) {
                    received.add(Arrays.copyOf(packet.getData(), packet.getLength()));
                }
            }
        } catch (final IOException e) {
            // Closed: done.
        }
    }

    private static void awaitCount(final List<byte[]> received, final long count) {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - deadlineNs < 0) {
            synchronized (received) {
                if (received.size() >= count) {
                    return;
                }
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    private static String cli(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = BweCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(code).as("bwe %s: %s%s", String.join(" ", args), out, err).isZero();
        return out.toString();
    }

    /** One column of a CSV file with a header line. */
    private static List<String> column(final Path csv, final int index) throws IOException {
        return Files.readAllLines(csv, StandardCharsets.UTF_8).stream().skip(1).filter(l -> !l.isBlank())
            .map(l -> l.split(",", -1)[index]).toList();
    }

    private void checkWithTshark(final Path tshark, final List<byte[]> received, final List<Long> bitrates,
                                 final InetSocketAddress from, final InetSocketAddress to) throws Exception {
        final List<RembRecord> records = new ArrayList<>();
        for (int i = 0; i < received.size(); i++) {
            records.add(new RembRecord(i, 1_000_000L * (i + 1), bitrates.get(i), new int[] {0xEEDF3944},
                received.get(i), from, to, RembRecord.Source.BWE));
        }
        final Path pcap = dir.resolve("rembs.pcap");
        assertThat(PcapWriter.write(pcap, records)).isEqualTo(received.size());
        final Process process = new ProcessBuilder(tshark.toString(), "-n", "-r", pcap.toString(),
            "-d", "udp.port==" + from.getPort() + ",rtcp", "-T", "fields", "-E", "separator=/t",
            "-e", "rtcp.psfb.remb.fci.br_exp", "-e", "rtcp.psfb.remb.fci.br_mantissa",
            "-e", "rtcp.psfb.remb.fci.ssrc", "-e", "rtcp.senderssrc")
            .redirectOutput(dir.resolve("tshark.out").toFile()).redirectError(dir.resolve("tshark.err").toFile())
            .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("tshark finished").isTrue();
        final String output = Files.readString(dir.resolve("tshark.out"));
        assertThat(process.exitValue()).as(Files.readString(dir.resolve("tshark.err"))).isZero();
        final List<String> lines = output.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as(output).hasSize(received.size());
        for (int i = 0; i < lines.size(); i++) {
            final String[] f = lines.get(i).split("\t", -1);
            assertThat(Long.parseLong(f[1]) << Integer.parseInt(f[0])).as("tshark's bitrate of REMB %d", i)
                .isEqualTo(bitrates.get(i));
            assertThat(f[2]).isEqualTo("0xeedf3944");
            assertThat(Long.decode(f[3])).isEqualTo(SENDER_SSRC);
        }
        System.out.println("tshark decoded all " + lines.size() + " REMBs as bwe's decoder did");
    }

    private static Optional<Path> findOnPath(final String name) {
        final String path = System.getenv("PATH");
        return path == null ? Optional.empty() : Arrays.stream(path.split(java.io.File.pathSeparator))
            .map(d -> Path.of(d, name)).filter(Files::isExecutable).findFirst();
    }
}
