package dev.bwe.pipeline.rtp;

import java.util.Objects;

/**
 * One SDP {@code a=extmap} attribute (RFC 8285 §5, formerly RFC 5285), and the reader that turns a
 * media section's extmap lines into the session's {@link ExtensionIds}.
 *
 * <p>Syntax: {@code a=extmap:<value>["/"<direction>] <URI> [<extension attributes>]}.
 * <ul>
 *   <li>The leading {@code a=} is optional and whitespace around the line and between tokens is
 *       tolerated; the attribute name {@code extmap} is case-sensitive, as SDP attribute names are.
 *   <li>{@code <value>} is the extension id: decimal digits only, 1..255. RFC 8285 §5 says the id is
 *       "in the valid range" with 0 reserved for padding in both forms and 15 reserved in the
 *       one-byte form only, so 15 is accepted (a sender can use it in the two-byte form). The
 *       range 4096..4351, used only while negotiating (RFC 8285 §7, offer/answer), is not a usable
 *       mapping and is rejected.
 *   <li>{@code <direction>} is one of {@code sendonly}, {@code recvonly}, {@code sendrecv},
 *       {@code inactive}. It is validated but does not change the mapping: whichever side sends
 *       the extension, its id means the same thing in packets.
 *   <li>{@code <URI>} names the extension; extension attributes after it are ignored.
 * </ul>
 *
 * <p>This runs when a session opens, never per packet, so it allocates freely and reports bad
 * input with {@link IllegalArgumentException}.
 *
 * @param id         the extension id, 1..255
 * @param direction  the direction, or {@link Direction#UNSPECIFIED} when the line has none
 * @param uri        the extension URI
 * @param attributes the extension attributes after the URI, or {@code ""}
 */
public record SdpExtmap(int id, Direction direction, String uri, String attributes) {
    /** URI of abs-send-time (24-bit 6.18 fixed-point seconds). */
    public static final String ABS_SEND_TIME_URI = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    /** URI of abs-capture-time (UQ32.32 NTP capture time, optionally a Q32.32 clock offset). */
    public static final String ABS_CAPTURE_TIME_URI =
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time";

    /** URI of the RFC 5450 transmission time offset (signed 24-bit RTP ticks from capture to send). */
    public static final String TOFFSET_URI = "urn:ietf:params:rtp-hdrext:toffset";

    private static final String ATTRIBUTE_PREFIX = "a=";
    private static final String EXTMAP = "extmap";
    // RFC 8285 §8's BNF allows at most 5 digits (1*5DIGIT); longer values cannot be an id.
    private static final int MAX_ID_DIGITS = 5;

    /** The optional direction after the id. */
    public enum Direction {
        /** The line has no direction. */
        UNSPECIFIED(""),
        SENDONLY("sendonly"),
        RECVONLY("recvonly"),
        SENDRECV("sendrecv"),
        INACTIVE("inactive");

        private final String token;

        Direction(final String token) {
            this.token = token;
        }

        /** The SDP token, e.g. {@code "sendrecv"}; {@code ""} for {@link #UNSPECIFIED}. */
        public String token() {
            return token;
        }

        static Direction fromToken(final String token) {
            for (final Direction direction : values()) {
                if (direction != UNSPECIFIED && direction.token.equals(token)) {
                    return direction;
                }
            }
            return null;
        }
    }

    /** Validates the components; see the class comment for the rules. */
    public SdpExtmap {
        if (id < ExtensionIds.MIN_ID || id > ExtensionIds.MAX_ID) {
            throw new IllegalArgumentException(
                "extension id " + id + " is out of range " + ExtensionIds.MIN_ID + ".." + ExtensionIds.MAX_ID);
        }
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(attributes, "attributes");
        if (uri.isEmpty()) {
            throw new IllegalArgumentException("missing extension URI");
        }
    }

    /**
     * Whether {@code line} is an extmap attribute (well-formed or not): after optional whitespace
     * and an optional {@code a=}, its attribute name is {@code extmap}. {@code a=extmap-allow-mixed}
     * is not.
     */
    public static boolean isExtmapLine(final String line) {
        return isExtmapAttribute(stripAttributePrefix(line.strip()));
    }

    private static boolean isExtmapAttribute(final String attribute) {
        if (!attribute.startsWith(EXTMAP)) {
            return false;
        }
        if (attribute.length() == EXTMAP.length()) {
            return true;
        }
        final char next = attribute.charAt(EXTMAP.length());
        return next == ':' || isWhitespace(next);
    }

    /**
     * Reads one extmap line.
     *
     * @throws IllegalArgumentException if the line is not an extmap line or is malformed; the
     *                                  message quotes the line and says what is wrong
     */
    public static SdpExtmap parseLine(final String line) {
        Objects.requireNonNull(line, "line");
        return parseLine(line, "SDP line \"" + line.strip() + "\"");
    }

