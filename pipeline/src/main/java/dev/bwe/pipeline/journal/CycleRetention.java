package dev.bwe.pipeline.journal;

import java.io.File;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import net.openhft.chronicle.queue.impl.StoreFileListener;

/**
 * Keeps a queue's disk use bounded: when the writer acquires a cycle file (at open and on every roll),
 * the oldest cycle files beyond the newest {@code keepCycles} are deleted.
 *
 * <p>Chronicle calls a {@link StoreFileListener} on its background releaser thread, not on the
 * writer's, so deleting files never stalls the journal thread. Cycle files are ordered by name, as
 * Chronicle itself orders them ({@code FileUtil.removableRollFileCandidates}): every roll-cycle format
 * has fixed-width date fields, so name order is time order. A file newer than the acquired one (a clock
 * that went backwards) is never deleted. Tailers re-list the directory when a cycle is missing, so a
 * trimmed queue still reads.
 */
final class CycleRetention implements StoreFileListener {
    private static final System.Logger LOG = System.getLogger(CycleRetention.class.getName());
    static final String CYCLE_FILE_SUFFIX = ".cq4";

    private final int keepCycles;
    private boolean warned;

    CycleRetention(final int keepCycles) {
        this.keepCycles = keepCycles;
    }

    @Override
    public void onAcquired(final int cycle, final File file) {
        final File dir = file.getParentFile();
        final String acquired = file.getName();
        final String[] names = dir == null ? null
            : dir.list((d, name) -> name.endsWith(CYCLE_FILE_SUFFIX) && name.compareTo(acquired) <= 0);
        if (names == null || names.length <= keepCycles) {
            return;
        }
        Arrays.sort(names);
        for (int i = 0; i < names.length - keepCycles; i++) {
            final File old = new File(dir, names[i]);
            if (!old.delete() && old.exists() && !warned) {
                warned = true;
                LOG.log(Level.WARNING, "bwe journal retention could not delete " + old
                    + "; the journal may outgrow its bound (further failures are not logged)");
            }
        }
    }

    @Override
    public void onReleased(final int cycle, final File file) {
        // Nothing to do: deletion happens when the next cycle is acquired.
    }
}
