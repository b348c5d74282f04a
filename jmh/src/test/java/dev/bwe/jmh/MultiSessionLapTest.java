package dev.bwe.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import dev.bwe.pipeline.rtp.ParseStatus;
import dev.bwe.pipeline.rtp.RtpHeaderParser;
import org.junit.jupiter.api.Test;

class MultiSessionLapTest {
    private static final MultiSessionLap LAP = MultiSessionLap.standard();
    private static final StreamMixTrace TRACE = StreamMixTrace.standard();

    @Test
    void holdsEverySessionsWholeTrace() {
        assertThat(LAP.packetCount()).isEqualTo(MultiSessionLap.SESSIONS * TRACE.packetCount());
        final Map<Long, Integer> packetsBySession = new HashMap<>();
        for (int i = 0; i < LAP.packetCount(); i++) {
            packetsBySession.merge(LAP.sessionOf(i), 1, Integer::sum);
        }
        assertThat(packetsBySession).hasSize(MultiSessionLap.SESSIONS)
            .allSatisfy((session, packets) -> assertThat(packets).isEqualTo(TRACE.packetCount()));
        assertThat(TRACE.packetCount() / (StreamMixTrace.DURATION_US / 1_000_000))
            .isEqualTo(MultiSessionLap.PACKETS_PER_SESSION_PER_SECOND);
    }

    @Test
    void arrivalTimesNeverGoBackwardsWithinALapNorAcrossTheSeam() {
        for (int i = 1; i < LAP.packetCount(); i++) {
            assertThat(LAP.arrivalNs(i, 0)).isGreaterThanOrEqualTo(LAP.arrivalNs(i - 1, 0));
        }
        assertThat(LAP.arrivalNs(0, 1)).isGreaterThan(LAP.arrivalNs(LAP.packetCount() - 1, 0));
    }

    @Test
    void everyPacketParsesAsItsSessionsStreamWithItsTraceSendTimeAndSize() {
        final RtpHeaderParser parser = new RtpHeaderParser();
        final Set<Integer> ssrcs = new HashSet<>();
        final Map<Long, Integer> sessionOfSsrc = new HashMap<>();
        for (int i = 0; i < LAP.packetCount(); i++) {
            final int length = LAP.lengthBytes(i);
            final int captured = Math.min(length, QueueHandoff.HEADER_CAPACITY_BYTES);
            final int lastByte = LAP.packets().getByte(LAP.offset(i) + length - 1) & 0xFF;
            final int status = parser.parse(LAP.packets(), LAP.offset(i), captured, length, lastByte,
                MultiSessionLap.extensionIds());
            assertThat(ParseStatus.fromCode(status)).as("packet %d", i).isEqualTo(ParseStatus.OK);
            assertThat(parser.payloadSizeBytes()).isEqualTo(LAP.payloadSizeBytes(i));
            assertThat(parser.headerLengthBytes()).isEqualTo(MultiSessionLap.STRIDE_BYTES);
            ssrcs.add(parser.ssrc());
            sessionOfSsrc.merge(LAP.sessionOf(i) << 32 | (parser.ssrc() & 0xFFFF_FFFFL), 1, Integer::sum);
        }
        // 4 SSRCs per session, none shared between sessions.
        assertThat(ssrcs).hasSize(4 * MultiSessionLap.SESSIONS);
        assertThat(sessionOfSsrc).hasSize(4 * MultiSessionLap.SESSIONS);
    }

    @Test
    void theFirstPacketsOfEachSessionCarryTheTracesSendTimes() {
        final RtpHeaderParser parser = new RtpHeaderParser();
        for (int i = 0; i < 64; i++) {
            final int length = LAP.lengthBytes(i);
            parser.parse(LAP.packets(), LAP.offset(i), Math.min(length, 256), length,
                LAP.packets().getByte(LAP.offset(i) + length - 1) & 0xFF, MultiSessionLap.extensionIds());
            final int session = (int) (LAP.sessionOf(i) - MultiSessionLap.FIRST_SESSION_ID);
            // Session k is the trace shifted by k × 100 µs: find the trace packet with that arrival.
            final long traceArrivalUs =
                (LAP.arrivalNs(i, 0) - session * MultiSessionLap.SESSION_ARRIVAL_STEP_NS) / 1_000;
            boolean found = false;
            for (int t = 0; t < 64 && !found; t++) {
                found = TRACE.arrivalTimeUs(t, 0) == traceArrivalUs && TRACE.ssrc(t) + session == parser.ssrc()
                    && TRACE.absSendTime24(t) == parser.absSendTime24();
            }
            assertThat(found).as("packet %d matches a trace packet", i).isTrue();
        }
    }
}
