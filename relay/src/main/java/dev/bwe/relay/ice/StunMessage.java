package dev.bwe.relay.ice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A STUN message read in place: the header checked (top two bits zero, magic cookie, length a multiple of
 * four that matches the datagram) and the attributes walked once, remembering where USERNAME,
 * MESSAGE-INTEGRITY and FINGERPRINT are. Checking integrity and fingerprint is {@link StunIntegrity}'s job.
 *
 * <p>Per RFC 5389 §15.4, attributes after MESSAGE-INTEGRITY other than FINGERPRINT are ignored; per §15.5
 * FINGERPRINT must be last.
 */
public final class StunMessage {
    private final byte[] bytes;
    private final int offset;
    private final int length;
    private final int type;
    private final int usernameOffset;
    private final int usernameLength;
    private final int integrityOffset;
    private final int fingerprintOffset;
    private final boolean useCandidate;

    private StunMessage(final byte[] bytes, final int offset, final int length, final int type,
                        final int usernameOffset, final int usernameLength, final int integrityOffset,
                        final int fingerprintOffset, final boolean useCandidate) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.type = type;
        this.usernameOffset = usernameOffset;
        this.usernameLength = usernameLength;
        this.integrityOffset = integrityOffset;
        this.fingerprintOffset = fingerprintOffset;
        this.useCandidate = useCandidate;
    }

    /**
     * Reads the message in {@code bytes[offset, offset + length)}; the array is not copied.
     *
     * @return the message, or null when the bytes are not a well-formed STUN message
     */
    public static StunMessage parse(final byte[] bytes, final int offset, final int length) {
        if (length < Stun.HEADER_BYTES || offset < 0 || offset + length > bytes.length) {
            return null;
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes, offset, length).order(ByteOrder.BIG_ENDIAN);
        final int type = in.getShort(offset) & 0xFFFF;
        final int bodyLength = in.getShort(offset + 2) & 0xFFFF;
        if ((type & 0xC000) != 0 || in.getInt(offset + 4) != Stun.MAGIC_COOKIE
            || (bodyLength & 3) != 0 || bodyLength + Stun.HEADER_BYTES != length) {
            return null;
        }
        int usernameOffset = -1;
        int usernameLength = 0;
        int integrityOffset = -1;
        int fingerprintOffset = -1;
        boolean useCandidate = false;
        final int end = offset + length;
        int at = offset + Stun.HEADER_BYTES;
        while (at < end) {
            if (end - at < Stun.ATTR_HEADER_BYTES) {
                return null;
            }
            final int attrType = in.getShort(at) & 0xFFFF;
            final int attrLength = in.getShort(at + 2) & 0xFFFF;
            final int next = at + Stun.ATTR_HEADER_BYTES + Stun.padded(attrLength);
            if (next > end) {
                return null;
            }
            if (fingerprintOffset >= 0) {
                return null;
            }
            if (attrType == Stun.ATTR_FINGERPRINT) {
                if (attrLength != Stun.FINGERPRINT_BYTES) {
                    return null;
                }
                fingerprintOffset = at;
            } else if (integrityOffset < 0) {
                if (attrType == Stun.ATTR_MESSAGE_INTEGRITY) {
                    if (attrLength != Stun.MESSAGE_INTEGRITY_BYTES) {
                        return null;
                    }
                    integrityOffset = at;
                } else if (attrType == Stun.ATTR_USERNAME) {
                    usernameOffset = at + Stun.ATTR_HEADER_BYTES;
                    usernameLength = attrLength;
                } else if (attrType == Stun.ATTR_USE_CANDIDATE) {
                    useCandidate = true;
                }
            }
            at = next;
        }
        return new StunMessage(bytes, offset, length, type, usernameOffset, usernameLength, integrityOffset,
            fingerprintOffset, useCandidate);
    }

    /** The message type, e.g. {@link Stun#BINDING_REQUEST}. */
    public int type() {
        return type;
    }

    /** The 12-byte transaction id, copied. */
    public byte[] transactionId() {
        final byte[] id = new byte[Stun.TRANSACTION_ID_BYTES];
        System.arraycopy(bytes, offset + Stun.TRANSACTION_ID_OFFSET, id, 0, id.length);
        return id;
    }

    /** USERNAME as UTF-8 text, or null when absent. */
    public String username() {
        return usernameOffset < 0 ? null : new String(bytes, usernameOffset, usernameLength, StandardCharsets.UTF_8);
    }

    /** Whether the controlling agent nominated this pair (ICE USE-CANDIDATE). */
    public boolean useCandidate() {
        return useCandidate;
    }

    /** Whether MESSAGE-INTEGRITY is present. */
    public boolean hasIntegrity() {
        return integrityOffset >= 0;
    }

    /** Whether FINGERPRINT is present. */
    public boolean hasFingerprint() {
        return fingerprintOffset >= 0;
    }

    byte[] bytes() {
        return bytes;
    }

    int offset() {
        return offset;
    }

    int length() {
        return length;
    }

    /** Absolute index in {@link #bytes()} of MESSAGE-INTEGRITY's attribute header, or -1. */
    int integrityOffset() {
        return integrityOffset;
    }

    /** Absolute index in {@link #bytes()} of FINGERPRINT's attribute header, or -1. */
    int fingerprintOffset() {
        return fingerprintOffset;
    }
}
