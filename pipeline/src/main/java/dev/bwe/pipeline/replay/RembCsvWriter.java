package dev.bwe.pipeline.replay;

import dev.bwe.pipeline.RembView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes every REMB a replay reports as CSV: {@code time_us,session,bitrate_bps,ssrcs,remb_hex}, as
 * {@link UpdatesCsvWriter} plus the encoded RTCP packet in lowercase hex. The header line is written
 * at once. The caller owns and closes the writer.
 */
public final class RembCsvWriter implements ReplayListener {
    public static final String HEADER = "time_us,session,bitrate_bps,ssrcs,remb_hex";
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Writer out;
    private final StringBuilder line = new StringBuilder(256);

    public RembCsvWriter(final Writer out) {
        this.out = out;
        write(HEADER);
    }

    @Override
    public void onRemb(final RembView remb) {
        line.setLength(0);
        line.append(Math.floorDiv(remb.timeNs(), 1000L)).append(',').append(remb.sessionId()).append(',')
            .append(remb.bitrateBps()).append(',');
        UpdatesCsvWriter.appendSsrcs(line, remb.ssrcs());
        line.append(',');
        for (int i = 0; i < remb.length(); i++) {
            final int b = remb.buffer().getByte(i) & 0xFF;
            line.append(HEX[b >>> 4]).append(HEX[b & 0xF]);
        }
        write(line);
    }

    private void write(final CharSequence text) {
        try {
            out.append(text).append('\n');
        } catch (final IOException e) {
            throw new UncheckedIOException("writing the REMB CSV failed", e);
        }
    }
}
