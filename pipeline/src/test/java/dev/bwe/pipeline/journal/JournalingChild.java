package dev.bwe.pipeline.journal;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import java.nio.file.Path;
import java.util.List;

/**
 * The child JVM of {@link JournalKillTest}: journals a long scenario into {@code args[0]} as fast as
 * the pipeline goes, says "journaling" on stdout once a first part is on disk, and goes on until it is
 * killed (it never closes the pipeline on its own).
 */
public final class JournalingChild {
    private JournalingChild() {
    }

    public static void main(final String[] args) throws InterruptedException {
        final List<JournalScenario.Step> steps = JournalScenario.generate(600_000, 3);
        final BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL)
            .journal(JournalReplayTest.testJournal(Path.of(args[0]))).build();
        for (final long s : new long[] {1, 2, 3}) {
            pipeline.openSession(s, JournalScenario.IDS);
        }
        final int chunk = 20_000;
        for (int i = 0; i < steps.size(); i += chunk) {
            JournalScenario.driveSteps(pipeline, steps.subList(i, Math.min(steps.size(), i + chunk)));
            if (i == chunk) {
                System.out.println("journaling");
                System.out.flush();
            }
        }
        System.out.println("done");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
