package dev.bwe.relay;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;

/**
 * One REMB: what it announced, to whom, and the exact datagram.
 *
 * @param timeNs      when it was decided or sent, {@link System#nanoTime()}
 * @param epochMicros the same moment in wall-clock microseconds (for pcap timestamps)
 * @param bitrateBps  the bitrate bwe (or the forced schedule) asked for, before the REMB's 18-bit mantissa
 *                    truncated it
 * @param ssrcs       the media SSRCs it lists, in packet order
 * @param datagram    the whole UDP payload (RR + REMB), or the bare REMB for an estimate that was not sent
 * @param from        the sending socket's address
 * @param to          where it went, or null when it was not sent
 * @param source      bwe's estimate, the forced schedule, or an observed REMB
 */
public record RembRecord(long timeNs, long epochMicros, long bitrateBps, int[] ssrcs, byte[] datagram,
                         InetSocketAddress from, InetSocketAddress to, Source source) {
    /** Where a REMB's bitrate came from. */
    public enum Source {
        /** bwe's pipeline. */
        BWE,
        /** A forced schedule (tests). */
        FORCED,
        /** Another receiver's REMB seen on its way through a shaper (the reference: libwebrtc's estimate). */
        OBSERVED
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof RembRecord r && r.timeNs == timeNs && r.epochMicros == epochMicros
            && r.bitrateBps == bitrateBps && Arrays.equals(r.ssrcs, ssrcs) && Arrays.equals(r.datagram, datagram)
            && Objects.equals(r.from, from) && Objects.equals(r.to, to) && r.source == source;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timeNs) * 31 + Arrays.hashCode(datagram);
    }

    @Override
    public String toString() {
        return "RembRecord[timeNs=" + timeNs + ", bitrateBps=" + bitrateBps + ", ssrcs="
            + Arrays.toString(Arrays.stream(ssrcs).mapToObj(Integer::toUnsignedString).toArray())
            + ", bytes=" + datagram.length + ", to=" + to + ", source=" + source + "]";
    }
}
