package dev.bwe.tools.cli;

import picocli.CommandLine.ITypeConverter;

/** An SSRC as unsigned decimal or 0x hex, into the int that carries it. */
final class SsrcConverter implements ITypeConverter<Integer> {
    @Override
    public Integer convert(final String value) {
        final String v = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            final long parsed = v.startsWith("0x") ? Long.parseLong(v.substring(2), 16) : Long.parseLong(v);
            if (parsed < 0 || parsed > 0xFFFFFFFFL) {
                throw new NumberFormatException();
            }
            return (int) parsed;
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not an SSRC (0..4294967295, or 0x hex)");
        }
    }
}
