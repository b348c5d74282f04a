package dev.bwe.pipeline.journal;

import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Pattern;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;

/** What a queue directory holds, found without opening it (Chronicle would create a missing one). */
final class QueueFiles {
    private QueueFiles() {
    }

    /** The queue's cycle files, oldest first; empty when the directory is missing or holds none. */
    static String[] cycleFiles(final Path queueDir) {
        final String[] names = queueDir.toFile().list((d, n) -> n.endsWith(CycleRetention.CYCLE_FILE_SUFFIX));
        if (names == null) {
            return new String[0];
        }
        Arrays.sort(names);
        return names;
    }

    /**
     * The roll cycle whose file-name format the cycle file matches, or null. Opening a queue with
     * another roll cycle than it was written with works (Chronicle takes the one in the queue's
     * metadata) but logs a warning; the name tells which one it is.
     */
    static RollCycle rollCycleOf(final String cycleFileName) {
        final String base =
            cycleFileName.substring(0, cycleFileName.length() - CycleRetention.CYCLE_FILE_SUFFIX.length());
        for (final RollCycle cycle : RollCycles.all()) {
            if (pattern(cycle.format()).matcher(base).matches()) {
                return cycle;
            }
        }
        return null;
    }

    /** A regex for a Chronicle date format: each pattern letter one digit, quoted text literal. */
    private static Pattern pattern(final String format) {
        final StringBuilder regex = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < format.length(); i++) {
            final char c = format.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && Character.isLetter(c)) {
                regex.append("\\d");
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }

    static File file(final Path queueDir, final String name) {
        return queueDir.resolve(name).toFile();
    }
}
