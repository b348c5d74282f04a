package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Three sessions × two SSRCs of synthetic RTP (abs-send-time built byte by byte) through the real
 * ring: the REMBs that reach the sink decode with the estimator module's decoder, list the right
 * SSRCs, and equal exactly what the estimator module alone computes for the same packets and ticks.
 */
class PipelineEndToEndTest {
    private static final long[] SESSIONS = {1, 2, 3};

    @ParameterizedTest(name = "{0}")
    @EnumSource(ThreadingMode.class)
    void rembsEqualTheEstimatorModuleAlone(final ThreadingMode mode) {
        final List<SyntheticTraffic.Event> events = SyntheticTraffic.generate(SESSIONS, 2, 14_000, 42, 2002);
        final ExtensionIds ids = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);

        final ReferenceModel reference = new ReferenceModel();
        final EstimatorConfig config = EstimatorConfig.builder().maxStreams(64).build();
        for (final long s : SESSIONS) {
            reference.open(s, config);
        }
        for (final SyntheticTraffic.Event e : events) {
            if (e.tick()) {
                reference.tick(e.timeNs() / 1000);
            } else {
                reference.packet(e.sessionId(), e.timeNs() / 1000, e.ssrc(), e.absSendTime24(), e.payloadBytes());
            }
        }

        final RecordingSink sink = new RecordingSink();
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        long published = 0;
        try (BwePipeline pipeline = BwePipeline.builder()
            .tickSource(TickSource.MANUAL)
            .threadingMode(mode)
            .ringSize(1 << 16)
            .rembSink(sink)
            .build()) {
            for (final long s : SESSIONS) {
                pipeline.openSession(s, ids);
            }
            for (final SyntheticTraffic.Event e : events) {
                if (e.tick()) {
                    pipeline.tick(e.timeNs());
                } else {
                    final int length = RtpPacketBuilder.write(packet, e.ssrc(), e.seq(), 0, e.absSendTime24(),
                        e.payloadBytes());
                    assertThat(pipeline.publishPacket(e.sessionId(), buffer, 0, length, e.timeNs())).isTrue();
                    published++;
                }
            }
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
            assertThat(pipeline.counters().packetsPublished().get()).isEqualTo(published);
            assertThat(pipeline.counters().packetsAccepted().get()).isEqualTo(published);
            assertThat(pipeline.counters().packetsDropped().get()).isZero();
        }

        assertThat(sink.decodeErrors()).isEmpty();
        final Map<Long, List<ReferenceModel.Remb>> expected = RecordingSink.bySession(reference.rembs);
        final Map<Long, List<ReferenceModel.Remb>> actual = RecordingSink.bySession(sink.rembs());
        assertThat(expected.keySet()).containsExactly(1L, 2L, 3L);
        assertThat(actual).isEqualTo(expected);
        // The scenario exercises what it claims: drops, re-sends, and the silent stream leaving the list.
        assertThat(reference.rembs).hasSizeGreaterThan(50);
        final List<ReferenceModel.Remb> session2 = actual.get(2L);
        assertThat(session2.get(0).ssrcs()).containsExactly(2001, 2002);
        assertThat(session2.get(session2.size() - 1).ssrcs()).containsExactly(2001);
        assertThat(actual.get(1L).get(actual.get(1L).size() - 1).ssrcs()).containsExactly(1001, 1002);
        assertThat(actual.get(1L).stream().mapToLong(ReferenceModel.Remb::bitrateBps).min().getAsLong())
            .as("the capacity drop lowers the estimate").isLessThan(2_000_000L);
        final long lastPacketUs = events.stream().filter(e -> !e.tick()).mapToLong(e -> e.timeNs() / 1000).max()
            .getAsLong();
        final List<ReferenceModel.Remb> afterLastPacket = sink.rembs().stream()
            .filter(r -> r.timeUs() > lastPacketUs).toList();
        assertThat(afterLastPacket).as("re-sent during the silence, to the streams still live").isNotEmpty();
        assertThat(afterLastPacket).allMatch(r -> r.timeUs() <= lastPacketUs + 2_000_000 + 5_000);
    }
}
