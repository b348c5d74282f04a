package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.BandwidthUsage;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stat.CountersFile;
import dev.bwe.pipeline.stat.SessionCounters;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opt-in per-session rows in the counters file: another reader of the file sees each published session's
 * estimate, streams and detector state; at most the cap are published; rows go away with their session,
 * and heavy churn never makes an open fail.
 */
class SessionCountersTest {
    private static final ExtensionIds IDS = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);

    @TempDir
    Path dir;

    @Test
    void publishedSessionsAreReadableFromTheFileAndGoAwayWithTheirSession() {
        final Path file = dir.resolve("bwe.counters");
        final long[] sessions = {1, 2};
        final List<SyntheticTraffic.Event> events = SyntheticTraffic.generate(sessions, 2, 10_000, 7, 0);
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 16)
                .countersFile(file).sessionCounters(2).build();
             CountersFile reader = CountersFile.openForReading(file)) {
            pipeline.openSession(1, IDS);
            pipeline.openSession(2, IDS);
            pipeline.openSession(3, IDS); // over the cap of 2: open, not published
            assertThat(rows(reader).keySet()).containsExactly(1L, 2L);
            for (final SyntheticTraffic.Event e : events) {
                if (e.tick()) {
                    pipeline.tick(e.timeNs());
                } else if (e.timeNs() < 8_000_000_000L) { // stop before the end: streams still live
                    final int length = RtpPacketBuilder.write(packet, e.ssrc(), e.seq(), 0, e.absSendTime24(),
                        e.payloadBytes());
                    pipeline.publishPacket(e.sessionId(), buffer, 0, length, e.timeNs());
                }
                if (e.timeNs() > 9_000_000_000L) {
                    break;
                }
            }
            assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
            final Map<Long, long[]> rows = rows(reader);
            for (final long s : sessions) {
                assertThat(rows.get(s)[SessionCounters.KIND_ESTIMATE_BPS]).isPositive()
                    .isEqualTo(pipeline.latestEstimateBps(s));
                assertThat(rows.get(s)[SessionCounters.KIND_STREAMS]).isEqualTo(pipeline.sessionStatus(s).streams());
                assertThat(BandwidthUsage.values()[(int) rows.get(s)[SessionCounters.KIND_DETECTOR_STATE]])
                    .isEqualTo(pipeline.sessionStatus(s).detectorState());
            }
            pipeline.closeSession(1);
            assertThat(rows(reader).keySet()).containsExactly(2L);
            pipeline.openSession(4, IDS); // room again
            assertThat(rows(reader).keySet()).containsExactly(2L, 4L);
            // Heavy churn: rows freed a moment ago are not reused yet, so the file's room runs out; opens
            // still succeed, those sessions just go unpublished.
            for (long s = 100; s < 1100; s++) {
                pipeline.openSession(s, IDS);
                pipeline.closeSession(s);
            }
            assertThat(rows(reader).keySet()).containsExactly(2L, 4L);
        }
    }

    /** Session id → values by kind, from the file as another process reads it. */
    private static Map<Long, long[]> rows(final CountersFile file) {
        final Map<Long, long[]> rows = new TreeMap<>();
        file.reader().forEach((id, typeId, key, label) -> {
            if (typeId == SessionCounters.TYPE_ID) {
                rows.computeIfAbsent(key.getLong(SessionCounters.SESSION_ID_KEY_OFFSET), k -> new long[3])
                    [key.getInt(SessionCounters.KIND_KEY_OFFSET)] = file.reader().getCounterValue(id);
            }
        });
        return rows;
    }
}
