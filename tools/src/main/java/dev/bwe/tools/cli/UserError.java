package dev.bwe.tools.cli;

/** An error in what the user asked for (path, file content, option value): one line, exit code 2. */
public final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(final String message) {
        super(message);
    }

    public UserError(final String message, final Throwable cause) {
        super(message, cause);
    }
}
