package dev.bwe.jmh;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The baseline of {@link ParseBenchmark}: an RTP packet parsed the way a typical codebase parses it,
 * into a new object per packet, the CSRCs in a list and every header-extension element copied into
 * a map. Written plainly on purpose, to show what bwe's allocation-free flyweight is compared with;
 * nothing in bwe uses it.
 *
 * <p>It reads from the start of a datagram ({@code capturedLength} bytes at {@code offset}) and takes
 * the full length from the caller, as bwe's parser does, so both parse the same bytes.
 */
final class ParsedRtpPacket {
    private static final int FIXED_HEADER_LENGTH = 12;

    private int version;
    private boolean padding;
    private boolean extension;
    private int csrcCount;
    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private final List<Long> csrcs = new ArrayList<>();
    private int extensionProfile;
    private final Map<Integer, byte[]> extensions = new HashMap<>();
    private int payloadOffset;
    private int payloadLength;

    static ParsedRtpPacket parse(final byte[] data, final int offset, final int capturedLength,
                                 final int packetLength) {
        if (capturedLength < FIXED_HEADER_LENGTH) {
            throw new IllegalArgumentException("RTP packet too short: " + capturedLength);
        }
        final ParsedRtpPacket packet = new ParsedRtpPacket();
        final int b0 = data[offset] & 0xFF;
        final int b1 = data[offset + 1] & 0xFF;
        packet.version = b0 >> 6;
        if (packet.version != 2) {
            throw new IllegalArgumentException("Unsupported RTP version: " + packet.version);
        }
        packet.padding = (b0 & 0x20) != 0;
        packet.extension = (b0 & 0x10) != 0;
        packet.csrcCount = b0 & 0x0F;
        packet.marker = (b1 & 0x80) != 0;
        packet.payloadType = b1 & 0x7F;
        packet.sequenceNumber = readUnsignedShort(data, offset + 2);
        packet.timestamp = readUnsignedInt(data, offset + 4);
        packet.ssrc = readUnsignedInt(data, offset + 8);

        int position = offset + FIXED_HEADER_LENGTH;
        for (int i = 0; i < packet.csrcCount; i++) {
            packet.csrcs.add(readUnsignedInt(data, position));
            position += 4;
        }

        if (packet.extension) {
            packet.extensionProfile = readUnsignedShort(data, position);
            final int extensionLength = readUnsignedShort(data, position + 2) * 4;
            position += 4;
            final int end = position + extensionLength;
            if (end > offset + capturedLength) {
                throw new IllegalArgumentException("Header extension exceeds packet");
            }
            if (packet.extensionProfile == 0xBEDE) {
                parseOneByteExtensions(data, position, end, packet.extensions);
            } else if ((packet.extensionProfile & 0xFFF0) == 0x1000) {
                parseTwoByteExtensions(data, position, end, packet.extensions);
            }
            position = end;
        }

        packet.payloadOffset = position - offset;
        packet.payloadLength = packetLength - packet.payloadOffset;
        return packet;
    }

    private static void parseOneByteExtensions(final byte[] data, final int start, final int end,
                                               final Map<Integer, byte[]> extensions) {
        int position = start;
        while (position < end) {
            final int header = data[position] & 0xFF;
            if (header == 0) {
                position++;
                continue;
            }
            final int id = header >> 4;
            final int length = (header & 0x0F) + 1;
            if (id == 15 || position + 1 + length > end) {
                break;
            }
            extensions.put(id, Arrays.copyOfRange(data, position + 1, position + 1 + length));
            position += 1 + length;
        }
    }

    private static void parseTwoByteExtensions(final byte[] data, final int start, final int end,
                                               final Map<Integer, byte[]> extensions) {
        int position = start;
        while (position + 1 < end) {
            final int id = data[position] & 0xFF;
            if (id == 0) {
                position++;
                continue;
            }
            final int length = data[position + 1] & 0xFF;
            if (position + 2 + length > end) {
                break;
            }
            extensions.put(id, Arrays.copyOfRange(data, position + 2, position + 2 + length));
            position += 2 + length;
        }
    }

    private static int readUnsignedShort(final byte[] data, final int index) {
        return ((data[index] & 0xFF) << 8) | (data[index + 1] & 0xFF);
    }

    private static long readUnsignedInt(final byte[] data, final int index) {
        return ((long) (data[index] & 0xFF) << 24)
            | ((data[index + 1] & 0xFF) << 16)
            | ((data[index + 2] & 0xFF) << 8)
            | (data[index + 3] & 0xFF);
    }

    int getVersion() {
        return version;
    }

    boolean hasPadding() {
        return padding;
    }

    boolean hasExtension() {
        return extension;
    }

    int getCsrcCount() {
        return csrcCount;
    }

    boolean isMarker() {
        return marker;
    }

    int getPayloadType() {
        return payloadType;
    }

    int getSequenceNumber() {
        return sequenceNumber;
    }

    long getTimestamp() {
        return timestamp;
    }

    long getSsrc() {
        return ssrc;
    }

    List<Long> getCsrcs() {
        return csrcs;
    }

    int getExtensionProfile() {
        return extensionProfile;
    }

    Map<Integer, byte[]> getExtensions() {
        return extensions;
    }

    int getPayloadOffset() {
        return payloadOffset;
    }

    int getPayloadLength() {
        return payloadLength;
    }
}
