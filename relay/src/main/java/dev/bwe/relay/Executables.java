package dev.bwe.relay;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/** Finds programs (chromium, chromedriver, tshark) the way a shell does. */
public final class Executables {
    private Executables() {
    }

    /** The first executable called {@code name} on the PATH, as {@code command -v} finds it. */
    public static Optional<Path> findOnPath(final String name) {
        final String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Arrays.stream(path.split(File.pathSeparator))
            .filter(dir -> !dir.isEmpty())
            .map(dir -> Path.of(dir, name))
            .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
            .findFirst();
    }
}
