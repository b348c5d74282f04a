/**
 * JMH benchmarks of bwe's per-packet work, each beside a baseline measured in the same run:
 * {@link dev.bwe.jmh.EstimatorBenchmark} (one session's estimator and REMB schedule over a realistic
 * stream mix, against the bare cost of replaying the trace) and {@link dev.bwe.jmh.ParseBenchmark}
 * (bwe's RTP header parser against a typical allocate-per-packet parser).
 *
 * <p>Every benchmark checks before measuring that its input makes the code do what is claimed
 * (updates happen, values read back), so a fast wrong answer fails instead of being reported.
 * {@link dev.bwe.jmh.BweBenchmark} holds the shared run settings and {@link dev.bwe.jmh.JvmArgs} the
 * JVM flags of the forks. How to run them: {@code jmh/README.md}.
 */
package dev.bwe.jmh;
