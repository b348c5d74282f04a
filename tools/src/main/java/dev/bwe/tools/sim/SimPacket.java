package dev.bwe.tools.sim;

import java.nio.ByteOrder;
import org.agrona.MutableDirectBuffer;

/**
 * One simulated RTP packet: what a receiver needs to know about it, and the means to write its real RTP
 * header so that a receiver which parses bytes (the pipeline) can be driven as well as one that takes
 * fields (the estimator).
 *
 * <p>The header is RTP version 2, payload type {@value #PAYLOAD_TYPE}, no CSRC, with one RFC 8285
 * one-byte header extension block ({@code 0xBEDE}) holding abs-send-time under a configurable id:
 * {@value #HEADER_SIZE_BYTES} bytes in all. On the wire a packet also carries IPv4 and UDP headers
 * ({@value #IP_UDP_OVERHEAD_BYTES} bytes), which is what the bottleneck link carries and counts.
 */
public final class SimPacket {
    /** RTP payload type written in the header (dynamic range). */
    public static final int PAYLOAD_TYPE = 96;
    /** Fixed RTP header 12 + extension block header 4 + abs-send-time element 4 (1 + 3 bytes). */
    public static final int HEADER_SIZE_BYTES = 20;
    /** IPv4 (20) and UDP (8) headers under every RTP packet. */
    public static final int IP_UDP_OVERHEAD_BYTES = 28;
    /** RFC 8285 §4.2: the one-byte header extension block's "defined by profile" value. */
    public static final int ONE_BYTE_EXTENSION_PROFILE = 0xBEDE;

    private final int ssrc;
    private final int sequenceNumber;
    private final int rtpTimestamp;
    private final int absSendTime24;
    private final int payloadSizeBytes;
    private final boolean marker;
    private final long sendTimeNs;

    /**
     * @param ssrc the stream
     * @param sequenceNumber RTP sequence number, 0..65535
     * @param rtpTimestamp RTP timestamp (unsigned 32-bit in an int)
     * @param absSendTime24 the 24-bit abs-send-time stamped when the packet left the sender
     * @param payloadSizeBytes RTP payload (plus padding) bytes, what the estimator counts
     * @param marker the RTP marker bit (last packet of a video frame)
     * @param sendTimeNs simulated time at which the packet left the sender, ns
     */
    public SimPacket(final int ssrc, final int sequenceNumber, final int rtpTimestamp, final int absSendTime24,
                     final int payloadSizeBytes, final boolean marker, final long sendTimeNs) {
        if (sequenceNumber < 0 || sequenceNumber > 0xFFFF) {
            throw new IllegalArgumentException("sequence number must be 0..65535, was " + sequenceNumber);
        }
        if (payloadSizeBytes < 0) {
            throw new IllegalArgumentException("payload size must be >= 0, was " + payloadSizeBytes);
        }
        this.ssrc = ssrc;
        this.sequenceNumber = sequenceNumber;
        this.rtpTimestamp = rtpTimestamp;
        this.absSendTime24 = absSendTime24 & 0xFFFFFF;
        this.payloadSizeBytes = payloadSizeBytes;
        this.marker = marker;
        this.sendTimeNs = sendTimeNs;
    }

    public int ssrc() {
        return ssrc;
    }

    public int sequenceNumber() {
        return sequenceNumber;
    }

    public int rtpTimestamp() {
        return rtpTimestamp;
    }

    public int absSendTime24() {
        return absSendTime24;
    }

    /** RTP payload plus padding, bytes (not headers). */
    public int payloadSizeBytes() {
        return payloadSizeBytes;
    }

    public boolean marker() {
        return marker;
    }

    /** Simulated send time, ns: the moment the packet left the pacer. */
    public long sendTimeNs() {
        return sendTimeNs;
    }

    /** RTP header + payload, bytes: the UDP payload. */
    public int rtpSizeBytes() {
        return HEADER_SIZE_BYTES + payloadSizeBytes;
    }

    /** Size on the wire, IP and UDP headers included, bytes: what the bottleneck serialises. */
    public int wireSizeBytes() {
        return IP_UDP_OVERHEAD_BYTES + rtpSizeBytes();
    }

    /** The wire size of a packet carrying {@code payloadBytes}. */
    public static int wireSizeForPayload(final int payloadBytes) {
        return IP_UDP_OVERHEAD_BYTES + HEADER_SIZE_BYTES + payloadBytes;
    }

