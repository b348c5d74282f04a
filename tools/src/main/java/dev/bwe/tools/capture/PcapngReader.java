package dev.bwe.tools.capture;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A small pcapng reader (draft-ietf-opsawg-pcapng): section headers in either byte order, interface
 * descriptions (link type and {@code if_tsresol}), enhanced packet blocks; Ethernet (with VLAN tags),
 * raw IP, Linux cooked (SLL, SLL2) and BSD loopback links; IPv4 and IPv6 carrying UDP. pkts-core,
 * which reads classic pcap, has no pcapng support; this is the part bwe needs of the format.
 */
final class PcapngReader {
    private static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int INTERFACE_DESCRIPTION = 1;
    private static final int ENHANCED_PACKET = 6;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;

    private PcapngReader() {
    }

    /** One interface's link type and timestamp units. */
    private record Interface(int linkType, long ticksPerSecond) {
    }

    static CaptureFile.Summary read(final Path path, final Consumer<Datagram> sink) throws IOException {
        final ByteBuffer file = ByteBuffer.wrap(Files.readAllBytes(path));
        final List<Interface> interfaces = new ArrayList<>();
        long count = 0;
        while (file.remaining() > 0) {
            final int start = file.position();
            if (file.remaining() < 12) {
                // Not even a block header: the file was cut short here.
                return new CaptureFile.Summary(count, file.remaining());
            }
            // The section header's type is a palindrome, readable in either byte order; its byte-order
            // magic then sets the order of the whole section.
            final int type = file.getInt(start);
            if (type == SECTION_HEADER) {
                file.order(ByteOrder.BIG_ENDIAN);
                if (file.getInt(start + 8) != BYTE_ORDER_MAGIC) {
                    file.order(ByteOrder.LITTLE_ENDIAN);
                }
                if (file.getInt(start + 8) != BYTE_ORDER_MAGIC) {
                    throw new IllegalArgumentException("pcapng " + path + ": bad byte-order magic at offset " + start);
                }
                interfaces.clear();
            }
            final int length = file.getInt(start + 4);
            if (length >= 12 && length % 4 == 0 && length > file.limit() - start) {
                // A block that runs past the end: the capture was cut short in the middle of it.
                return new CaptureFile.Summary(count, file.limit() - start);
            }
            if (length < 12 || length % 4 != 0) {
                throw new IllegalArgumentException("pcapng " + path + ": block at offset " + start + " has length "
                    + length + " (a corrupt file, after " + count + " datagrams)");
            }
            if (type == INTERFACE_DESCRIPTION) {
                interfaces.add(new Interface(file.getShort(start + 8) & 0xFFFF, tsResolution(file, start, length)));
            } else if (type == ENHANCED_PACKET) {
                final int interfaceId = file.getInt(start + 8);
                if (interfaceId < 0 || interfaceId >= interfaces.size()) {
                    throw new IllegalArgumentException("pcapng " + path + ": packet at offset " + start
                        + " names unknown interface " + interfaceId);
                }
                final Interface iface = interfaces.get(interfaceId);
                final long ticks = ((file.getInt(start + 12) & 0xFFFFFFFFL) << 32) | (file.getInt(start + 16) & 0xFFFFFFFFL);
                final int captured = file.getInt(start + 20);
                if (captured < 0 || 28 + captured > length) {
                    throw new IllegalArgumentException("pcapng " + path + ": packet at offset " + start
                        + " claims " + captured + " bytes in a " + length + "-byte block");
                }
                final long timestampUs = iface.ticksPerSecond == 1_000_000 ? ticks
                    : (long) (ticks * (1_000_000.0 / iface.ticksPerSecond));
                final byte[] frame = Arrays.copyOfRange(file.array(), start + 28, start + 28 + captured);
                if (decode(iface.linkType, frame, timestampUs, sink)) {
                    count++;
                }
            }
            file.position(start + length);
        }
        return new CaptureFile.Summary(count, 0);
    }

