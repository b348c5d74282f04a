package dev.bwe.relay.ice;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * The STUN side of an ICE-lite agent (RFC 8445 §2.5): answers every valid Binding request, the first
 * connectivity checks and the consent checks that follow every few seconds (RFC 7675) alike, with a
 * Binding success carrying XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY (our password) and FINGERPRINT.
 *
 * <p>A request is valid when it parses, is a Binding request, has a right FINGERPRINT, a USERNAME of
 * {@code <our ufrag>:<their ufrag>} (their part checked when known) and a MESSAGE-INTEGRITY made with our
 * password. Anything else gets no answer, as RFC 8445 §7.3 says for a failed integrity check.
 *
 * <p>Not thread-safe: one responder per receive thread.
 */
public final class StunResponder {
    /** The largest response this responder writes: header, XOR-MAPPED-ADDRESS (IPv6), MI, FINGERPRINT. */
    public static final int MAX_RESPONSE_BYTES = 20 + 24 + 24 + 8;

    private final String expectedUsernamePrefix;
    private final String remoteUfrag;
    private final StunIntegrity integrity;

    /**
     * @param local       our credentials: requests must name our ufrag and be signed with our password
     * @param remoteUfrag the peer's ufrag from its SDP, to check USERNAME's second half; null to skip it
     */
    public StunResponder(final IceCredentials local, final String remoteUfrag) {
        Objects.requireNonNull(local, "local");
        this.expectedUsernamePrefix = local.ufrag() + ":";
        this.remoteUfrag = remoteUfrag;
        this.integrity = new StunIntegrity(local.password());
    }

    /**
     * Checks a datagram and, for a valid Binding request, writes the answer.
     *
     * @param request the datagram's bytes
     * @param offset  where it starts
     * @param length  its size
     * @param source  where it came from: the address echoed in XOR-MAPPED-ADDRESS
     * @param out     the response goes here, from index 0; at least {@link #MAX_RESPONSE_BYTES} long
     * @return the verdict and, when RESPONDED, the response's length and whether the request nominated
     */
    public Result respond(final byte[] request, final int offset, final int length, final InetSocketAddress source,
                          final byte[] out) {
        final StunMessage message = StunMessage.parse(request, offset, length);
        if (message == null) {
            return Result.rejected(StunVerdict.MALFORMED);
        }
        if (message.type() != Stun.BINDING_REQUEST) {
            return Result.rejected(StunVerdict.NOT_BINDING_REQUEST);
        }
        if (!StunIntegrity.fingerprintMatches(message)) {
            return Result.rejected(StunVerdict.BAD_FINGERPRINT);
        }
        if (!usernameMatches(message.username())) {
            return Result.rejected(StunVerdict.WRONG_USERNAME);
        }
        if (!integrity.integrityMatches(message)) {
            return Result.rejected(StunVerdict.BAD_INTEGRITY);
        }
        final int responseLength = new StunWriter(out)
            .header(Stun.BINDING_SUCCESS, message.transactionId())
            .xorMappedAddress(source)
            .messageIntegrity(integrity)
            .fingerprint()
            .length();
        return new Result(StunVerdict.RESPONDED, responseLength, message.useCandidate());
    }

    private boolean usernameMatches(final String username) {
        if (username == null || !username.startsWith(expectedUsernamePrefix)) {
            return false;
        }
        return remoteUfrag == null || username.substring(expectedUsernamePrefix.length()).equals(remoteUfrag);
    }

    /**
     * The outcome of one datagram.
     *
     * @param verdict        what happened
     * @param responseLength bytes written to {@code out} when RESPONDED, else 0
     * @param nominated      whether the request carried USE-CANDIDATE
     */
    public record Result(StunVerdict verdict, int responseLength, boolean nominated) {
        static Result rejected(final StunVerdict verdict) {
            return new Result(verdict, 0, false);
        }
    }
}
