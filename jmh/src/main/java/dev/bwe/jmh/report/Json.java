package dev.bwe.jmh.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;

/**
 * JSON for the report, through Jackson: JMH's {@code -rf json} output and the latency harness's results
 * read into maps (insertion-ordered), lists, strings, numbers, booleans and null, plus the few accessors
 * the report uses on them. JMH writes non-finite numbers as {@code "NaN"} strings or bare {@code NaN};
 * both read as NaN through {@link #number}.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
        .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(SerializationFeature.INDENT_OUTPUT)
        .build();

    private Json() {
    }

    /**
     * Parses one JSON value.
     *
     * @throws IllegalArgumentException when the text is not one JSON value, saying where
     */
    public static Object parse(final String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage() + " at line "
                + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        }
    }

    /** Writes maps, lists, strings, numbers, booleans and null as indented JSON, ending with a newline. */
    public static String write(final Object value) {
        try {
            return MAPPER.writeValueAsString(value) + "\n";
        } catch (final JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
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
}
