package dev.bwe.pipeline.journal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.bwe.estimator.AbsSendTime;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RtpPacketBuilder;
import dev.bwe.pipeline.ThreadingMode;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stat.CountersFile;
import dev.bwe.pipeline.stat.PipelineCounters;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Journaling allocates nothing per record in steady state: the journal thread (every batch appended)
 * and the timer thread (every event, estimate update and REMB copied into the journal's buffer) measured with
 * {@link ThreadMXBean#getThreadAllocatedBytes(long)} after warm-up. The one allocation left is
 * Chronicle's, once per block it maps as the file grows (a new {@code MappedBytesStore}, ~0.7 KiB, once
 * per {@link JournalConfig#blockSizeBytes()}: every ~40,000 packets at the 2 MiB default); the bound
 * below allows exactly that and nothing per record. Also prints a rough in-test figure of journal bytes
 * per packet and the pipeline's rate with journaling on.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalAllocationTest {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    /** Chronicle's allocation when it maps one more block of a growing file (measured: 650-800 bytes). */
    private static final long MAX_BYTES_PER_MAPPED_BLOCK = 2048;
    private static final long BLOCK_BYTES = 256 << 10;

    @TempDir
    Path dir;

    private final byte[] packet = new byte[1500];
    private final UnsafeBuffer buffer = new UnsafeBuffer(packet);
    private long timeNs = 1_000_000_000L;
    private int seq;

    @Test
    void journalAndTimerThreadsAllocateNothingInSteadyState() {
        try (BwePipeline p = BwePipeline.builder().tickSource(TickSource.MANUAL).threadingMode(ThreadingMode.DEDICATED)
            .ringSize(1 << 12).journal(JournalConfig.builder(dir).blockSizeBytes(BLOCK_BYTES)
                .overflow(JournalConfig.Overflow.WAIT).build()).build()) {
            for (long s = 1; s <= 4; s++) {
                p.openSession(s, ExtensionIds.of(RtpPacketBuilder.AST_ID, 0));
            }
            for (int round = 0; round < 5; round++) {
                run(p, 50_000);
            }
            assertThat(p.awaitDrained(Duration.ofSeconds(30))).isTrue();
            final Thread journal = thread(p, "journal");
            final Thread timer = thread(p, "timer");
            final long journalBefore = THREADS.getThreadAllocatedBytes(journal.getId());
            final long timerBefore = THREADS.getThreadAllocatedBytes(timer.getId());
            final long recordsBefore = p.counters().journalRecords().get();
            final long bytesBefore = p.counters().journalBytes().get();
            final int packets = 100_000;
            final long startNs = System.nanoTime();
            run(p, packets);
            assertThat(p.awaitDrained(Duration.ofSeconds(30))).isTrue();
            final long elapsedNs = System.nanoTime() - startNs;
            final long journalAllocated = THREADS.getThreadAllocatedBytes(journal.getId()) - journalBefore;
            final long timerAllocated = THREADS.getThreadAllocatedBytes(timer.getId()) - timerBefore;
            assertThat(p.counters().journalFailures().get()).isZero();
            final long records = p.counters().journalRecords().get() - recordsBefore;
            final long bytes = p.counters().journalBytes().get() - bytesBefore;
            assertThat(records).isGreaterThan(packets);
            // Blocks mapped in the window: the events queue's growth, rounded up, plus one for each queue's
            // boundary. Nothing may be allocated per record: 100,000 packets, so even 1 byte each would fail.
            final long blocksMapped = bytes / BLOCK_BYTES + 2;
            assertThat(journalAllocated).as("journal thread: %d bytes for %d blocks mapped", journalAllocated,
                blocksMapped).isLessThanOrEqualTo(blocksMapped * MAX_BYTES_PER_MAPPED_BLOCK);
            // A few hundred bytes at most over 100,000 packets (JIT and JDK internals): nothing per record.
            assertThat(timerAllocated).as("timer thread (feeds the journal)").isLessThan(packets / 100);
            System.out.printf("journal thread allocated %d bytes in %d records (%d blocks of %d KiB mapped)%n",
                journalAllocated, records, blocksMapped - 2, BLOCK_BYTES >> 10);
            // Rough, in-test: the whole pipeline on 2 shared cores, publishing thread included.
            System.out.printf("journal: %d records, %.1f bytes per packet (ticks and REMBs included), "
                    + "%.0f packets/s through the pipeline with journaling%n", records, (double) bytes / packets,
                packets * 1e9 / elapsedNs);
        }
    }

    @Test
    void appendsPacketRecordsOfAboutFiftyFiveBytesAtMillionsPerSecond() {
        final PipelineCounters counters = new PipelineCounters(CountersFile.inMemory(64), 0);
        final JournalHeader header = new JournalHeader(0, 0, 0, 5_000_000L, 256, 1_000_000L, 1, 64,
            EstimatorConfig.DEFAULT);
        final PipelineJournal journal = new PipelineJournal(JournalConfig.builder(dir).blockSizeBytes(256 << 10)
            .overflow(JournalConfig.Overflow.WAIT).build(), header, counters, "test-journal");
        final PipelineEvent event = new PipelineEvent(16);
        event.type = EventType.PACKET;
        event.sessionId = 1;
        event.ssrc = 0x12345678;
        event.hasAbsSendTime = true;
        event.payloadSizeBytes = 1100;
        event.packetLength = 1120;
        journal.start(Thread::new);
        final int records = 1_000_000;
        final long startNs = System.nanoTime();
        for (int i = 0; i < records; i++) {
            event.timeNs = i * 1000L;
            event.sequenceNumber = i & 0xFFFF;
            event.absSendTime24 = i & 0xFFFFFF;
            journal.recorder().recordEvent(event);
        }
        journal.close();
        final long elapsedNs = System.nanoTime() - startNs;
        assertThat(counters.journalFailures().get()).isZero();
        assertThat(counters.journalGaps().get()).isZero();
        assertThat(counters.journalRecords().get()).isEqualTo(records + 1);
        final long packetBytes = counters.journalBytes().get();
        // 52-byte body + 3-byte record header; each batch adds 14 + 4 bytes and Chronicle's 4.
        assertThat(packetBytes).as("bytes per packet record").isBetween(55L * records, 56L * records);
        // Rough, in-test, cold JIT included: the feed on this thread, the journal thread writing batches.
        System.out.printf("journal: %.2f M PACKET records/s, %.2f bytes each%n", records * 1e3 / elapsedNs,
            (double) packetBytes / records);
    }

    private static Thread thread(final BwePipeline p, final String role) {
        return p.threads().stream().filter(t -> t.getName().endsWith("-" + role)).findFirst()
            .orElseThrow(() -> new AssertionError("no " + role + " thread among " + p.threads()));
    }

    /** 4 sessions × 2 SSRCs, a tick every 5 ms of arrival time, waiting (without allocating) when the ring fills. */
    private void run(final BwePipeline p, final int packets) {
        for (int i = 0; i < packets; i++) {
            final long session = 1 + (i & 3);
            final int ssrc = (int) session * 10 + ((i >> 2) & 1);
            final int length = RtpPacketBuilder.write(packet, ssrc, seq++, 0, AbsSendTime.fromMicros(timeNs / 1000),
                1100);
            while (p.remainingCapacity() < p.ringSize() / 2) {
                Thread.onSpinWait();
            }
            p.publishPacket(session, buffer, 0, length, timeNs);
            timeNs += 1_250_000L;
            if ((i & 3) == 3) {
                p.tick(timeNs);
            }
        }
    }
}
