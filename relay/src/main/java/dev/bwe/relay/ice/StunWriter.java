package dev.bwe.relay.ice;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;

/**
 * Writes a STUN message into a caller's array: header, attributes in call order, then
 * MESSAGE-INTEGRITY and FINGERPRINT, each keeping the header's length field up to date so that the next
 * integrity value covers the right length.
 *
 * <p>Not thread-safe.
 */
public final class StunWriter {
    private final byte[] out;
    private int end;

    /** Writes into {@code out} from index 0. */
    public StunWriter(final byte[] out) {
        this.out = out;
    }

    /** Starts a message of {@code type} with the given 12-byte transaction id. */
    public StunWriter header(final int type, final byte[] transactionId) {
        if (transactionId.length != Stun.TRANSACTION_ID_BYTES) {
            throw new IllegalArgumentException("a transaction id is 12 bytes, not " + transactionId.length);
        }
        end = 0;
        putShort(type);
        putShort(0);
        putInt(Stun.MAGIC_COOKIE);
        System.arraycopy(transactionId, 0, out, end, transactionId.length);
        end += transactionId.length;
        return this;
    }

    /** Appends an attribute, its value padded with {@code padByte} to a multiple of four bytes. */
    public StunWriter attribute(final int type, final byte[] value, final byte padByte) {
        putShort(type);
        putShort(value.length);
        System.arraycopy(value, 0, out, end, value.length);
        end += value.length;
        while ((end & 3) != 0) {
            out[end++] = padByte;
        }
        updateLength();
        return this;
    }

    /** Appends XOR-MAPPED-ADDRESS (RFC 5389 §15.2): port XOR the cookie's top half, address XOR cookie (+ id). */
    public StunWriter xorMappedAddress(final InetSocketAddress address) {
        final byte[] ip = address.getAddress().getAddress();
        final boolean v4 = address.getAddress() instanceof Inet4Address;
        if (!v4 && !(address.getAddress() instanceof Inet6Address)) {
            throw new IllegalArgumentException("not an IP address: " + address);
        }
        putShort(Stun.ATTR_XOR_MAPPED_ADDRESS);
        putShort(4 + ip.length);
        putShort(v4 ? Stun.FAMILY_IPV4 : Stun.FAMILY_IPV6);
        putShort(address.getPort() ^ (Stun.MAGIC_COOKIE >>> 16));
        // The key is the cookie followed by the transaction id: bytes 4..19 of the header.
        for (int i = 0; i < ip.length; i++) {
            out[end++] = (byte) (ip[i] ^ out[4 + i]);
        }
        updateLength();
        return this;
    }

    /** Appends MESSAGE-INTEGRITY, keyed by {@code integrity}'s password. */
    public StunWriter messageIntegrity(final StunIntegrity integrity) {
        final int at = end;
        final byte[] hmac = integrity.messageIntegrity(out, 0, at);
        putShort(Stun.ATTR_MESSAGE_INTEGRITY);
        putShort(Stun.MESSAGE_INTEGRITY_BYTES);
        System.arraycopy(hmac, 0, out, end, hmac.length);
        end += hmac.length;
        updateLength();
        return this;
    }

    /** Appends FINGERPRINT; must be the last attribute. */
    public StunWriter fingerprint() {
        final int at = end;
        // The CRC covers a header whose length already counts the FINGERPRINT attribute.
        setLength(at + Stun.ATTR_HEADER_BYTES + Stun.FINGERPRINT_BYTES - Stun.HEADER_BYTES);
        final int crc = StunIntegrity.fingerprint(out, 0, at);
        putShort(Stun.ATTR_FINGERPRINT);
        putShort(Stun.FINGERPRINT_BYTES);
        putInt(crc);
        return this;
    }

    /** Bytes written so far: the message's size once it is complete. */
    public int length() {
        return end;
    }

    private void updateLength() {
        setLength(end - Stun.HEADER_BYTES);
    }

    private void setLength(final int bodyLength) {
        out[2] = (byte) (bodyLength >>> 8);
        out[3] = (byte) bodyLength;
    }

    private void putShort(final int value) {
        out[end++] = (byte) (value >>> 8);
        out[end++] = (byte) value;
    }

    private void putInt(final int value) {
        putShort(value >>> 16);
        putShort(value);
    }
}
