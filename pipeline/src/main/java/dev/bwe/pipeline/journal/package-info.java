/**
 * The journal: the pipeline's own ordered event sequence, kept in Chronicle Queue so that it can be run
 * again and give the same output, bit for bit.
 *
 * <pre>
 * parse --+--> estimate --+--> timer ----> RembSink
 *         |               |      \
 *         +--> JournalStage      JournalRembRecorder (timer thread)
 *                 |                  |
 *            &lt;dir&gt;/events/       &lt;dir&gt;/rembs/        (one writer per queue, each on its own thread)
 *
 * JournalReplay (one thread, no ring, no clock):
 *   &lt;dir&gt;/events --&gt; EstimateStage --&gt; TimerStage --&gt; listener
 *                                                         \--&gt; verify against &lt;dir&gt;/rembs
 * </pre>
 *
 * <p><b>What is journaled.</b> {@link dev.bwe.pipeline.journal.JournalStage} runs after parse, in
 * parallel with estimate, and appends one fixed-layout record per event
 * ({@link dev.bwe.pipeline.journal.JournalRecords}): PACKET with the parse stage's outputs (never the
 * payload), TICK, OPEN_SESSION with every setting, CLOSE_SESSION. Each cycle file starts with a HEADER
 * that describes the layout version and the pipeline's settings. The REMBs the timer stage sends are
 * journaled into a second queue by the timer thread itself: Chronicle appenders are confined to the
 * thread that created them, and one writer per queue avoids Chronicle's write lock.
 *
 * <p><b>Why replay is exact.</b> The journal holds the events in ring order with the parse outputs, and
 * no stage reads a clock: replay feeds the same {@code EstimateStage} and {@code TimerStage} the same
 * events, so it computes the same REMBs. {@link dev.bwe.pipeline.journal.JournalReplay}'s verify mode
 * checks it against the REMB queue.
 *
 * <p><b>Bounded disk, and failure.</b> Queues roll every
 * {@link dev.bwe.pipeline.journal.JournalConfig#rollCycle()} and keep the newest
 * {@link dev.bwe.pipeline.journal.JournalConfig#keepCycles()} files. Any journal failure (a full
 * disk, a deleted directory, an exception from Chronicle) switches journaling off,
 * counts {@code journalFailures} and logs once; estimation goes on. Journaling costs no allocation per
 * record; Chronicle allocates about 0.7 KiB each time it maps one more block of a growing file.
 *
 * <p>The Chronicle system properties bwe needs (no analytics, no banner, no disk monitor thread) are
 * set by the classes here when the user did not set them.
 */
package dev.bwe.pipeline.journal;
