package dev.bwe.tools.cli;

/** Exit codes of {@code bwe replay} and {@code bwe dump} (and errors of every command). */
final class ExitCodes {
    /** Everything read (and, with --verify, every REMB equal). */
    static final int CLEAN = 0;
    /** --verify found a REMB that differs from the journaled one. */
    static final int DIFFERENCE = 1;
    /** Bad arguments, or a journal that cannot be read at all (missing, empty, another layout). */
    static final int USAGE_OR_UNREADABLE = 2;
    /** Read with damage or gaps (skipped and reported), and no difference. */
    static final int DAMAGED = 3;

    private ExitCodes() {
    }
}
