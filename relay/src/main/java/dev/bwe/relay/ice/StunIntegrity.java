package dev.bwe.relay.ice;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * MESSAGE-INTEGRITY and FINGERPRINT (RFC 5389 §15.4, §15.5) for ICE's short-term credentials: the HMAC-SHA1
 * key is the password's UTF-8 bytes (ICE passwords are plain ice-chars, so SASLprep changes nothing).
 *
 * <p>Both cover the message up to their own attribute, with the header's length field already counting
 * that attribute (and, for MESSAGE-INTEGRITY, not yet a FINGERPRINT after it): that is what makes the value
 * computable before it is written and checkable after.
 *
 * <p>Not thread-safe (one {@link Mac}); one instance per thread.
 */
public final class StunIntegrity {
    private static final String HMAC_SHA1 = "HmacSHA1";

    private final Mac mac;

    /** Keyed with {@code password}. */
    public StunIntegrity(final String password) {
        try {
            mac = Mac.getInstance(HMAC_SHA1);
            mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), HMAC_SHA1));
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HMAC-SHA1", e);
        }
    }

    /**
     * HMAC-SHA1 of {@code bytes[messageOffset, attributeOffset)} with the header's length field taken as
     * ending right after a MESSAGE-INTEGRITY attribute at {@code attributeOffset}.
     */
    public byte[] messageIntegrity(final byte[] bytes, final int messageOffset, final int attributeOffset) {
        final int lengthField = attributeOffset - messageOffset - Stun.HEADER_BYTES
            + Stun.ATTR_HEADER_BYTES + Stun.MESSAGE_INTEGRITY_BYTES;
        mac.reset();
        mac.update(bytes, messageOffset, 2);
        mac.update((byte) (lengthField >>> 8));
        mac.update((byte) lengthField);
        mac.update(bytes, messageOffset + 4, attributeOffset - messageOffset - 4);
        return mac.doFinal();
    }

    /**
     * CRC-32 of {@code bytes[messageOffset, attributeOffset)} XOR 0x5354554E; the header's length field must
     * already count the FINGERPRINT attribute at {@code attributeOffset}.
     */
    public static int fingerprint(final byte[] bytes, final int messageOffset, final int attributeOffset) {
        final CRC32 crc = new CRC32();
        crc.update(bytes, messageOffset, attributeOffset - messageOffset);
        return (int) crc.getValue() ^ Stun.FINGERPRINT_XOR;
    }

    /** Whether the message's FINGERPRINT is present and right. */
    public static boolean fingerprintMatches(final StunMessage message) {
        final int at = message.fingerprintOffset();
        if (at < 0) {
            return false;
        }
        final byte[] b = message.bytes();
        final int value = ((b[at + 4] & 0xFF) << 24) | ((b[at + 5] & 0xFF) << 16) | ((b[at + 6] & 0xFF) << 8)
            | (b[at + 7] & 0xFF);
        return value == fingerprint(b, message.offset(), at);
    }

    /** Whether the message's MESSAGE-INTEGRITY is present and was made with this password. */
    public boolean integrityMatches(final StunMessage message) {
        final int at = message.integrityOffset();
        if (at < 0) {
            return false;
        }
        final byte[] expected = messageIntegrity(message.bytes(), message.offset(), at);
        final byte[] actual = new byte[Stun.MESSAGE_INTEGRITY_BYTES];
        System.arraycopy(message.bytes(), at + Stun.ATTR_HEADER_BYTES, actual, 0, actual.length);
        // Constant time: the comparison must not tell an attacker how many leading bytes were right.
        return MessageDigest.isEqual(expected, actual);
    }
}
