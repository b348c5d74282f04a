package dev.bwe.jmh;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.WaitStrategyKind;
import dev.bwe.pipeline.journal.JournalConfig;
import dev.bwe.pipeline.rtp.ExtensionIds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * How one pipeline scales with the number of sessions: N sessions of 4 SSRCs each, all active, their
 * packets published round-robin (session after session, SSRC after SSRC) from one thread as fast as
 * the ring takes them, with the default settings. Reports packets/s that entered the ring and were
 * accepted, packets dropped, REMBs/s, and heap per session after a full GC, each with journaling off
 * and on. The 8-session row is the reference of the ratios.
 *
 * <pre>
 *   java -cp jmh/target/benchmarks.jar dev.bwe.jmh.ScalingBenchmark [--sessions 8,1000,10000,50000]
 *       [--warmup-ms 2000] [--measure-ms 5000] [--journal off,on] [--wait BACKOFF|SLEEPING|...] [--out FILE]
 * </pre>
 *
 * <p>Each packet is a 20-byte RTP header with abs-send-time (id 3) equal to its arrival time and a
 * declared length of 1,200 bytes; arrival times are the pipeline's clock at publish. A session thus
 * receives (total rate ÷ N) packets/s: the 50,000-session row is the small-session case.
 */
public final class ScalingBenchmark {
    static final ExtensionIds IDS = ExtensionIds.of(3, ExtensionIds.NOT_NEGOTIATED);
    static final int SSRCS_PER_SESSION = 4;
    static final int PACKET_LENGTH = 1200;
    private static final int HEADER_LENGTH = 20;

    /** One measured configuration. */
    record Row(int sessions, boolean journal, double packetsPerSecond, double droppedPerSecond,
               double rembsPerSecond, double heapBytesPerSession, long ticksSkippedBehind) {
    }

    /** The stages' wait; the pipeline's default unless {@code --wait} says otherwise. */
    private static WaitStrategyKind waitStrategy;

    private ScalingBenchmark() {
    }

