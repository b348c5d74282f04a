package dev.bwe.jmh.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The little JSON the report needs, without another dependency: reads JMH's {@code -rf json} output and
 * the latency harness's results into maps ({@link LinkedHashMap}), lists, strings, doubles, booleans and
 * null, and quotes strings for writing. JMH writes non-finite numbers as {@code "NaN"} strings or bare
 * {@code NaN}; both read as {@link Double#NaN}-like values through {@link #number}.
 */
public final class Json {
    private final String text;
    private int position;

    private Json(final String text) {
        this.text = text;
    }

    /** Parses one JSON value. */
    public static Object parse(final String text) {
        final Json parser = new Json(text);
        final Object value = parser.value();
        parser.skipWhitespace();
        if (parser.position != text.length()) {
            throw parser.error("text after the value");
        }
        return value;
    }

    /** {@code "text"} with JSON escapes. */
    public static String quote(final String text) {
        final StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Writes maps, lists, strings, numbers, booleans and null as JSON, one member or item per line. */
    public static String write(final Object value) {
        final StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(final StringBuilder out, final Object value, final String indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String) {
            out.append(quote((String) value));
        } else if (value instanceof Double || value instanceof Float) {
            final double d = ((Number) value).doubleValue();
            out.append(Double.isFinite(d) ? Double.toString(d) : quote(Double.toString(d)));
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map) {
            final String inner = indent + "  ";
            out.append('{');
            String separator = "\n";
            for (final Map.Entry<?, ?> member : ((Map<?, ?>) value).entrySet()) {
                out.append(separator).append(inner).append(quote(member.getKey().toString())).append(": ");
                write(out, member.getValue(), inner);
                separator = ",\n";
            }
            out.append(((Map<?, ?>) value).isEmpty() ? "" : "\n" + indent).append('}');
        } else if (value instanceof List) {
            final String inner = indent + "  ";
            out.append('[');
            String separator = "\n";
            for (final Object item : (List<?>) value) {
                out.append(separator).append(inner);
                write(out, item, inner);
                separator = ",\n";
            }
            out.append(((List<?>) value).isEmpty() ? "" : "\n" + indent).append(']');
        } else {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    /** A member of an object, or null when absent. */
    @SuppressWarnings("unchecked")
    public static Object get(final Object object, final String key) {
        return object instanceof Map ? ((Map<String, Object>) object).get(key) : null;
    }

    /** The object at {@code path} of members, or null when a member on the way is absent. */
    public static Object at(final Object object, final String... path) {
        Object current = object;
        for (final String key : path) {
            current = get(current, key);
        }
        return current;
    }

    /** A number (or a numeric string such as JMH's "NaN"); NaN when absent. */
    public static double number(final Object value) {
        if (value instanceof Number) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof String) {
            try {
                return Double.parseDouble((String) value);
            } catch (final NumberFormatException e) {
                return Double.NaN;
            }
        }
        return Double.NaN;
    }

    /** A string member, or {@code fallback} when absent. */
    public static String string(final Object value, final String fallback) {
        return value == null ? fallback : value.toString();
    }

    @SuppressWarnings("unchecked")
    public static List<Object> list(final Object value) {
        return value instanceof List ? (List<Object>) value : List.of();
    }

    private Object value() {
        skipWhitespace();
        if (position >= text.length()) {
            throw error("a value expected");
        }
        final char c = text.charAt(position);
        switch (c) {
            case '{':
                return object();
            case '[':
                return array();
            case '"':
                return string();
            case 't':
                return literal("true", Boolean.TRUE);
            case 'f':
                return literal("false", Boolean.FALSE);
            case 'n':
                return literal("null", null);
            case 'N':
                return literal("NaN", Double.NaN);
            default:
                return number();
        }
    }

    private Map<String, Object> object() {
        final Map<String, Object> members = new LinkedHashMap<>();
        position++;
        skipWhitespace();
        if (peek() == '}') {
            position++;
            return members;
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("a member name expected");
            }
            final String key = string();
            skipWhitespace();
            expect(':');
            members.put(key, value());
            skipWhitespace();
            final char next = next();
            if (next == '}') {
                return members;
            }
            if (next != ',') {
                throw error("',' or '}' expected");
            }
        }
    }

    private List<Object> array() {
        final List<Object> items = new ArrayList<>();
        position++;
        skipWhitespace();
        if (peek() == ']') {
            position++;
            return items;
        }
        while (true) {
            items.add(value());
            skipWhitespace();
            final char next = next();
            if (next == ']') {
                return items;
            }
            if (next != ',') {
                throw error("',' or ']' expected");
            }
        }
    }

    private String string() {
        expect('"');
        final StringBuilder out = new StringBuilder();
        while (true) {
            final char c = next();
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            final char escaped = next();
            switch (escaped) {
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (position + 4 > text.length()) {
                        throw error("a \\u escape cut short");
                    }
                    out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                    position += 4;
                }
                default -> out.append(escaped);
            }
        }
    }

    private Object number() {
        final int start = position;
        while (position < text.length() && "+-0123456789.eEInfinity".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
        if (start == position) {
            throw error("a value expected");
        }
        try {
            return Double.parseDouble(text.substring(start, position));
        } catch (final NumberFormatException e) {
            throw error("not a number: " + text.substring(start, position));
        }
    }

    private Object literal(final String word, final Object value) {
        if (!text.startsWith(word, position)) {
            throw error("'" + word + "' expected");
        }
        position += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private char peek() {
        if (position >= text.length()) {
            throw error("unexpected end");
        }
        return text.charAt(position);
    }

    private char next() {
        final char c = peek();
        position++;
        return c;
    }

    private void expect(final char c) {
        if (next() != c) {
            throw error("'" + c + "' expected");
        }
    }

    private IllegalArgumentException error(final String what) {
        return new IllegalArgumentException("JSON: " + what + " at offset " + position);
    }
}
