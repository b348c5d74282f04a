package dev.bwe.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes sent datagrams as a classic libpcap file of raw IPv4/UDP packets, so that an independent decoder
 * (tshark, Wireshark) can read exactly the bytes the endpoint sent. UDP checksums are 0 ("not computed",
 * allowed over IPv4); the IPv4 header checksum is computed.
 */
public final class PcapWriter {
    private static final int PCAP_MAGIC = 0xA1B2C3D4;
    private static final short VERSION_MAJOR = 2;
    private static final short VERSION_MINOR = 4;
    private static final int SNAPLEN = 65_535;
    // LINKTYPE_RAW: each record starts with the IP header.
    private static final int LINKTYPE_RAW = 101;
    private static final int IPV4_HEADER_BYTES = 20;
    private static final int UDP_HEADER_BYTES = 8;
    private static final int PROTOCOL_UDP = 17;
    private static final int TTL = 64;

    private PcapWriter() {
    }

    /**
     * Writes every record that was sent (has a destination) to {@code file}.
     *
     * @return how many packets were written
     * @throws IllegalArgumentException for a non-IPv4 address
     */
    public static int write(final Path file, final List<RembRecord> records) throws IOException {
        int written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            final ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.BIG_ENDIAN);
            header.putInt(PCAP_MAGIC).putShort(VERSION_MAJOR).putShort(VERSION_MINOR).putInt(0).putInt(0)
                .putInt(SNAPLEN).putInt(LINKTYPE_RAW);
            out.write(header.array());
            for (final RembRecord record : records) {
                if (record.to() == null) {
                    continue;
                }
                final byte[] packet = ipv4Udp(record.from(), record.to(), record.datagram());
                final ByteBuffer recordHeader = ByteBuffer.allocate(16).order(ByteOrder.BIG_ENDIAN);
                recordHeader.putInt((int) (record.epochMicros() / 1_000_000))
                    .putInt((int) (record.epochMicros() % 1_000_000)).putInt(packet.length).putInt(packet.length);
                out.write(recordHeader.array());
                out.write(packet);
                written++;
            }
        }
        return written;
    }

    static byte[] ipv4Udp(final InetSocketAddress from, final InetSocketAddress to, final byte[] payload) {
        final int total = IPV4_HEADER_BYTES + UDP_HEADER_BYTES + payload.length;
        final ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
        b.put((byte) 0x45).put((byte) 0).putShort((short) total).putShort((short) 0).putShort((short) 0x4000)
            .put((byte) TTL).put((byte) PROTOCOL_UDP).putShort((short) 0)
            .put(ipv4(from)).put(ipv4(to));
        b.putShort(10, (short) ipChecksum(b.array(), IPV4_HEADER_BYTES));
        b.putShort((short) from.getPort()).putShort((short) to.getPort())
            .putShort((short) (UDP_HEADER_BYTES + payload.length)).putShort((short) 0).put(payload);
        return b.array();
    }

    private static byte[] ipv4(final InetSocketAddress address) {
        if (!(address.getAddress() instanceof Inet4Address)) {
            throw new IllegalArgumentException("pcap export handles IPv4 only, not " + address);
        }
        return address.getAddress().getAddress();
    }

    private static int ipChecksum(final byte[] header, final int length) {
        int sum = 0;
        for (int i = 0; i < length; i += 2) {
            sum += ((header[i] & 0xFF) << 8) | (header[i + 1] & 0xFF);
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }
}
