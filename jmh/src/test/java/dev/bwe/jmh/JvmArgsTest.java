package dev.bwe.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.annotations.Fork;

class JvmArgsTest {
    @Test
    void forkedFlagsAreTheParentPomsBaseFlagsPlusNativeAccess() throws IOException {
        final Properties properties = new Properties();
        try (InputStream in = JvmArgsTest.class.getResourceAsStream("/bwe-jvm.properties")) {
            properties.load(in);
        }
        final List<String> pomBase = Arrays.asList(properties.getProperty("bwe.jvm.base").trim().split("\\s+"));
        assertThat(pomBase).as("bwe.jvm.base, filtered from the parent POM").isNotEmpty()
            .allSatisfy(flag -> assertThat(flag).startsWith("--"));

        assertThat(JvmArgs.forked()).containsExactlyInAnyOrderElementsOf(
            concat(pomBase, List.of(JvmArgs.ENABLE_NATIVE_ACCESS)));
    }

    @Test
    void everyBenchmarkForkAppendsExactlyTheSharedFlags() {
        final Fork fork = BweBenchmark.class.getAnnotation(Fork.class);
        assertThat(fork.jvmArgsAppend()).containsExactlyElementsOf(JvmArgs.forked());
        assertThat(EstimatorBenchmark.class.getSuperclass()).isEqualTo(BweBenchmark.class);
        assertThat(ParseBenchmark.class.getSuperclass()).isEqualTo(BweBenchmark.class);
        assertThat(PipelineThroughputBenchmark.class.getSuperclass()).isEqualTo(BweBenchmark.class);
    }

    @Test
    void theFlagJdk17RefusesIsNotInTheAnnotation() {
        assertThat(JvmArgs.forked()).doesNotContain(JvmArgs.ALLOW_UNSAFE_MEMORY_ACCESS);
    }

    private static List<String> concat(final List<String> a, final List<String> b) {
        final List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