    /** The {@code if_tsresol} option (code 9): 10^-n or 2^-n seconds; microseconds when absent. */
    private static long tsResolution(final ByteBuffer file, final int start, final int length) {
        int p = start + 16;
        final int end = start + length - 4;
        while (p + 4 <= end) {
            final int code = file.getShort(p) & 0xFFFF;
            final int optionLength = file.getShort(p + 2) & 0xFFFF;
            if (code == 0) {
                break;
            }
            if (code == 9 && optionLength >= 1) {
                final int value = file.get(p + 4) & 0xFF;
                final int exponent = value & 0x7F;
                return (value & 0x80) != 0 ? 1L << exponent : (long) Math.pow(10, exponent);
            }
            p += 4 + ((optionLength + 3) & ~3);
        }
        return 1_000_000;
    }

    private static boolean decode(final int linkType, final byte[] frame, final long timestampUs,
                                  final Consumer<Datagram> sink) {
        int offset;
        int etherType;
        switch (linkType) {
            case 1: // Ethernet
                offset = 14;
                if (frame.length < offset) {
                    return false;
                }
                etherType = u16(frame, 12);
                while ((etherType == 0x8100 || etherType == 0x88A8) && frame.length >= offset + 4) {
                    etherType = u16(frame, offset + 2);
                    offset += 4;
                }
                break;
            case 101: // raw IP
            case 12:
                offset = 0;
                etherType = frame.length > 0 && (frame[0] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
                break;
            case 113: // Linux cooked v1
                offset = 16;
                if (frame.length < offset) {
                    return false;
                }
                etherType = u16(frame, 14);
                break;
            case 276: // Linux cooked v2
                offset = 20;
                if (frame.length < offset) {
                    return false;
                }
                etherType = u16(frame, 0);
                break;
            case 0: // BSD loopback: 4-byte address family in host order
                offset = 4;
                etherType = frame.length > 4 && (frame[4] & 0xF0) == 0x60 ? 0x86DD : 0x0800;
                break;
            default:
                return false;
        }
        return decodeIp(frame, offset, etherType, timestampUs, sink);
    }

    private static boolean decodeIp(final byte[] frame, final int offset, final int etherType, final long timestampUs,
                                    final Consumer<Datagram> sink) {
        final int udpOffset;
        final String source;
        final String destination;
        if (etherType == 0x0800) {
            if (frame.length < offset + 20 || (frame[offset] & 0xF0) != 0x40 || frame[offset + 9] != 17) {
                return false;
            }
            if ((u16(frame, offset + 6) & 0x3FFF) != 0) {
                return false; // a fragment: not a whole datagram
            }
            udpOffset = offset + (frame[offset] & 0x0F) * 4;
            source = address(frame, offset + 12, 4);
            destination = address(frame, offset + 16, 4);
        } else if (etherType == 0x86DD) {
            if (frame.length < offset + 40 || frame[offset + 6] != 17) {
                return false;
            }
            udpOffset = offset + 40;
            source = address(frame, offset + 8, 16);
            destination = address(frame, offset + 24, 16);
        } else {
            return false;
        }
        if (frame.length < udpOffset + 8) {
            return false;
        }
        final int udpLength = u16(frame, udpOffset + 4);
        final int payloadEnd = Math.min(frame.length, udpOffset + Math.max(8, udpLength));
        sink.accept(new Datagram(timestampUs, source, u16(frame, udpOffset), destination, u16(frame, udpOffset + 2),
            Arrays.copyOfRange(frame, udpOffset + 8, payloadEnd)));
        return true;
    }

    private static int u16(final byte[] b, final int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    private static String address(final byte[] b, final int offset, final int length) {
        try {
            return InetAddress.getByAddress(Arrays.copyOfRange(b, offset, offset + length)).getHostAddress();
        } catch (final UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
