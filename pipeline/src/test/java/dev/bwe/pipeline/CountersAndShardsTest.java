package dev.bwe.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stat.CountersFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The counters file is readable by a separate reader while the pipeline runs; shards share nothing else. */
class CountersAndShardsTest {
    private static final ExtensionIds IDS = ExtensionIds.of(RtpPacketBuilder.AST_ID, 0);

    static Map<String, Long> read(final CountersFile file) {
        final Map<String, Long> values = new HashMap<>();
        file.reader().forEach((value, id, label) -> values.put(label, value));
        return values;
    }

    @Test
    void countersFileIsReadableFromAnotherReaderWhileRunning(@TempDir final Path dir) {
        final Path path = dir.resolve("bwe.counters");
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).countersFile(path).build()) {
            p.openSession(1, IDS);
            for (int i = 0; i < 100; i++) {
                final int length = RtpPacketBuilder.write(packet, 9, i, 0, AbsSendTime.fromMicros(i * 10_000L), 500);
                p.publishPacket(1, buffer, 0, length, i * 10_000_000L);
            }
            p.publishPacket(1, buffer, 0, 5, 1_000_000_000L);
            assertThat(p.awaitDrained(Duration.ofSeconds(10))).isTrue();
            try (CountersFile reader = CountersFile.openForReading(path)) {
                final Map<String, Long> values = read(reader);
                assertThat(values).containsEntry("bwe[0] packets published", 101L)
                    .containsEntry("bwe[0] packets accepted", 100L)
                    .containsEntry("bwe[0] rejected: too short", 1L)
                    .containsEntry("bwe[0] sessions", 1L)
                    .containsEntry("bwe[0] streams", 1L);
                assertThat(reader.writerPid()).isEqualTo(ProcessHandle.current().pid());
            }
        }
    }

    @Test
    void countersFileErrorsSayWhatAndWhere(@TempDir final Path dir) throws Exception {
        assertThatThrownBy(() -> CountersFile.openForReading(dir.resolve("missing")))
            .hasMessageContaining("no counters file at");
        final Path junk = dir.resolve("junk");
        Files.write(junk, new byte[200]);
        assertThatThrownBy(() -> CountersFile.openForReading(junk)).hasMessageContaining("bad magic");
    }

    @Test
    void shardsSplitSessionsAndEachKeepsItsOwnState(@TempDir final Path dir) {
        final RecordingSink sink = new RecordingSink();
        final byte[] packet = new byte[1500];
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        try (ShardedPipeline sharded = ShardedPipeline.start(3, BwePipeline.builder().rembSink(sink)
            .countersFile(dir.resolve("shards.counters")))) {
            final int[] perShard = new int[3];
            for (long s = 0; s < 30; s++) {
                sharded.openSession(s, IDS);
                perShard[sharded.shardOf(s)]++;
            }
            assertThat(perShard).doesNotContain(0);
            final long startNs = System.nanoTime() - 7_000_000_000L;
            for (int i = 0; i < 600; i++) {
                for (long s = 0; s < 30; s++) {
                    final long t = startNs + i * 10_000_000L;
                    final int length = RtpPacketBuilder.write(packet, (int) s + 100, i, 0,
                        AbsSendTime.fromMicros(t / 1000), 800);
                    sharded.publishPacket(s, buffer, 0, length, t);
                }
            }
            for (int i = 0; i < 3; i++) {
                assertThat(sharded.shard(i).awaitDrained(Duration.ofSeconds(10))).isTrue();
                assertThat(sharded.shard(i).counters().sessions().get()).isEqualTo(perShard[i]);
                assertThat(sharded.shard(i).counters().packetsAccepted().get()).isEqualTo(600L * perShard[i]);
            }
            assertThat(sink.rembs().stream().map(ReferenceModel.Remb::sessionId).distinct().count()).isEqualTo(30);
            try (CountersFile reader = CountersFile.openForReading(dir.resolve("shards.counters"))) {
                assertThat(read(reader)).containsKeys("bwe[0] packets accepted", "bwe[2] packets accepted");
            }
        }
        assertThat(Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
            .filter(t -> t.getName().startsWith("bwe-"))).isEmpty();
    }
}