    public static void main(final String[] args) throws Exception {
        List<Integer> sessions = List.of(8, 1_000, 10_000, 50_000);
        long warmupMs = 2_000;
        long measureMs = 5_000;
        List<Boolean> journal = List.of(false, true);
        Path out = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--sessions" -> sessions = Stream.of(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--warmup-ms" -> warmupMs = Long.parseLong(args[++i]);
                case "--measure-ms" -> measureMs = Long.parseLong(args[++i]);
                case "--journal" -> journal = Stream.of(args[++i].split(",")).map("on"::equalsIgnoreCase).toList();
                case "--out" -> out = Path.of(args[++i]);
                case "--wait" -> waitStrategy = WaitStrategyKind.valueOf(args[++i]);
                default -> {
                    System.err.println("ScalingBenchmark: unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        final List<Row> rows = new ArrayList<>();
        for (final boolean journaling : journal) {
            for (final int n : sessions) {
                final Row row = run(n, journaling, warmupMs, measureMs);
                rows.add(row);
                System.err.println(format(row, rows));
            }
        }
        final String table = table(rows);
        System.out.print(table);
        if (out != null) {
            Files.writeString(out, table);
        }
    }

    /** Opens {@code sessions} sessions, warms up, measures; closes everything before returning. */
    static Row run(final int sessions, final boolean journaling, final long warmupMs, final long measureMs)
        throws IOException {
        final Path dir = journaling ? Files.createTempDirectory("bwe-scaling-") : null;
        try {
            // A start estimate, so REMBs flow from the first packets (libwebrtc otherwise waits up to 5 s).
            final BwePipeline.Builder builder = BwePipeline.builder().maxSessions(Math.max(sessions, 1))
                .estimatorConfig(EstimatorConfig.builder().startBitrateBps(1_000_000).build());
            if (waitStrategy != null) {
                builder.waitStrategy(waitStrategy);
            }
            if (dir != null) {
                builder.journal(JournalConfig.of(dir));
            }
            try (BwePipeline pipeline = builder.build()) {
                final long pipelineHeap = usedHeapAfterGc();
                for (int s = 0; s < sessions; s++) {
                    pipeline.openSession(s + 1, IDS);
                }
                final Publisher publisher = new Publisher(pipeline, sessions);
                publisher.runFor(warmupMs);
                final long accepted0 = pipeline.counters().packetsAccepted().get();
                final long dropped0 = pipeline.counters().packetsDropped().get();
                final long rembs0 = pipeline.counters().rembsSent().get();
                final long startNs = System.nanoTime();
                publisher.runFor(measureMs);
                pipeline.awaitDrained(Duration.ofSeconds(30));
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                final double accepted = (pipeline.counters().packetsAccepted().get() - accepted0) / seconds;
                final double dropped = (pipeline.counters().packetsDropped().get() - dropped0) / seconds;
                final double rembs = (pipeline.counters().rembsSent().get() - rembs0) / seconds;
                // Heap of the sessions as they are after traffic (rate windows grown to what they need).
                final double perSession = (usedHeapAfterGc() - pipelineHeap) / (double) sessions;
                return new Row(sessions, journaling, accepted, dropped, rembs, perSession,
                    pipeline.counters().ticksSkippedBehind().get());
            }
        } finally {
            if (dir != null) {
                deleteRecursively(dir);
            }
        }
    }

    /** Publishes round-robin over sessions and SSRCs, as fast as the ring takes packets. */
    static final class Publisher {
        private final BwePipeline pipeline;
        private final int sessions;
        private final byte[] packet = new byte[PACKET_LENGTH];
        private final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        private int session;
        private int ssrcIndex;
        private int sequence;

        Publisher(final BwePipeline pipeline, final int sessions) {
            this.pipeline = pipeline;
            this.sessions = sessions;
            packet[0] = (byte) 0x90; // V=2, X=1
            packet[1] = 96;
            buffer.putShort(12, (short) 0xBEDE, ByteOrder.BIG_ENDIAN);
            buffer.putShort(14, (short) 1, ByteOrder.BIG_ENDIAN);
            packet[16] = (byte) ((IDS.absSendTimeId() << 4) | 2);
        }

        void runFor(final long durationMs) {
            final long endNs = System.nanoTime() + durationMs * 1_000_000L;
            int n = 0;
            while (true) {
                // Read the clock once per 64 packets: the publisher should cost what a relay's would.
                if ((n++ & 63) == 0 && System.nanoTime() - endNs > 0) {
                    return;
                }
                publishOne();
            }
        }

        private void publishOne() {
            final int ssrc = session * SSRCS_PER_SESSION + ssrcIndex + 1;
            final long nowNs = System.nanoTime();
            final int absSendTime = AbsSendTime.fromMicros(nowNs / 1000);
            buffer.putShort(2, (short) sequence, ByteOrder.BIG_ENDIAN);
            buffer.putInt(4, sequence * 3000, ByteOrder.BIG_ENDIAN);
            buffer.putInt(8, ssrc, ByteOrder.BIG_ENDIAN);
            packet[17] = (byte) (absSendTime >>> 16);
            packet[18] = (byte) (absSendTime >>> 8);
            packet[19] = (byte) absSendTime;
            pipeline.publishPacket(session + 1, buffer, 0, PACKET_LENGTH, nowNs);
            if (++session == sessions) {
                session = 0;
                if (++ssrcIndex == SSRCS_PER_SESSION) {
                    ssrcIndex = 0;
                    sequence++;
                }
            }
        }
    }

    static long usedHeapAfterGc() {
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        // Several collections until the figure settles (finalizers, soft references, G1's regions).
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static String format(final Row row, final List<Row> rows) {
        return String.format(Locale.ROOT, "sessions %,d journal %s: %s packets/s (%.2f× the 8-session row), "
                + "%s dropped/s, %,.0f REMBs/s, %,.0f B heap/session, %d ticks skipped (behind)",
            row.sessions(), row.journal() ? "on" : "off", millions(row.packetsPerSecond()), ratio(row, rows),
            millions(row.droppedPerSecond()), row.rembsPerSecond(), row.heapBytesPerSession(),
            row.ticksSkippedBehind());
    }

    static double ratio(final Row row, final List<Row> rows) {
        return rows.stream().filter(r -> r.journal() == row.journal()).min(Comparator.comparingInt(Row::sessions))
            .map(reference -> row.packetsPerSecond() / reference.packetsPerSecond()).orElse(Double.NaN);
    }

    static String table(final List<Row> rows) {
        final StringBuilder sb = new StringBuilder();
        sb.append("| journal | active sessions (4 SSRCs) | packets/s accepted | ÷ fewest sessions | dropped/s "
            + "| REMBs/s | heap per session | ticks skipped (behind) |\n");
        sb.append("|---|---|---|---|---|---|---|---|\n");
        for (final Row row : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %s | %.2f× | %s | %,.0f | %,.0f B | %d |%n",
                row.journal() ? "on" : "off", row.sessions(), millions(row.packetsPerSecond()), ratio(row, rows),
                millions(row.droppedPerSecond()), row.rembsPerSecond(), row.heapBytesPerSession(),
                row.ticksSkippedBehind()));
        }
        return sb.toString();
    }

    private static String millions(final double perSecond) {
        return perSecond >= 1e6 ? String.format(Locale.ROOT, "%.2f M", perSecond / 1e6)
            : String.format(Locale.ROOT, "%.0f k", perSecond / 1e3);
    }

    private static void deleteRecursively(final Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
