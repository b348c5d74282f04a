package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.jfr.BweJfr;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a JFR file around simulated sessions (queues build, a stream goes silent, everything times out
 * at the end) and reads bwe's events back with {@code jdk.jfr.consumer}: one REMB event per REMB the sink
 * got, with the same bitrate, and a reason; detector changes that chain; evictions; open and close.
 */
class PipelineJfrTest {
    private static final long[] SESSIONS = {1, 2};

    @TempDir
    Path dir;

    @Test
    void rareMomentsAreRecordedAndReadBack() throws Exception {
        final List<SyntheticTraffic.Event> events = SyntheticTraffic.generate(SESSIONS, 2, 14_000, 42, 2002);
        final RecordingSink sink = new RecordingSink();
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        final Path file = dir.resolve("bwe.jfr");
        long packets = 0;
        try (Recording recording = new Recording()) {
            for (final String name : List.of("RembSent", "DetectorState", "StreamsEvicted", "Session")) {
                recording.enable("dev.bwe." + name);
            }
            recording.start();
            try (BwePipeline pipeline = BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 16)
                .rembSink(sink).build()) {
                for (final long s : SESSIONS) {
                    pipeline.openSession(s, ExtensionIds.of(RtpPacketBuilder.AST_ID, 0));
                }
                for (final SyntheticTraffic.Event e : events) {
                    if (e.tick()) {
                        pipeline.tick(e.timeNs());
                    } else {
                        final int length = RtpPacketBuilder.write(packet, e.ssrc(), e.seq(), 0, e.absSendTime24(),
                            e.payloadBytes());
                        assertThat(pipeline.publishPacket(e.sessionId(), buffer, 0, length, e.timeNs())).isTrue();
                        packets++;
                    }
                }
                assertThat(pipeline.awaitDrained(Duration.ofSeconds(30))).isTrue();
                pipeline.closeSession(1);
                // Session 2 is still open when the pipeline closes: it is reported closed too.
            }
            recording.stop();
            recording.dump(file);
        }

        final List<RecordedEvent> recorded = RecordingFile.readAllEvents(file).stream()
            .filter(e -> e.getEventType().getName().startsWith("dev.bwe."))
            .collect(Collectors.toList());
        final Map<String, List<RecordedEvent>> byType = recorded.stream()
            .collect(Collectors.groupingBy(e -> e.getEventType().getName()));
        // Never one per packet.
        assertThat(recorded.size()).isLessThan((int) (packets / 10));

        // One REMB event per REMB the sink got, same session and bitrate, in the same order per session.
        final List<RecordedEvent> rembEvents = byType.get("dev.bwe.RembSent");
        final Map<Long, List<Long>> sentBps = new HashMap<>();
        sink.rembs().forEach(r -> sentBps.computeIfAbsent(r.sessionId(), k -> new ArrayList<>()).add(r.bitrateBps()));
        final Map<Long, List<Long>> recordedBps = new HashMap<>();
        rembEvents.stream().sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
            .forEach(e -> recordedBps.computeIfAbsent(e.getLong("sessionId"), k -> new ArrayList<>())
                .add(e.getLong("bitrateBps")));
        assertThat(rembEvents).hasSize(sink.rembs().size());
        assertThat(recordedBps).isEqualTo(sentBps);
        assertThat(rembEvents.stream().map(e -> e.getString("reason")).distinct())
            .containsExactlyInAnyOrder(BweJfr.REASON_DROP, BweJfr.REASON_INTERVAL, BweJfr.REASON_RESEND);
        assertThat(rembEvents).allSatisfy(e -> assertThat(e.getInt("ssrcCount")).isBetween(1, 2));

        // Detector changes: each session's chain starts at NORMAL, each change leaves the state the last one
        // entered, and queues building made it over-use.
        final List<RecordedEvent> detector = byType.get("dev.bwe.DetectorState");
        assertThat(detector).anySatisfy(e -> assertThat(e.getString("to")).isEqualTo("OVERUSING"));
        for (final long s : SESSIONS) {
            String state = "NORMAL";
            for (final RecordedEvent e : detector.stream().filter(e -> e.getLong("sessionId") == s)
                .sorted((a, b) -> Long.compare(a.getLong("pipelineTimeUs"), b.getLong("pipelineTimeUs")))
                .collect(Collectors.toList())) {
                assertThat(e.getString("from")).isEqualTo(state);
                assertThat(e.getString("to")).isNotEqualTo(state);
                state = e.getString("to");
            }
        }

        // Session 2's silent SSRC is evicted half way with one stream left; at the end its other one times out
        // (session 1's queue holds its last packets back past the last tick).
        final List<RecordedEvent> evicted = byType.get("dev.bwe.StreamsEvicted");
        assertThat(evicted).anySatisfy(e -> {
            assertThat(e.getLong("sessionId")).isEqualTo(2L);
            assertThat(e.getInt("evicted")).isEqualTo(1);
            assertThat(e.getInt("liveStreams")).isEqualTo(1);
        });
        assertThat(evicted).anySatisfy(e -> {
            assertThat(e.getLong("sessionId")).isEqualTo(2L);
            assertThat(e.getInt("liveStreams")).isZero();
        });

        final List<String> sessionEvents = byType.get("dev.bwe.Session").stream()
            .sorted((a, b) -> a.getStartTime().compareTo(b.getStartTime()))
            .map(e -> e.getString("action") + " " + e.getLong("sessionId") + "@" + e.getInt("shard"))
            .collect(Collectors.toList());
        assertThat(sessionEvents).containsExactly("open 1@0", "open 2@0", "close 1@0", "close 2@0");
    }
}
