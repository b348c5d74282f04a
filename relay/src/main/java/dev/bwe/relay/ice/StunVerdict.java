package dev.bwe.relay.ice;

/** What {@link StunResponder} did with a datagram; every value but RESPONDED means nothing was sent. */
public enum StunVerdict {
    /** A valid Binding request: answered. */
    RESPONDED,
    /** Not a well-formed STUN message. */
    MALFORMED,
    /** Well-formed, but not a Binding request (a response, an indication, another method). */
    NOT_BINDING_REQUEST,
    /** FINGERPRINT missing or wrong (ICE requires it: RFC 8445 §7.1.1). */
    BAD_FINGERPRINT,
    /** USERNAME missing, or not {@code <our ufrag>:<their ufrag>}. */
    WRONG_USERNAME,
    /** MESSAGE-INTEGRITY missing or not made with our password. */
    BAD_INTEGRITY
}
