package dev.bwe.pipeline.journal;

import dev.bwe.estimator.EstimatorConfig;
import java.util.Objects;

/**
 * What a journal's HEADER record says about the pipeline that wrote it: enough to run its estimate
 * and timer stages again with the same settings.
 *
 * @param shard the pipeline's shard index
 * @param startWallClockMs wall-clock time the pipeline was built, ms since the epoch (to place the
 *     journal's event times, which are in the pipeline's clock, in calendar time)
 * @param startClockNs the pipeline's clock when it was built, ns (event times are in this clock)
 * @param tickIntervalNs the timer agent's tick interval, ns
 * @param headerCapacityBytes bytes of each packet copied into a ring slot
 * @param rembResendIntervalUs how often the last REMB is repeated, µs (0: never)
 * @param rembSenderSsrc the sender SSRC written into every REMB
 * @param maxStreamsPerSession the pipeline's stream cap per session
 * @param defaultEstimatorConfig the estimator settings of sessions opened with extension ids only
 */
public record JournalHeader(int shard, long startWallClockMs, long startClockNs, long tickIntervalNs,
                            int headerCapacityBytes, long rembResendIntervalUs, int rembSenderSsrc,
                            int maxStreamsPerSession, EstimatorConfig defaultEstimatorConfig) {
    public JournalHeader {
        Objects.requireNonNull(defaultEstimatorConfig, "defaultEstimatorConfig");
    }
}
