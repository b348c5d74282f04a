package dev.bwe.tools.capture;

import io.pkts.Pcap;
import io.pkts.packet.IPPacket;
import io.pkts.packet.Packet;
import io.pkts.packet.UDPPacket;
import io.pkts.protocol.Protocol;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads the UDP datagrams of a capture file. Classic pcap goes through pkts-core (a maintained
 * library); pkts does not read pcapng, so pcapng goes through {@link PcapngReader}. The format is
 * told by the file's magic number, not its name.
 */
public final class CaptureFile {
    private CaptureFile() {
    }

    /** The kind of a capture file. */
    public enum Format { PCAP, PCAPNG }

    /**
     * What a read found: the datagrams passed on, and how many bytes at the end of the file were an
     * incomplete packet (a capture cut short, as when tcpdump is killed); every complete packet before them
     * was read.
     */
    public record Summary(long datagrams, long incompleteTrailingBytes) {
        /** True when the file ended in the middle of a packet. */
        public boolean truncated() {
            return incompleteTrailingBytes > 0;
        }
    }

    /**
     * Calls {@code sink} with every UDP datagram (IPv4 or IPv6) of the file, in file order.
     *
     * @return the number of datagrams
     * @throws IllegalArgumentException when the file is missing or not a capture (saying which file and why)
     */
    public static long readDatagrams(final Path path, final Consumer<Datagram> sink) {
        return read(path, sink).datagrams();
    }

    /**
     * As {@link #readDatagrams}, and says how many bytes at the end were an incomplete packet: a capture
     * cut short is read up to its last complete packet, not refused.
     */
    public static Summary read(final Path path, final Consumer<Datagram> sink) {
        final Format format = detect(path);
        try {
            return format == Format.PCAPNG ? PcapngReader.read(path, sink) : readPcap(path, sink);
        } catch (final IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw (IllegalArgumentException) e;
            }
            throw new IllegalArgumentException("cannot read capture " + path + ": " + e.getMessage(), e);
        }
    }

    /** Tells pcap from pcapng by the first four bytes. */
    public static Format detect(final Path path) {
        final byte[] magic = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            if (in.readNBytes(magic, 0, 4) < 4) {
                throw new IllegalArgumentException("not a capture file (shorter than 4 bytes): " + path);
            }
        } catch (final NoSuchFileException e) {
            throw new IllegalArgumentException("no such capture file: " + path, e);
        } catch (final IOException e) {
            throw new IllegalArgumentException("cannot read capture " + path + ": " + e.getMessage(), e);
        }
        final int be = ((magic[0] & 0xFF) << 24) | ((magic[1] & 0xFF) << 16) | ((magic[2] & 0xFF) << 8) | (magic[3] & 0xFF);
        if (be == 0x0A0D0D0A) {
            return Format.PCAPNG;
        }
        // Microsecond and nanosecond pcap, either byte order.
        if (be == 0xA1B2C3D4 || be == 0xD4C3B2A1 || be == 0xA1B23C4D || be == 0x4D3CB2A1) {
            return Format.PCAP;
        }
        throw new IllegalArgumentException(String.format("not a pcap or pcapng file (magic %08x): %s", be, path));
    }

    private static Summary readPcap(final Path path, final Consumer<Datagram> sink) throws IOException {
        final long[] count = {0};
        final long fileBytes = Files.size(path);
        // pkts reads records to the end of its stream: give it only the complete ones.
        final long completeBytes = PcapRecords.completeLength(path);
        try (InputStream in = new BoundedInputStream(new BufferedInputStream(Files.newInputStream(path)),
            completeBytes)) {
            final Pcap pcap = Pcap.openStream(in);
            try {
                pcap.loop((Packet packet) -> {
                    if (!packet.hasProtocol(Protocol.UDP)) {
                        return true;
                    }
                    final UDPPacket udp = (UDPPacket) packet.getPacket(Protocol.UDP);
                    final IPPacket ip = udp.getParentPacket();
                    final byte[] payload = udp.getPayload() == null ? new byte[0] : udp.getPayload().getArray();
                    sink.accept(new Datagram(packet.getArrivalTime(), ip.getSourceIP(), udp.getSourcePort(),
                        ip.getDestinationIP(), udp.getDestinationPort(), payload));
                    count[0]++;
                    return true;
                });
            } finally {
                pcap.close();
            }
        } catch (final io.pkts.framer.FramingException e) {
            throw new IllegalArgumentException("corrupt pcap " + path + " after " + count[0] + " datagrams: "
                + e.getMessage(), e);
        }
        return new Summary(count[0], fileBytes - completeBytes);
    }

    /** The first {@code limit} bytes of a stream. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long left;

        BoundedInputStream(final InputStream in, final long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            final int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(final byte[] b, final int off, final int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            final int n = super.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
