package dev.bwe.tools.cli;

import dev.bwe.estimator.SsrcSet;

/** Small formatting helpers shared by the commands. */
final class Csv {
    private Csv() {
    }

    /** SSRCs as unsigned decimals joined by ';' (the CSV contract's form). */
    static String ssrcs(final SsrcSet ssrcs) {
        final StringBuilder out = new StringBuilder();
        for (int i = 0; i < ssrcs.size(); i++) {
            if (i > 0) {
                out.append(';');
            }
            out.append(Integer.toUnsignedLong(ssrcs.get(i)));
        }
        return out.toString();
    }
}
