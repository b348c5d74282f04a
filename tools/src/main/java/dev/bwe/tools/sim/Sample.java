package dev.bwe.tools.sim;

/**
 * One row of a session's time series, taken every sample interval.
 *
 * @param timeNs sample time, ns
 * @param capacityBps bottleneck capacity in effect, bps (IP packets)
 * @param targetBps the sender's target at that moment, bps of payload
 * @param sendRateBps media the sender put on the link over the trailing rate window, bps on the wire
 * @param receivedRateBps media that reached the receiver over the trailing rate window, bps on the wire
 * @param crossRateBps cross traffic that got through the link over the trailing window, bps on the wire
 * @param estimateBps the last REMB the receiver sent, bps (0 before the first)
 * @param queueDelayNs how long a packet arriving at the bottleneck at that moment would wait, ns
 */
public record Sample(long timeNs, long capacityBps, long targetBps, long sendRateBps, long receivedRateBps,
                     long crossRateBps, long estimateBps, long queueDelayNs) {

    public double timeS() {
        return SimTime.nsToS(timeNs);
    }

    public double queueDelayMs() {
        return SimTime.nsToMs(queueDelayNs);
    }
}
