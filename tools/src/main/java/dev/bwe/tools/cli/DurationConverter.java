package dev.bwe.tools.cli;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Reads durations like {@code 500ms}, {@code 1s}, {@code 2.5s}, {@code 1m}, or ISO-8601 ({@code PT1S}). */
final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(final String value) {
        final String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (v.startsWith("pt")) {
                return Duration.parse(value.trim());
            }
            if (v.endsWith("ms")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(v.substring(0, v.length() - 2)) * 1e6));
            }
            if (v.endsWith("us")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(v.substring(0, v.length() - 2)) * 1e3));
            }
            if (v.endsWith("s")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1e9));
            }
            if (v.endsWith("m")) {
                return Duration.ofNanos(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60e9));
            }
        } catch (final NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (examples: 500ms, 1s, 2.5s, 1m)");
        }
        throw new IllegalArgumentException("'" + value + "' is not a duration (examples: 500ms, 1s, 2.5s, 1m)");
    }
}
