package dev.bwe.pipeline.journal;

import java.nio.file.Path;

/**
 * A journal replay refuses: the directory is missing or holds no record, or its first record is not
 * a HEADER this code can read. The message says what and where (file, Chronicle index).
 */
public final class JournalFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final long index;

    JournalFormatException(final Path path, final long index, final String message) {
        super(message);
        this.path = path;
        this.index = index;
    }

    /** The journal directory, queue directory or file concerned. */
    public Path path() {
        return path;
    }

    /** The Chronicle index of the offending record, or -1. */
    public long index() {
        return index;
    }
}
