package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stat.SessionStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The lock-free per-session status (live streams; the latest estimate beside it) and the session listener: what other
 * threads read matches what the timer stage saw, and both go away with the session.
 */
class SessionStatusTest {
    private static final ExtensionIds IDS = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);

    @Test
    void statusFollowsTheTimerStageAndGoesAwayWithTheSession() {
        final long[] sessions = {1, 2};
        final List<SyntheticTraffic.Event> events = SyntheticTraffic.generate(sessions, 2, 10_000, 7, 0);
        final Map<Long, Long> lastEstimate = new ConcurrentHashMap<>();
        final List<String> told = Collections.synchronizedList(new ArrayList<>());
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        final BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 16)
            .maxSessions(2).estimateObserver((t, s, bps, ssrcs) -> lastEstimate.put(s, bps)).build();
        try (pipeline) {
            pipeline.addSessionListener(new SessionListener() {
                @Override
                public void onSessionOpened(final int shard, final long sessionId) {
                    told.add("open " + sessionId);
                }

                @Override
                public void onSessionClosed(final int shard, final long sessionId) {
                    told.add("close " + sessionId);
                }
            });
            for (final long s : sessions) {
                pipeline.openSession(s, IDS);
            }
            assertThat(pipeline.latestEstimateBps(1)).isZero();
            // Refused opens leave no status behind and tell nobody; a duplicate leaves the open one alone.
            assertThatThrownBy(() -> pipeline.openSession(3, IDS)).hasMessageContaining("cap");
            assertThat(pipeline.sessionStatus(3)).isNull();
            final SessionStatus one = pipeline.sessionStatus(1);
            assertThatThrownBy(() -> pipeline.openSession(1, IDS)).hasMessageContaining("already open");
            assertThat(pipeline.sessionStatus(1)).isSameAs(one);

            // Queues build from 8 s on: the first estimates come with the first over-use.
            final long checkAtNs = 1_000_000_000L + 9_000_000_000L;
            boolean checked = false;
            for (final SyntheticTraffic.Event e : events) {
                if (!checked && e.timeNs() > checkAtNs) {
                    assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
                    for (final long s : sessions) {
                        assertThat(pipeline.sessionStatus(s).streams()).isEqualTo(2);
                        assertThat(pipeline.latestEstimateBps(s)).isPositive()
                            .isEqualTo(lastEstimate.get(s));
                    }
                    checked = true;
                }
                if (e.tick()) {
                    pipeline.tick(e.timeNs());
                } else {
                    final int length = RtpPacketBuilder.write(packet, e.ssrc(), e.seq(), 0, e.absSendTime24(),
                        e.payloadBytes());
                    pipeline.publishPacket(e.sessionId(), buffer, 0, length, e.timeNs());
                }
            }
            assertThat(checked).isTrue();
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
            // The traffic ends with 3 s of ticks only: every stream timed out, the estimate stays.
            for (final long s : sessions) {
                assertThat(pipeline.sessionStatus(s).streams()).isZero();
                assertThat(pipeline.latestEstimateBps(s)).isEqualTo(lastEstimate.get(s));
            }
            final List<Long> open = Collections.synchronizedList(new ArrayList<>());
            pipeline.forEachOpenSession(open::add);
            assertThat(open).containsExactlyInAnyOrder(1L, 2L);

            pipeline.closeSession(1);
            pipeline.closeSession(1); // twice: harmless, told once
            assertThat(pipeline.sessionStatus(1)).isNull();
            assertThat(told).containsExactly("open 1", "open 2", "close 1");
        }
        // Closing the pipeline closes the sessions still open, for their listeners too.
        assertThat(pipeline.sessionStatus(2)).isNull();
        assertThat(told).containsExactly("open 1", "open 2", "close 1", "close 2");
    }
}
