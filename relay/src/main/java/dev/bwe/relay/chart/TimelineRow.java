package dev.bwe.relay.chart;

/**
 * One sample of a relay run. {@link Double#NaN} means "no value" (no shaper, no estimate yet, no fresh browser
 * reading, no packet through the shaper in the interval).
 *
 * @param timeS                   seconds since the relay started
 * @param capacityBps             the shaper's capacity now
 * @param estimateBps             bwe's latest estimate (every update, not only REMBs)
 * @param availableOutgoingBps    Chromium's availableOutgoingBitrate on the bwe connection
 * @param sendBps                 Chromium's RTP send rate on the bwe connection
 * @param queueP95Ms              95th percentile of the bottleneck's queueing delay over the interval
 * @param refCapacityBps          the reference shaper's capacity now
 * @param refEstimateBps          libwebrtc's latest REMB on the reference connection
 * @param refAvailableOutgoingBps Chromium's availableOutgoingBitrate on the reference connection
 * @param refSendBps              Chromium's RTP send rate on the reference connection
 * @param refQueueP95Ms           the reference bottleneck's queueing delay p95 over the interval
 * @param sessionId               the bwe session packets went to (a profile change opens the next one)
 */
public record TimelineRow(double timeS, double capacityBps, double estimateBps, double availableOutgoingBps,
                          double sendBps, double queueP95Ms, double refCapacityBps, double refEstimateBps,
                          double refAvailableOutgoingBps, double refSendBps, double refQueueP95Ms, long sessionId) {
}
