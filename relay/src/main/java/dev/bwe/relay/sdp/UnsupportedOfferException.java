package dev.bwe.relay.sdp;

/** An SDP offer this endpoint cannot answer; the message says why and, where it can, what to change. */
public final class UnsupportedOfferException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UnsupportedOfferException(final String message) {
        super(message);
    }
}
