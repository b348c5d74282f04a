package dev.bwe.tools.sim;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.StageOccupancy;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stat.PipelineCounters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A simulated day of a relay (issue 11 item 7): sessions join and leave all the time, their streams go
 * silent and come back, every packet goes through the real pipeline (stages on this thread, manual ticks)
 * with journaling, and the journal rolls by simulated time with retention. Open loop: the senders keep
 * their rate (a soak looks for leaks and drift, not for estimates).
 *
 * <p>After every simulated hour it prints the heap in use after a GC, what each stage holds, the counters'
 * conservation and the journal's size on disk; at the end every session is closed and the streams time out,
 * and the report says whether every stage is back to zero. Seeded: the same settings give the same traffic.
 */
public final class Soak {
    /** abs-send-time extension id the soak's sessions negotiate. */
    static final int AST_ID = 3;
    private static final long NS_PER_MS = SimTime.NS_PER_MS;
    private static final long NS_PER_HOUR = 3_600 * SimTime.NS_PER_S;
    /** Where the journal's wall clock starts: 2026-01-01T00:00Z, so cycle file names are stable. */
    private static final long EPOCH_MS = 1_767_225_600_000L;

    private final SoakConfig config;
    private final PrintWriter out;
    private final EventLoop loop = new EventLoop();
    private final SplittableRandom random;
    private final byte[] packetBytes = new byte[1_500];
    private final net.openhft.chronicle.core.time.SetTimeProvider journalClock =
        new net.openhft.chronicle.core.time.SetTimeProvider(EPOCH_MS * NS_PER_MS);
    private final org.agrona.collections.Long2ObjectHashMap<SoakSession> live =
        new org.agrona.collections.Long2ObjectHashMap<>();
    private BwePipeline pipeline;
    private long nextSessionId = 1;
    private long liveSessions;
    private long maxLiveSessions;
    private long sessionsOpened;
    private long silences;
    private long absSendTimeWraps;
    private long rembs;
    private long maxJournalBytes;
    private long journalBoundBytes;

    public Soak(final SoakConfig config, final PrintWriter out) {
        this.config = config;
        this.out = out;
        this.random = new SplittableRandom(config.seed());
    }

    /** Runs the soak; the report is printed and returned. */
    public SoakReport run() {
        final RembSink sink = remb -> rembs++;
        final BwePipeline.Builder builder = BwePipeline.builder().stagesOnCallerThread(true)
            .tickSource(TickSource.MANUAL).tickInterval(java.time.Duration.ofMillis(config.tickMs())).rembSink(sink);
        if (config.journal() != null) {
            builder.journal(dev.bwe.pipeline.journal.JournalConfig.builder(config.journal())
                .rollCycle(config.rollCycle()).keepCycles(config.keepCycles()).timeProvider(journalClock).build());
        }
        final long endNs = config.durationNs();
        long heapFirstHourBytes = -1;
        long heapMaxBytes = 0;
        pipeline = builder.build();
        try {
            scheduleArrival(0);
            scheduleTick(config.tickMs() * NS_PER_MS);
            out.printf("%6s %9s %9s %8s %8s %12s %10s %14s %12s%n", "hour", "heap MiB", "sessions", "streams",
                "opened", "packets", "REMBs", "conservation", "journal MiB");
            final long reportEveryNs = Math.min(NS_PER_HOUR, endNs);
            for (long t = reportEveryNs; t <= endNs; t += reportEveryNs) {
                loop.runUntil(t);
                final long heap = heapAfterGc();
                heapFirstHourBytes = heapFirstHourBytes < 0 ? heap : heapFirstHourBytes;
                heapMaxBytes = Math.max(heapMaxBytes, heap);
                final long journalBytes = journalBytes();
                maxJournalBytes = Math.max(maxJournalBytes, journalBytes);
                final PipelineCounters c = pipeline.counters();
                out.printf("%6.1f %9.1f %9d %8d %8d %12d %10d %14s %12.1f%n", t / (double) NS_PER_HOUR,
                    heap / 1048576.0, c.sessions().get(), c.streams().get(), sessionsOpened,
                    c.packetsPublished().get(), rembs, conserved(c) ? "ok" : "BROKEN", journalBytes / 1048576.0);
                out.flush();
            }
            // The day is over: every session leaves; ticks go on past the stream timeout.
            closeEverySession = true;
            for (final SoakSession session : new java.util.ArrayList<>(live.values())) {
                closeSession(session);
            }
            loop.runUntil(endNs + 5 * SimTime.NS_PER_S);
            final StageOccupancy after = pipeline.stageOccupancy();
            final PipelineCounters c = pipeline.counters();
            final SoakReport report = new SoakReport(sessionsOpened, maxLiveSessions, c.packetsPublished().get(),
                c.packetsAccepted().get(), c.rejectedTotal(), c.packetsDropped().get(), conserved(c), rembs,
                silences, absSendTimeWraps, c.sessions().get(), c.streams().get(), after, heapFirstHourBytes,
                heapMaxBytes, maxJournalBytes, journalBoundBytes);
            out.println(report.text());
            return report;
        } finally {
            pipeline.close();
        }
    }

