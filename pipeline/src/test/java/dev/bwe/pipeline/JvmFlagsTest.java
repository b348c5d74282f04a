package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Building a pipeline in a JVM without bwe's flags fails at once, naming the missing flags. */
class JvmFlagsTest {
    @Test
    void thisTestJvmHasEveryFlag() {
        assertThat(JvmFlags.missing(true)).isEmpty();
    }

    @Test
    void aJvmWithoutFlagsIsToldWhichAreMissing(@TempDir final Path dir) throws Exception {
        final Result plain = runChild(dir, false, List.of());
        assertThat(plain.exitCode).as(plain.output).isEqualTo(3);
        assertThat(plain.output).contains("bwe needs JVM flags")
            .contains("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
            .doesNotContain("java.lang.IllegalAccessError");

        final Result journal = runChild(dir, true, List.of("--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"));
        assertThat(journal.exitCode).as(journal.output).isEqualTo(3);
        assertThat(journal.output).contains("--add-opens=java.base/java.lang=ALL-UNNAMED")
            .contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED");
        final String missingPart = journal.output.substring(0, journal.output.indexOf(". Add them"));
        assertThat(missingPart).doesNotContain("jdk.internal.misc");

        final List<String> all = List.of(JvmFlags.all().split(" "));
        final Result ok = runChild(dir, true, all);
        assertThat(ok.exitCode).as(ok.output).isZero();
    }

    private record Result(int exitCode, String output) {
    }

    private static Result runChild(final Path dir, final boolean journal, final List<String> flags)
        throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-Dchronicle.analytics.disable=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Child.class.getName());
        command.add(Boolean.toString(journal));
        command.add(dir.resolve("journal").toString());
        final Path log = dir.resolve("child.log");
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
            .start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish in 60 s");
        }
        return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    /** Builds a pipeline (journaling or not) and closes it; exit 3 on IllegalStateException. */
    public static final class Child {
        public static void main(final String[] args) {
            final BwePipeline.Builder builder = BwePipeline.builder().tickSource(TickSource.MANUAL);
            if (Boolean.parseBoolean(args[0])) {
                builder.journal(dev.bwe.pipeline.journal.JournalConfig.builder(Path.of(args[1])).build());
            }
            try (BwePipeline pipeline = builder.build()) {
                System.out.println("built " + pipeline.ringSize());
            } catch (final IllegalStateException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }
}
