package dev.bwe.pipeline.rtp;

import java.io.ByteArrayOutputStream;

/**
 * Builds RTP packets byte by byte for tests, straight from RFC 3550 §5.1 and RFC 8285 §4, sharing
 * no code with the parser so that a round trip checks one reading of the RFCs against another.
 * Deliberately permissive: it writes whatever it is told, so tests can also build broken packets.
 */
final class RtpPacketBuilder {
    static final int ONE_BYTE_PROFILE = 0xBEDE;
    static final int TWO_BYTE_PROFILE = 0x1000;

    private int version = 2;
    private boolean marker;
    private int payloadType = 96;
    private int sequenceNumber;
    private int timestamp;
    private int ssrc;
    private int[] csrcs = new int[0];
    private int csrcCountOverride = -1;
    private int profile = -1;
    private final ByteArrayOutputStream block = new ByteArrayOutputStream();
    private int blockLengthWordsOverride = -1;
    private int payloadSizeBytes;
    private int paddingBytes;
    private boolean paddingBit;

    RtpPacketBuilder version(final int value) {
        version = value;
        return this;
    }

    RtpPacketBuilder marker(final boolean value) {
        marker = value;
        return this;
    }

    RtpPacketBuilder payloadType(final int value) {
        payloadType = value;
        return this;
    }

    RtpPacketBuilder sequenceNumber(final int value) {
        sequenceNumber = value;
        return this;
    }

    RtpPacketBuilder timestamp(final int value) {
        timestamp = value;
        return this;
    }

    RtpPacketBuilder ssrc(final int value) {
        ssrc = value;
        return this;
    }

    RtpPacketBuilder csrcs(final int... values) {
        csrcs = values.clone();
        return this;
    }

    /** Writes this CC value whatever the number of CSRCs actually written. */
    RtpPacketBuilder csrcCountField(final int value) {
        csrcCountOverride = value;
        return this;
    }

    /** Sets X with the one-byte profile 0xBEDE. */
    RtpPacketBuilder oneByteExtensions() {
        return extensionProfile(ONE_BYTE_PROFILE);
    }

    /** Sets X with the two-byte profile 0x100 and the given 4 appbits. */
    RtpPacketBuilder twoByteExtensions(final int appBits) {
        return extensionProfile(TWO_BYTE_PROFILE | appBits);
    }

    /** Sets X with any 16-bit profile. */
    RtpPacketBuilder extensionProfile(final int value) {
        profile = value;
        return this;
    }

    /** Appends an element in the current form: one-byte needs id 1..14 and 1..16 data bytes. */
    RtpPacketBuilder element(final int id, final byte... data) {
        if (profile == ONE_BYTE_PROFILE) {
            block.write(id << 4 | (data.length - 1));
        } else {
            block.write(id);
            block.write(data.length);
        }
        block.writeBytes(data);
        return this;
    }

    /** Appends raw bytes to the extension block (padding bytes, broken elements). */
    RtpPacketBuilder blockBytes(final int... values) {
        for (final int value : values) {
            block.write(value);
        }
        return this;
    }

    /** Writes this length field (32-bit words) but still only the block content that was added. */
    RtpPacketBuilder blockLengthWordsField(final int value) {
        blockLengthWordsOverride = value;
        return this;
    }

    RtpPacketBuilder payloadSizeBytes(final int value) {
        payloadSizeBytes = value;
        return this;
    }

    /** Sets P and appends {@code count} padding bytes, the last one holding {@code count}. */
    RtpPacketBuilder padding(final int count) {
        paddingBit = true;
        paddingBytes = count;
        return this;
    }

    /** Sets P without appending padding: the packet's own last byte becomes the count. */
    RtpPacketBuilder paddingBitOnly() {
        paddingBit = true;
        paddingBytes = 0;
        return this;
    }

    /** Header length in bytes of the built packet, as written (ignoring length-field overrides). */
    int headerLengthBytes() {
        int length = 12 + 4 * csrcs.length;
        if (profile >= 0) {
            length += 4 + 4 * naturalBlockLengthWords();
        }
        return length;
    }

    byte[] build() {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final int cc = csrcCountOverride >= 0 ? csrcCountOverride : csrcs.length;
        out.write(version << 6 | (paddingBit ? 0x20 : 0) | (profile >= 0 ? 0x10 : 0) | cc & 0x0F);
        out.write((marker ? 0x80 : 0) | payloadType & 0x7F);
        writeShort(out, sequenceNumber);
        writeInt(out, timestamp);
        writeInt(out, ssrc);
        for (final int csrc : csrcs) {
            writeInt(out, csrc);
        }
        if (profile >= 0) {
            writeShort(out, profile);
            writeShort(out, blockLengthWordsOverride >= 0 ? blockLengthWordsOverride : naturalBlockLengthWords());
            final byte[] content = block.toByteArray();
            out.writeBytes(content);
            // Zero-fill to the word boundary: RFC 8285 padding bytes.
            for (int i = content.length; i < 4 * naturalBlockLengthWords(); i++) {
                out.write(0);
            }
        }
        for (int i = 0; i < payloadSizeBytes; i++) {
            out.write(0xA0 + i % 16);
        }
        for (int i = 1; i < paddingBytes; i++) {
            out.write(0);
        }
        if (paddingBytes > 0) {
            out.write(paddingBytes);
        }
        return out.toByteArray();
    }

    private int naturalBlockLengthWords() {
        return (block.size() + 3) / 4;
    }

    private static void writeShort(final ByteArrayOutputStream out, final int value) {
        out.write(value >>> 8 & 0xFF);
        out.write(value & 0xFF);
    }

    private static void writeInt(final ByteArrayOutputStream out, final int value) {
        writeShort(out, value >>> 16);
        writeShort(out, value);
    }

    /** Bytes from hex pairs, whitespace ignored: {@code "90 64 12 34"}. */
    static byte[] hex(final String text) {
        final String digits = text.replaceAll("\\s+", "");
        final byte[] bytes = new byte[digits.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(digits.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