    private boolean closeEverySession;

    private static boolean conserved(final PipelineCounters c) {
        return c.packetsPublished().get() == c.packetsAccepted().get() + c.rejectedTotal() + c.packetsDropped().get();
    }

    private static long heapAfterGc() {
        final Runtime runtime = Runtime.getRuntime();
        System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private long journalBytes() {
        if (config.journal() == null) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(config.journal())) {
            long cycleBytes = 0;
            long largestCycle = 0;
            long total = 0;
            for (final Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                final long size = Files.size(f);
                total += size;
                if (f.getFileName().toString().endsWith(".cq4")) {
                    cycleBytes += size;
                    largestCycle = Math.max(largestCycle, size);
                }
            }
            // Retention keeps keepCycles files per queue (two queues at most) plus the one being written.
            journalBoundBytes = Math.max(journalBoundBytes, 2L * (config.keepCycles() + 1) * largestCycle
                + (total - cycleBytes));
            return total;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void scheduleTick(final long timeNs) {
        loop.schedule(timeNs, () -> {
            journalClock.currentTimeMillis(EPOCH_MS + timeNs / NS_PER_MS);
            pipeline.tick(timeNs);
            scheduleTick(timeNs + config.tickMs() * NS_PER_MS);
        });
    }

    private void scheduleArrival(final long timeNs) {
        loop.schedule(timeNs, () -> {
            if (closeEverySession || timeNs >= config.durationNs()) {
                return;
            }
            openSession(timeNs);
            scheduleArrival(timeNs + Math.max(1, exponential(config.meanArrivalGapMs())) * NS_PER_MS);
        });
    }

    private long exponential(final double meanMs) {
        return Math.round(-meanMs * StrictMath.log(1.0 - random.nextDouble()));
    }

    private void openSession(final long nowNs) {
        final long sessionId = nextSessionId++;
        pipeline.openSession(sessionId, ExtensionIds.of(AST_ID, 0));
        sessionsOpened++;
        liveSessions++;
        maxLiveSessions = Math.max(maxLiveSessions, liveSessions);
        final long endNs = nowNs + Math.max(2_000, exponential(config.meanSessionMs())) * NS_PER_MS;
        final SoakSession session = new SoakSession(sessionId, endNs, random.nextLong(AbsSendTime.WRAP_PERIOD_US));
        live.put(sessionId, session);
        final int streams = 1 + random.nextInt(config.maxStreamsPerSession());
        for (int s = 0; s < streams; s++) {
            final int ssrc = (int) (sessionId * 16 + s);
            final int sequence = random.nextInt(1 << 16);
            final long firstNs = nowNs + random.nextLong(config.packetIntervalMs()) * NS_PER_MS + NS_PER_MS;
            loop.schedule(firstNs, () -> sendPacket(session, ssrc, sequence, -1, firstNs));
        }
        loop.schedule(endNs, () -> closeSession(session));
    }

    private void closeSession(final SoakSession session) {
        if (session.closed) {
            return;
        }
        session.closed = true;
        live.remove(session.id);
        liveSessions--;
        pipeline.closeSession(session.id);
    }

    /** One packet of a stream, then the next one (or a silence first, now and then). */
    private void sendPacket(final SoakSession session, final int ssrc, final int sequence, final int lastAbsSendTime,
                            final long sendNs) {
        if (session.closed || closeEverySession) {
            closeSession(session);
            return;
        }
        final int absSendTime = AbsSendTime.fromMicros(sendNs / 1_000 + session.clockOffsetUs);
        if (lastAbsSendTime >= 0 && absSendTime < lastAbsSendTime) {
            absSendTimeWraps++;
        }
        final SimPacket packet = new SimPacket(ssrc, sequence, (int) (sendNs / 11_111), absSendTime,
            config.payloadBytes(), true, sendNs);
        final int length = packet.writeHeader(packetBytes, 0, AST_ID) + packet.payloadSizeBytes();
        // A constant path delay: arrival order is send order, and the pipeline sees a steady link.
        pipeline.publishPacket(session.id, packetBytes, 0, Math.min(length, packetBytes.length),
            sendNs + config.pathDelayMs() * NS_PER_MS);
        long nextNs = sendNs + config.packetIntervalMs() * NS_PER_MS;
        if (random.nextDouble() < config.silenceProbability()) {
            silences++;
            nextNs += (config.minSilenceMs() + random.nextLong(config.maxSilenceMs() - config.minSilenceMs() + 1))
                * NS_PER_MS;
        }
        if (nextNs >= session.endNs) {
            return;
        }
        final long at = nextNs;
        loop.schedule(at, () -> sendPacket(session, ssrc, (sequence + 1) & 0xFFFF, absSendTime, at));
    }

    /** A session while it lives. */
    private static final class SoakSession {
        final long id;
        final long endNs;
        final long clockOffsetUs;
        boolean closed;

        SoakSession(final long id, final long endNs, final long clockOffsetUs) {
            this.id = id;
            this.endNs = endNs;
            this.clockOffsetUs = clockOffsetUs;
        }
    }
}
