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
     * Calls {@code sink} with every UDP datagram (IPv4 or IPv6) of the file, in file order.
     *
     * @return the number of datagrams
     * @throws IllegalArgumentException when the file is missing or not a capture (saying which file and why)
     */
    public static long readDatagrams(final Path path, final Consumer<Datagram> sink) {
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

    private static long readPcap(final Path path, final Consumer<Datagram> sink) throws IOException {
        final long[] count = {0};
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
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
        return count[0];
    }
}
