package dev.bwe.tools.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code bwe --version}: the version the build wrote into {@code version.properties} (Maven filtering). */
public final class VersionProvider implements IVersionProvider {
    /** The build's version of bwe, e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        final Properties properties = new Properties();
        try (InputStream in = VersionProvider.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties missing from the class path: a broken build");
            }
            properties.load(in);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }

    @Override
    public String[] getVersion() {
        return new String[] {"bwe " + version(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor")
            + ")"};
    }
}
