package dev.bwe.tools.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CaptureFileTest {
    static Path capture(final String name) {
        try {
            return Path.of(CaptureFileTest.class.getResource("/pcap/" + name).toURI());
        } catch (final URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<Datagram> read(final Path path) {
        final List<Datagram> out = new ArrayList<>();
        CaptureFile.readDatagrams(path, out::add);
        return out;
    }

    @ParameterizedTest(name = "{0}: {1} datagrams, SSRC {2}")
    @CsvSource({
        "str0m-vp8.pcap, 104, EEDF3944, 10.2.2.2:62132>10.1.1.1:5443",
        "str0m-av1.pcap, 201, D465AC89, 10.2.2.2:2000>10.1.1.1:1000",
        "str0m-h264.pcap, 298, 6A5CC848, 10.1.1.1:1234>10.2.2.2:1235",
    })
    void readsTheSharedRtpCaptures(final String name, final int datagrams, final String ssrcHex, final String flow) {
        final Path path = capture(name);
        assertThat(CaptureFile.detect(path)).isEqualTo(CaptureFile.Format.PCAP);
        final List<Datagram> all = read(path);
        assertThat(all).hasSize(datagrams);
        final int ssrc = (int) Long.parseLong(ssrcHex, 16);
        assertThat(all).allSatisfy(d -> {
            assertThat(d.flow()).isEqualTo(flow);
            assertThat(d.payload()[0] & 0xC0).as("RTP version 2").isEqualTo(0x80);
            assertThat(ByteBuffer.wrap(d.payload(), 8, 4).getInt()).isEqualTo(ssrc);
        });
        assertThat(all.get(all.size() - 1).timestampUs()).isGreaterThanOrEqualTo(all.get(0).timestampUs());
    }

    @Test
    void pcapngGivesTheSameDatagramsAsPcap(@TempDir final Path dir) throws IOException {
        final List<Datagram> original = read(capture("str0m-vp8.pcap"));
        final Path ng = dir.resolve("vp8.pcapng");
        Files.write(ng, toPcapng(original, ByteOrder.LITTLE_ENDIAN));
        assertThat(CaptureFile.detect(ng)).isEqualTo(CaptureFile.Format.PCAPNG);
        final List<Datagram> fromNg = read(ng);
        assertThat(fromNg).hasSize(original.size());
        for (int i = 0; i < original.size(); i++) {
            final Datagram a = original.get(i);
            final Datagram b = fromNg.get(i);
            assertThat(b.timestampUs()).isEqualTo(a.timestampUs());
            assertThat(b.flow()).isEqualTo(a.flow());
            assertThat(b.payload()).isEqualTo(a.payload());
        }
        final Path bigEndian = dir.resolve("be.pcapng");
        Files.write(bigEndian, toPcapng(original, ByteOrder.BIG_ENDIAN));
        assertThat(read(bigEndian)).hasSize(original.size());
    }

    @Test
    void badFilesSayWhatAndWhere(@TempDir final Path dir) throws IOException {
        assertThatThrownBy(() -> read(dir.resolve("none.pcap"))).hasMessageContaining("no such capture file");
        final Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello world");
        assertThatThrownBy(() -> read(text)).hasMessageContaining("not a pcap or pcapng file").hasMessageContaining("notes.txt");
        final Path corruptNg = dir.resolve("bad.pcapng");
        final byte[] ng = toPcapng(read(capture("str0m-vp8.pcap")), ByteOrder.LITTLE_ENDIAN);
        final byte[] corrupt = ng.clone();
        // The second block's length field: 13 is no block length at all.
        java.nio.ByteBuffer.wrap(corrupt).order(ByteOrder.LITTLE_ENDIAN).putInt(28 + 4, 13);
        Files.write(corruptNg, corrupt);
        assertThatThrownBy(() -> read(corruptNg)).hasMessageContaining("bad.pcapng").hasMessageContaining("corrupt");
    }

    @Test
    void captureCutShortGivesEveryCompletePacketAndCountsTheRest(@TempDir final Path dir) throws IOException {
        final Path original = capture("str0m-vp8.pcap");
        final List<Datagram> all = read(original);
        final byte[] pcap = Files.readAllBytes(original);
        // Cut in the middle of a record: 24-byte file header, then 16-byte record headers.
        final Path cut = dir.resolve("cut.pcap");
        final int cutAt = pcap.length - 500;
        Files.write(cut, java.util.Arrays.copyOf(pcap, cutAt));
        final List<Datagram> got = new java.util.ArrayList<>();
        final CaptureFile.Summary summary = CaptureFile.read(cut, got::add);
        assertThat(summary.truncated()).isTrue();
        assertThat(got).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(summary.datagrams()).isEqualTo(got.size());
        for (int i = 0; i < got.size(); i++) {
            assertThat(got.get(i).payload()).isEqualTo(all.get(i).payload());
        }
        // Every byte is either in a complete record or counted as incomplete.
        final long completeBytes = 24L + got.stream().mapToLong(d -> 16 + 42 + d.payload().length).sum();
        assertThat(summary.incompleteTrailingBytes()).isEqualTo(cutAt - completeBytes);

        final byte[] ng = toPcapng(all, ByteOrder.LITTLE_ENDIAN);
        final Path cutNg = dir.resolve("cut.pcapng");
        Files.write(cutNg, java.util.Arrays.copyOf(ng, ng.length / 2 + 3));
        final List<Datagram> gotNg = new java.util.ArrayList<>();
        final CaptureFile.Summary ngSummary = CaptureFile.read(cutNg, gotNg::add);
        assertThat(ngSummary.truncated()).isTrue();
        assertThat(gotNg).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(ngSummary.incompleteTrailingBytes()).isPositive().isLessThan(2000);

        assertThat(CaptureFile.read(original, d -> { }).incompleteTrailingBytes()).isZero();
    }

    /** A pcapng with one Ethernet interface (µs timestamps) and one enhanced packet block per datagram. */
    static byte[] toPcapng(final List<Datagram> datagrams, final ByteOrder order) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(block(order, 0x0A0D0D0A, b -> b.putInt(0x1A2B3C4D).putShort((short) 1).putShort((short) 0)
            .putLong(-1L), 16));
        out.write(block(order, 1, b -> b.putShort((short) 1).putShort((short) 0).putInt(65535), 8));
        for (final Datagram d : datagrams) {
            final byte[] frame = ethernetFrame(d);
            final int padded = (frame.length + 3) & ~3;
            out.write(block(order, 6, b -> {
                b.putInt(0).putInt((int) (d.timestampUs() >>> 32)).putInt((int) d.timestampUs())
                    .putInt(frame.length).putInt(frame.length).put(frame);
                for (int i = frame.length; i < padded; i++) {
                    b.put((byte) 0);
                }
            }, 20 + padded));
        }
        return out.toByteArray();
    }

    private static byte[] block(final ByteOrder order, final int type,
                                final java.util.function.Consumer<ByteBuffer> body, final int bodyLength) {
        final int length = 12 + bodyLength;
        final ByteBuffer b = ByteBuffer.allocate(length).order(order);
        b.putInt(type).putInt(length);
        body.accept(b);
        b.putInt(length);
        return b.array();
    }

    private static byte[] ethernetFrame(final Datagram d) throws IOException {
        final byte[] payload = d.payload();
        final ByteBuffer f = ByteBuffer.allocate(14 + 20 + 8 + payload.length);
        f.put(new byte[12]).putShort((short) 0x0800);
        f.put((byte) 0x45).put((byte) 0).putShort((short) (20 + 8 + payload.length)).putInt(0)
            .put((byte) 64).put((byte) 17).putShort((short) 0)
            .put(InetAddress.getByName(d.sourceIp()).getAddress())
            .put(InetAddress.getByName(d.destinationIp()).getAddress());
        f.putShort((short) d.sourcePort()).putShort((short) d.destinationPort())
            .putShort((short) (8 + payload.length)).putShort((short) 0).put(payload);
        return f.array();
    }
}
