package dev.bwe.relay.browser;

/** A WebDriver command failed: the W3C error code and message, or why the driver could not be reached. */
public final class WebDriverException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public WebDriverException(final String message) {
        super(message);
    }

    public WebDriverException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
