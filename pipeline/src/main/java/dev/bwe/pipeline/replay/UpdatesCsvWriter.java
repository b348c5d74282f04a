package dev.bwe.pipeline.replay;

import dev.bwe.estimator.SsrcSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Writes every estimate update a replay reports as CSV: {@code time_us,session,bitrate_bps,ssrcs},
 * time in µs (floor of the ns time), SSRCs ascending unsigned, unsigned decimal, joined by {@code ;}
 * (empty when none). The header line is written at once. The caller owns and closes the writer.
 */
public final class UpdatesCsvWriter implements ReplayListener {
    public static final String HEADER = "time_us,session,bitrate_bps,ssrcs";

    private final Writer out;
    private final StringBuilder line = new StringBuilder(128);

    public UpdatesCsvWriter(final Writer out) {
        this.out = out;
        write(HEADER);
    }

    @Override
    public void onEstimate(final long timeNs, final long sessionId, final long bitrateBps, final SsrcSet ssrcs) {
        line.setLength(0);
        line.append(Math.floorDiv(timeNs, 1000L)).append(',').append(sessionId).append(',').append(bitrateBps)
            .append(',');
        appendSsrcs(line, ssrcs);
        write(line);
    }

    static void appendSsrcs(final StringBuilder sb, final SsrcSet ssrcs) {
        for (int i = 0; i < ssrcs.size(); i++) {
            if (i > 0) {
                sb.append(';');
            }
            sb.append(Integer.toUnsignedLong(ssrcs.get(i)));
        }
    }

    private void write(final CharSequence text) {
        try {
            out.append(text).append('\n');
        } catch (final IOException e) {
            throw new UncheckedIOException("writing the estimate updates CSV failed", e);
        }
    }
}
