package dev.bwe.relay.ice;

/** Constants of STUN (RFC 5389 / RFC 8489) that ICE uses. */
public final class Stun {
    /** Size of the fixed header: type, length, magic cookie, transaction id. */
    public static final int HEADER_BYTES = 20;
    /** The magic cookie that tells RFC 5389 STUN from RFC 3489. */
    public static final int MAGIC_COOKIE = 0x2112A442;
    /** Offset and size of the transaction id. */
    public static final int TRANSACTION_ID_OFFSET = 8;
    public static final int TRANSACTION_ID_BYTES = 12;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_SUCCESS = 0x0101;

    public static final int ATTR_USERNAME = 0x0006;
    public static final int ATTR_MESSAGE_INTEGRITY = 0x0008;
    public static final int ATTR_XOR_MAPPED_ADDRESS = 0x0020;
    public static final int ATTR_PRIORITY = 0x0024;
    public static final int ATTR_USE_CANDIDATE = 0x0025;
    public static final int ATTR_SOFTWARE = 0x8022;
    public static final int ATTR_FINGERPRINT = 0x8028;
    public static final int ATTR_ICE_CONTROLLED = 0x8029;
    public static final int ATTR_ICE_CONTROLLING = 0x802A;

    /** HMAC-SHA1 output size: MESSAGE-INTEGRITY's value. */
    public static final int MESSAGE_INTEGRITY_BYTES = 20;
    /** CRC-32 size: FINGERPRINT's value. */
    public static final int FINGERPRINT_BYTES = 4;
    /** XORed into the CRC-32 so a FINGERPRINT never matches another protocol's checksum (RFC 5389 §15.5). */
    public static final int FINGERPRINT_XOR = 0x5354554E;
    /** Size of an attribute's type and length fields. */
    public static final int ATTR_HEADER_BYTES = 4;

    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;

    private Stun() {
    }

    /** Attribute values are padded to a multiple of four bytes. */
    static int padded(final int length) {
        return (length + 3) & ~3;
    }
}