    /**
     * Writes the RTP header (not the payload) at {@code dst[offset]}.
     *
     * @param absSendTimeExtensionId the negotiated one-byte extension id of abs-send-time, 1..14
     * @return the number of bytes written, {@value #HEADER_SIZE_BYTES}
     */
    public int writeHeader(final byte[] dst, final int offset, final int absSendTimeExtensionId) {
        checkExtensionId(absSendTimeExtensionId);
        if (offset < 0 || dst.length - offset < HEADER_SIZE_BYTES) {
            throw new IndexOutOfBoundsException("RTP header needs " + HEADER_SIZE_BYTES + " bytes at " + offset
                + ", buffer has " + dst.length);
        }
        // V=2, P=0, X=1 (one extension block), CC=0.
        dst[offset] = (byte) 0x90;
        dst[offset + 1] = (byte) ((marker ? 0x80 : 0) | PAYLOAD_TYPE);
        putShort(dst, offset + 2, sequenceNumber);
        putInt(dst, offset + 4, rtpTimestamp);
        putInt(dst, offset + 8, ssrc);
        putShort(dst, offset + 12, ONE_BYTE_EXTENSION_PROFILE);
        putShort(dst, offset + 14, 1);
        // One-byte element: id in the high nibble, length - 1 (3 bytes of data) in the low one.
        dst[offset + 16] = (byte) ((absSendTimeExtensionId << 4) | 2);
        dst[offset + 17] = (byte) (absSendTime24 >>> 16);
        dst[offset + 18] = (byte) (absSendTime24 >>> 8);
        dst[offset + 19] = (byte) absSendTime24;
        return HEADER_SIZE_BYTES;
    }

    /** As {@link #writeHeader(byte[], int, int)}, into an Agrona buffer (network byte order). */
    public int writeHeader(final MutableDirectBuffer dst, final int index, final int absSendTimeExtensionId) {
        checkExtensionId(absSendTimeExtensionId);
        dst.putByte(index, (byte) 0x90);
        dst.putByte(index + 1, (byte) ((marker ? 0x80 : 0) | PAYLOAD_TYPE));
        dst.putShort(index + 2, (short) sequenceNumber, ByteOrder.BIG_ENDIAN);
        dst.putInt(index + 4, rtpTimestamp, ByteOrder.BIG_ENDIAN);
        dst.putInt(index + 8, ssrc, ByteOrder.BIG_ENDIAN);
        dst.putShort(index + 12, (short) ONE_BYTE_EXTENSION_PROFILE, ByteOrder.BIG_ENDIAN);
        dst.putShort(index + 14, (short) 1, ByteOrder.BIG_ENDIAN);
        dst.putByte(index + 16, (byte) ((absSendTimeExtensionId << 4) | 2));
        dst.putByte(index + 17, (byte) (absSendTime24 >>> 16));
        dst.putByte(index + 18, (byte) (absSendTime24 >>> 8));
        dst.putByte(index + 19, (byte) absSendTime24);
        return HEADER_SIZE_BYTES;
    }

    private static void checkExtensionId(final int id) {
        // RFC 8285 §4.2: ids 1..14 in one-byte form; 0 is padding and 15 is reserved.
        if (id < 1 || id > 14) {
            throw new IllegalArgumentException("one-byte extension id must be 1..14, was " + id);
        }
    }

    private static void putShort(final byte[] dst, final int offset, final int value) {
        dst[offset] = (byte) (value >>> 8);
        dst[offset + 1] = (byte) value;
    }

    private static void putInt(final byte[] dst, final int offset, final int value) {
        dst[offset] = (byte) (value >>> 24);
        dst[offset + 1] = (byte) (value >>> 16);
        dst[offset + 2] = (byte) (value >>> 8);
        dst[offset + 3] = (byte) value;
    }

    @Override
    public String toString() {
        return "SimPacket{ssrc=" + Integer.toUnsignedString(ssrc) + ", seq=" + sequenceNumber
            + ", ts=" + Integer.toUnsignedString(rtpTimestamp) + ", ast=0x" + Integer.toHexString(absSendTime24)
            + ", payload=" + payloadSizeBytes + (marker ? ", M" : "") + ", sentNs=" + sendTimeNs + '}';
    }
}
