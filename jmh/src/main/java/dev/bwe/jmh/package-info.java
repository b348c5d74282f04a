/**
 * JMH benchmarks of bwe's per-packet work, each beside a baseline measured in the same run:
 * {@link dev.bwe.jmh.EstimatorBenchmark} (one session's estimator and REMB schedule over a realistic
 * stream mix, against the bare cost of replaying the trace), {@link dev.bwe.jmh.ParseBenchmark}
 * (bwe's RTP header parser against a typical allocate-per-packet parser) and
 * {@link dev.bwe.jmh.PipelineThroughputBenchmark} (packets per second through the Disruptor pipeline
 * against the same stages connected by {@code ArrayBlockingQueue}s); and a latency harness,
 * {@link dev.bwe.jmh.PipelineLatencyHarness} (publish to estimate at fixed loads, coordinated omission
 * accounted for), which is a plain program because JMH does not do fixed-rate latency.
 *
 * <p>Every benchmark checks before measuring that its input makes the code do what is claimed
 * (updates happen, values read back, a hand-off gives exactly the single-threaded result), so a fast
 * wrong answer fails instead of being reported. {@link dev.bwe.jmh.BweBenchmark} holds the shared run
 * settings and {@link dev.bwe.jmh.JvmArgs} the JVM flags of the forks. The pipeline benchmarks share
 * {@link dev.bwe.jmh.MultiSessionLap} (the packets) and {@link dev.bwe.jmh.Handoff} (the Disruptor
 * pipeline or a queue baseline around the same stage objects). {@code dev.bwe.jmh.report} writes
 * BENCHMARKS.md from the results. How to run them: {@code jmh/README.md}.
 */
package dev.bwe.jmh;
