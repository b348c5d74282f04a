/**
 * Replay: the pipeline's estimate and timer stages run again on one thread, with no ring and no clock,
 * from a journal ({@link dev.bwe.pipeline.journal.JournalReplay}) or from a CSV packet trace
 * ({@link dev.bwe.pipeline.replay.TraceReplay}); outputs go to a
 * {@link dev.bwe.pipeline.replay.ReplayListener}, such as the CSV writers
 * {@link dev.bwe.pipeline.replay.UpdatesCsvWriter} and {@link dev.bwe.pipeline.replay.RembCsvWriter}
 * that the command-line tool reuses.
 *
 * <p>{@link dev.bwe.pipeline.replay.ReplayEngine} is the one place where events meet the stages, so a
 * journal and a trace replay run exactly the same code as the live pipeline.
 */
package dev.bwe.pipeline.replay;
