package dev.bwe.estimator.remb;

import dev.bwe.estimator.SsrcSet;

/**
 * Where {@link RembScheduler} hands a REMB that should go out now; typically it encodes it with a
 * {@link RembEncoder} into the session's next RTCP compound packet.
 */
@FunctionalInterface
public interface RembSender {
    /**
     * Sends one REMB.
     *
     * @param nowUs the time of the call that decided to send, µs, as given to the scheduler
     * @param bitrateBps the bitrate to announce, bits per second, &gt;= 0
     * @param ssrcs the SSRCs to list; a view valid only during this call (copy it to keep it)
     */
    void sendRemb(long nowUs, long bitrateBps, SsrcSet ssrcs);
}
