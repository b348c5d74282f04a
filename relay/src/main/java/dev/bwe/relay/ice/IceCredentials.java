package dev.bwe.relay.ice;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * One side's ICE username fragment and password (RFC 8839 §5.4: ice-chars, ufrag 4..256, pwd 22..256).
 *
 * @param ufrag the username fragment, the part before the colon of USERNAME in requests to us
 * @param password the password: the HMAC key of MESSAGE-INTEGRITY both ways
 */
public record IceCredentials(String ufrag, String password) {
    private static final String ICE_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    private static final int MIN_UFRAG = 4;
    private static final int MIN_PASSWORD = 22;
    private static final int MAX_LENGTH = 256;
    private static final int GENERATED_UFRAG = 8;
    private static final int GENERATED_PASSWORD = 24;

    /** Validates length and alphabet. */
    public IceCredentials {
        requireIceChars("ice-ufrag", Objects.requireNonNull(ufrag, "ufrag"), MIN_UFRAG);
        requireIceChars("ice-pwd", Objects.requireNonNull(password, "password"), MIN_PASSWORD);
    }

    /** Fresh random credentials (8-char ufrag, 24-char password). */
    public static IceCredentials random() {
        final SecureRandom random = new SecureRandom();
        return new IceCredentials(randomIceChars(random, GENERATED_UFRAG), randomIceChars(random, GENERATED_PASSWORD));
    }

    private static String randomIceChars(final SecureRandom random, final int length) {
        final StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(ICE_CHARS.charAt(random.nextInt(ICE_CHARS.length())));
        }
        return out.toString();
    }

    private static void requireIceChars(final String name, final String value, final int minLength) {
        if (value.length() < minLength || value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(name + " must be " + minLength + ".." + MAX_LENGTH
                + " characters, was " + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            if (ICE_CHARS.indexOf(value.charAt(i)) < 0) {
                throw new IllegalArgumentException(name + " has a character outside ALPHA / DIGIT / + / /: '"
                    + value.charAt(i) + "'");
            }
        }
    }

    /** The password is a secret: never in logs. */
    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", password=***]";
    }
}
