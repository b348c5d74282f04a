package dev.bwe.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void versionIsTheBuildsVersion() {
        final String expected = System.getProperty("bwe.expected.version");
        assertThat(expected).as("surefire passes the POM's version").isNotBlank().doesNotContain("${");
        final CliHarness run = CliHarness.run("--version");
        assertThat(run.exitCode).isZero();
        assertThat(run.out()).startsWith("bwe " + expected + System.lineSeparator()).contains("Java ");
    }
}
