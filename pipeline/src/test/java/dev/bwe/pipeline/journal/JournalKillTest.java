package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.replay.ReplayResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journaling JVM killed with {@code kill -9} in the middle of its run (a child process on the test
 * classpath, {@link JournalingChild}) leaves a journal that replays: every REMB up to the last complete
 * batch verifies, and the cut at the end is reported, not mistaken for a difference.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JournalKillTest {
    @TempDir
    Path dir;

    @Test
    void aJournalCutByKillMinusNineReplaysAndVerifiesUpToItsLastBatch() throws Exception {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // The flags Chronicle needs (--add-opens ...), as this JVM got them.
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle")) {
                command.add(arg);
            }
        }
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(JournalingChild.class.getName());
        command.add(dir.toString());
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
            StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals("journaling")) {
                if (line.equals("done")) {
                    break;
                }
            }
            assertThat(line).as("the child started journaling").isEqualTo("journaling");
            // Let it write a little more, then cut it mid-run.
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            assertThat(child.isAlive()).as("still running when killed").isTrue();
            child.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            child.destroyForcibly();
        }
        assertThat(child.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        final ReplayResult result = JournalReplay.of(dir).verify(true).run();
        System.out.println("replay after kill -9: " + result.packets() + " packets, " + result.rembsCompared()
            + " REMBs verified, damage " + result.corruptions());
        assertThat(result.packets()).isGreaterThan(20_000);
        assertThat(result.rembsCompared()).isPositive();
        assertThat(result.firstDifference()).as("every REMB up to the last complete batch").isEmpty();
        assertThat(result.verifiedEqual()).isTrue();
        assertThat(result.gaps()).isEmpty();
    }
}