    /**
     * Reads the extension ids of abs-send-time, abs-capture-time and toffset from the lines of one media
     * section (or one BUNDLE group, whose ids are shared). Lines that are not extmap lines are
     * ignored, and so are extmap lines with other URIs: their ids are not checked against ours,
     * because separate media sections may legitimately reuse an id for another extension.
     *
     * @param lines SDP lines, with or without line terminators
     * @return the ids; 0 for an extension without a line
     * @throws IllegalArgumentException if an extmap line is malformed, an id is given to both
     *                                  extensions, or one extension is given two different ids;
     *                                  the message names the line (1-based) and the problem
     */
    public static ExtensionIds parse(final Iterable<String> lines) {
        Objects.requireNonNull(lines, "lines");
        int absSendTimeId = ExtensionIds.NOT_NEGOTIATED;
        int absSendTimeLine = 0;
        int absCaptureTimeId = ExtensionIds.NOT_NEGOTIATED;
        int absCaptureTimeLine = 0;
        int toffsetId = ExtensionIds.NOT_NEGOTIATED;
        int toffsetLine = 0;
        int lineNumber = 0;
        for (final String line : lines) {
            lineNumber++;
            if (line == null) {
                throw new IllegalArgumentException("SDP line " + lineNumber + " is null");
            }
            if (!isExtmapLine(line)) {
                continue;
            }
            final String where = "SDP line " + lineNumber + " \"" + line.strip() + "\"";
            final SdpExtmap extmap = parseLine(line, where);
            if (ABS_SEND_TIME_URI.equals(extmap.uri)) {
                requireConsistent(where, "abs-send-time", absSendTimeId, absSendTimeLine, extmap.id);
                requireUnshared(where, extmap.id, "abs-capture-time", absCaptureTimeId, absCaptureTimeLine);
                requireUnshared(where, extmap.id, "toffset", toffsetId, toffsetLine);
                absSendTimeId = extmap.id;
                absSendTimeLine = lineNumber;
            } else if (ABS_CAPTURE_TIME_URI.equals(extmap.uri)) {
                requireConsistent(where, "abs-capture-time", absCaptureTimeId, absCaptureTimeLine, extmap.id);
                requireUnshared(where, extmap.id, "abs-send-time", absSendTimeId, absSendTimeLine);
                requireUnshared(where, extmap.id, "toffset", toffsetId, toffsetLine);
                absCaptureTimeId = extmap.id;
                absCaptureTimeLine = lineNumber;
            } else if (TOFFSET_URI.equals(extmap.uri)) {
                requireConsistent(where, "toffset", toffsetId, toffsetLine, extmap.id);
                requireUnshared(where, extmap.id, "abs-send-time", absSendTimeId, absSendTimeLine);
                requireUnshared(where, extmap.id, "abs-capture-time", absCaptureTimeId, absCaptureTimeLine);
                toffsetId = extmap.id;
                toffsetLine = lineNumber;
            }
        }
        return new ExtensionIds(absSendTimeId, absCaptureTimeId, toffsetId);
    }

    private static SdpExtmap parseLine(final String line, final String where) {
        final String attribute = stripAttributePrefix(line.strip());
        if (!isExtmapAttribute(attribute)) {
            throw new IllegalArgumentException(where + ": not an a=extmap attribute");
        }
        int pos = EXTMAP.length();
        if (pos == attribute.length() || attribute.charAt(pos) != ':') {
            throw new IllegalArgumentException(where + ": expected ':' after \"extmap\"");
        }
        pos++;

        final int idEnd = scanUntil(attribute, pos, '/');
        final int id = parseId(where, attribute.substring(pos, idEnd));
        pos = idEnd;

        Direction direction = Direction.UNSPECIFIED;
        if (pos < attribute.length() && attribute.charAt(pos) == '/') {
            final int directionEnd = scanUntil(attribute, pos + 1, ' ');
            final String token = attribute.substring(pos + 1, directionEnd);
            direction = Direction.fromToken(token);
            if (direction == null) {
                throw new IllegalArgumentException(where + ": bad direction \"" + token
                    + "\", expected sendonly, recvonly, sendrecv or inactive");
            }
            pos = directionEnd;
        }

        pos = skipWhitespace(attribute, pos);
        if (pos == attribute.length()) {
            throw new IllegalArgumentException(where + ": missing extension URI after id " + id);
        }
        final int uriEnd = scanUntil(attribute, pos, ' ');
        final String uri = attribute.substring(pos, uriEnd);
        final String attributes = attribute.substring(uriEnd).strip();
        return new SdpExtmap(id, direction, uri, attributes);
    }

    private static int parseId(final String where, final String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(where + ": missing extension id after \"extmap:\"");
        }
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(where + ": extension id \"" + text + "\" is not a number");
            }
        }
        final int id = text.length() > MAX_ID_DIGITS ? Integer.MAX_VALUE : Integer.parseInt(text);
        if (id < ExtensionIds.MIN_ID || id > ExtensionIds.MAX_ID) {
            throw new IllegalArgumentException(where + ": extension id " + text + " is out of range "
                + ExtensionIds.MIN_ID + ".." + ExtensionIds.MAX_ID);
        }
        return id;
    }

    private static void requireConsistent(
        final String where, final String name, final int knownId, final int knownLine, final int id) {
        if (knownId != ExtensionIds.NOT_NEGOTIATED && knownId != id) {
            throw new IllegalArgumentException(where + ": " + name + " is mapped to id " + id
                + " but line " + knownLine + " already mapped it to id " + knownId);
        }
    }

    private static void requireUnshared(
        final String where, final int id, final String otherName, final int otherId, final int otherLine) {
        if (otherId == id) {
            throw new IllegalArgumentException(where + ": id " + id + " is already mapped to " + otherName
                + " by line " + otherLine);
        }
    }

    private static String stripAttributePrefix(final String line) {
        return line.startsWith(ATTRIBUTE_PREFIX) ? line.substring(ATTRIBUTE_PREFIX.length()) : line;
    }

    /** Index of the first whitespace or {@code stop} character at or after {@code from}. */
    private static int scanUntil(final String s, final int from, final char stop) {
        int i = from;
        while (i < s.length() && s.charAt(i) != stop && !isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int skipWhitespace(final String s, final int from) {
        int i = from;
        while (i < s.length() && isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(final char c) {
        return c == ' ' || c == '\t';
    }
}
