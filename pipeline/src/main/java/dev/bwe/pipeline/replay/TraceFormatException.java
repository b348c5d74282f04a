package dev.bwe.pipeline.replay;

/** A CSV packet trace that does not follow the contract: the message names the source, line and column. */
public final class TraceFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final long lineNumber;
    private final String column;

    TraceFormatException(final String source, final long lineNumber, final String column, final String problem) {
        super(source + " line " + lineNumber + (column == null ? "" : ", column " + column) + ": " + problem);
        this.lineNumber = lineNumber;
        this.column = column;
    }

    /** The 1-based line (the header is line 1). */
    public long lineNumber() {
        return lineNumber;
    }

    /** The column's name, or null when the problem is the line as a whole. */
    public String column() {
        return column;
    }
}
