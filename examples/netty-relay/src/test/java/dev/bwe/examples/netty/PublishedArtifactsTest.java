package dev.bwe.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What a user gets from bwe's coordinates: every module's classes carry the licence and the notices, no
 * test code, and (in the jars the reactor packaged) an Automatic-Module-Name.
 */
class PublishedArtifactsTest {
    /** Test helpers that once shipped in main jars. */
    private static final List<String> TEST_ONLY = List.of("ChromeDriverSession", "WebDriverException", "PcapWriter",
        "RecordingSink", "CliHarness");

    @Test
    void everyModuleHasTheLicenceTheNoticesAndNoTestCode() throws Exception {
        final Class<?>[] modules = {dev.bwe.estimator.RemoteBitrateEstimator.class,
            dev.bwe.pipeline.BwePipeline.class, dev.bwe.relay.RelayServer.class, dev.bwe.tools.cli.BweCli.class};
        final String[] names = {"dev.bwe.estimator", "dev.bwe.pipeline", "dev.bwe.relay", "dev.bwe.tools"};
        for (int i = 0; i < modules.length; i++) {
            final Path location = Path.of(modules[i].getProtectionDomain().getCodeSource().getLocation().toURI());
            final List<String> entries = entries(location);
            assertThat(entries).as("%s", location).contains("META-INF/LICENSE", "META-INF/NOTICE");
            assertThat(entries).as("test code in %s", location)
                .noneMatch(e -> e.endsWith("Test.class")
                    || TEST_ONLY.stream().anyMatch(t -> e.endsWith("/" + t + ".class")));
            if (Files.isRegularFile(location)) {
                try (JarFile jar = new JarFile(location.toFile())) {
                    assertThat(jar.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                        .as("Automatic-Module-Name of %s", location).isEqualTo(names[i]);
                }
            } else {
                System.out.println(location + " is a class directory (not packaged in this build): "
                    + "manifest not checked");
            }
        }
    }

    private static List<String> entries(final Path location) throws IOException {
        final List<String> out = new ArrayList<>();
        if (Files.isRegularFile(location)) {
            try (JarFile jar = new JarFile(location.toFile())) {
                jar.stream().forEach(e -> out.add(e.getName()));
            }
        } else {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(Files::isRegularFile)
                    .forEach(f -> out.add(location.relativize(f).toString().replace('\\', '/')));
            }
        }
        return out;
    }
}
