package dev.bwe.metrics;

import dev.bwe.estimator.PacketResult;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.SessionListener;
import dev.bwe.pipeline.ShardedPipeline;
import dev.bwe.pipeline.rtp.ParseStatus;
import dev.bwe.pipeline.stat.PipelineCounters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * Binds bwe pipelines (one, or every shard of a {@link ShardedPipeline}) to a Micrometer registry.
 *
 * <p><b>Pipeline meters</b>, tagged {@code shard}: every counter of {@link PipelineCounters} as a
 * {@link FunctionCounter} (totals) or a {@link Gauge} (levels), read straight from the counters on each
 * scrape; rejections are one counter {@code bwe.packets.rejected} with a {@code reason} tag. The names are
 * listed in README "Monitoring".
 *
 * <p><b>Per-session meters</b> ({@link #sessionMeters(int)}, off by default): while a session is open,
 * {@code bwe.session.estimate.bps} and {@code bwe.session.streams}, tagged {@code shard} and
 * {@code session}. They are added when the session opens and removed when it closes (or its pipeline
 * closes), through a {@link SessionListener}: never on a stage thread. A scrape grows with every metered
 * session, so at most {@code maxSessions} sessions are metered at once; sessions opened beyond the cap are
 * counted in {@code bwe.metrics.sessions.unmetered} and not metered (the next session opened after a
 * metered one closes is).
 *
 * <p>Reading never touches the packet path: counters are single-writer values read with a volatile load,
 * session gauges read the pipeline's lock-free {@link BwePipeline#latestEstimateBps} and
 * {@link dev.bwe.pipeline.stat.SessionStatus}. Close the
 * binding before the pipelines ({@link #close()} removes every meter it added); a meter read after its
 * pipeline closed reads NaN rather than a counters file that is gone.
 */
public final class BweMetrics implements MeterBinder, AutoCloseable {
    private final List<BwePipeline> pipelines;
    private int maxSessionMeters;
    private MeterRegistry registry;
    private final List<Meter> pipelineMeters = new ArrayList<>();
    /** Per shard: session id → its meters. Guarded by {@code this} (open/close threads, never the packet path). */
    private final List<Long2ObjectHashMap<Meter[]>> sessionMeters = new ArrayList<>();
    private final SessionListener listener = new Listener();
    private long unmetered;
    private int metered;
    private boolean closed;

    private BweMetrics(final List<BwePipeline> pipelines) {
        this.pipelines = pipelines;
        for (int i = 0; i < pipelines.size(); i++) {
            sessionMeters.add(new Long2ObjectHashMap<>());
        }
    }

    /** Meters for one pipeline. */
    public static BweMetrics of(final BwePipeline pipeline) {
        return new BweMetrics(List.of(Objects.requireNonNull(pipeline, "pipeline")));
    }

    /** Meters for every shard. */
    public static BweMetrics of(final ShardedPipeline sharded) {
        final List<BwePipeline> shards = new ArrayList<>();
        for (int i = 0; i < sharded.shardCount(); i++) {
            shards.add(sharded.shard(i));
        }
        return new BweMetrics(List.copyOf(shards));
    }

    /**
     * Adds per-session gauges for at most {@code maxSessions} sessions open at once (0, the default, adds
     * none). Call before {@link #bindTo}.
     */
    public BweMetrics sessionMeters(final int maxSessions) {
        if (maxSessions < 0) {
            throw new IllegalArgumentException("sessionMeters must be >= 0, was " + maxSessions);
        }
        if (registry != null) {
            throw new IllegalStateException("sessionMeters(...) after bindTo(...)");
        }
        this.maxSessionMeters = maxSessions;
        return this;
    }

    @Override
    public synchronized void bindTo(final MeterRegistry meterRegistry) {
        if (registry != null) {
            throw new IllegalStateException("already bound to a registry");
        }
        this.registry = Objects.requireNonNull(meterRegistry, "registry");
        for (final BwePipeline pipeline : pipelines) {
            bindPipeline(pipeline);
        }
        if (maxSessionMeters > 0) {
            pipelineMeters.add(Gauge.builder("bwe.metrics.sessions.unmetered", this, BweMetrics::unmetered)
                .description("sessions opened while the per-session meter cap was reached (not metered)")
                .register(registry));
            pipelineMeters.add(Gauge.builder("bwe.metrics.sessions.metered", this, BweMetrics::metered)
                .description("sessions with per-session meters now").register(registry));
            for (final BwePipeline pipeline : pipelines) {
                pipeline.addSessionListener(listener);
                // Sessions already open: meter them too (a close racing with this is caught below).
                pipeline.forEachOpenSession(id -> addSession(pipeline.shard(), id));
            }
        }
    }

    private void bindPipeline(final BwePipeline pipeline) {
        final PipelineCounters c = pipeline.counters();
        final Tags shard = Tags.of("shard", Integer.toString(pipeline.shard()));
        counter(pipeline, "bwe.packets.published", "packets the relay published", shard, c.packetsPublished());
        counter(pipeline, "bwe.packets.dropped", "packets dropped because the ring was full", shard,
            c.packetsDropped());
        counter(pipeline, "bwe.packets.entered", "packets the parse stage took from the ring", shard,
            c.packetsEntered());
        counter(pipeline, "bwe.packets.accepted", "packets the estimator took", shard, c.packetsAccepted());
        for (final ParseStatus status : ParseStatus.values()) {
            if (status != ParseStatus.OK) {
                counter(pipeline, "bwe.packets.rejected", "packets rejected, by reason",
                    shard.and("reason", reasonTag(status.label())), c.rejected(status.code()));
            }
        }
        for (final int result : new int[] {PacketResult.REFUSED_STREAM_CAP, PacketResult.IGNORED_SEND_TIME_CONFLICT}) {
            counter(pipeline, "bwe.packets.rejected", "packets rejected, by reason",
                shard.and("reason", reasonTag(PacketResult.label(result))), c.refusedByEstimator(result));
        }
        counter(pipeline, "bwe.time.extensions.malformed", "abs-send-time/abs-capture-time extensions malformed",
            shard, c.malformedTimeExtensions());
        gauge(pipeline, "bwe.sessions", "sessions open", shard, c.sessions());
        counter(pipeline, "bwe.sessions.opened", "sessions opened", shard, c.sessionsOpened());
        counter(pipeline, "bwe.sessions.closed", "sessions closed", shard, c.sessionsClosed());
        counter(pipeline, "bwe.sessions.rejected", "session opens refused by the session cap", shard,
            c.sessionsRejected());
        gauge(pipeline, "bwe.streams", "live streams over all sessions", shard, c.streams());
        counter(pipeline, "bwe.stream.evictions", "streams evicted after the stream timeout", shard, c.evictions());
        counter(pipeline, "bwe.rembs.sent", "REMBs handed to the sink", shard, c.rembsSent());
        counter(pipeline, "bwe.remb.sink.errors", "REMB sink calls that threw", shard, c.sinkErrors());
        pipelineMeters.add(Gauge.builder("bwe.ring.remaining", pipeline, p -> p.isClosed() ? Double.NaN
                : p.remainingCapacity())
            .description("free ring slots now").tags(shard).register(registry));
        pipelineMeters.add(Gauge.builder("bwe.ring.size", pipeline, BwePipeline::ringSize)
            .description("ring slots").tags(shard).register(registry));
        counter(pipeline, "bwe.ticks", "ticks published", shard, c.ticks());
        counter(pipeline, "bwe.ticks.skipped", "ticks not published because the stages were still behind", shard,
            c.ticksSkippedBehind());
        counter(pipeline, "bwe.stage.errors", "events a stage failed on", shard, c.stageErrors());
        counter(pipeline, "bwe.journal.records", "records journaled", shard, c.journalRecords());
        counter(pipeline, "bwe.journal.bytes", "bytes journaled", shard, c.journalBytes());
        counter(pipeline, "bwe.journal.failures", "journal failures (journaling then stops)", shard,
            c.journalFailures());
        counter(pipeline, "bwe.journal.gaps", "GAP records: times the journal fell behind and lost records", shard,
            c.journalGaps());
        counter(pipeline, "bwe.journal.records.lost", "journal records lost in gaps (never packets)", shard,
            c.journalLostRecords());
        gauge(pipeline, "bwe.journal.lag.records", "records handed to the journal, not yet written", shard,
            c.journalLagRecords());
    }

    /** A counter label as a Prometheus-friendly tag value: "bad padding" → "bad_padding". */
    static String reasonTag(final String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_|_$", "");
    }

    private void counter(final BwePipeline pipeline, final String name, final String description, final Tags tags,
                         final AtomicCounter counter) {
        pipelineMeters.add(FunctionCounter.builder(name, counter, read(pipeline))
            .description(description).tags(tags).register(registry));
    }

    private void gauge(final BwePipeline pipeline, final String name, final String description, final Tags tags,
                       final AtomicCounter counter) {
        pipelineMeters.add(Gauge.builder(name, counter, read(pipeline)).description(description).tags(tags)
            .strongReference(true).register(registry));
    }

    /** Reads a counter unless its pipeline closed (its counters file may be unmapped by then). */
    private static ToDoubleFunction<AtomicCounter> read(final BwePipeline pipeline) {
        return counter -> pipeline.isClosed() ? Double.NaN : counter.get();
    }

    private synchronized void addSession(final int shard, final long sessionId) {
        if (closed || registry == null) {
            return;
        }
        final BwePipeline pipeline = pipelines.get(indexOf(shard));
        final Long2ObjectHashMap<Meter[]> meters = sessionMeters.get(indexOf(shard));
        if (meters.containsKey(sessionId)) {
            return;
        }
        final var status = pipeline.sessionStatus(sessionId);
        if (status == null) {
            return; // closed again already
        }
        if (metered >= maxSessionMeters) {
            unmetered++;
            return;
        }
        final Tags tags = Tags.of("shard", Integer.toString(shard), "session", Long.toString(sessionId));
        meters.put(sessionId, new Meter[] {
            Gauge.builder("bwe.session.estimate.bps", pipeline, p -> p.latestEstimateBps(sessionId))
                .description("the session's latest estimate, bits per second (0 before the first)")
                .tags(tags).strongReference(true).register(registry),
            Gauge.builder("bwe.session.streams", status, s -> s.streams())
                .description("the session's live streams").tags(tags).strongReference(true).register(registry),
        });
        metered++;
    }

    private synchronized void removeSession(final int shard, final long sessionId) {
        final Meter[] meters = sessionMeters.get(indexOf(shard)).remove(sessionId);
        if (meters != null) {
            metered--;
            if (registry != null) {
                for (final Meter meter : meters) {
                    registry.remove(meter);
                }
            }
        }
    }

    private int indexOf(final int shard) {
        for (int i = 0; i < pipelines.size(); i++) {
            if (pipelines.get(i).shard() == shard) {
                return i;
            }
        }
        throw new IllegalArgumentException("no pipeline of shard " + shard + " bound here");
    }

    private synchronized double unmetered() {
        return unmetered;
    }

    private synchronized double metered() {
        return metered;
    }

    /** Sessions with per-session meters now. */
    public synchronized int meteredSessions() {
        return metered;
    }

    /** Removes every meter this binding added and stops listening to the pipelines. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (final BwePipeline pipeline : pipelines) {
            pipeline.removeSessionListener(listener);
        }
        if (registry == null) {
            return;
        }
        for (final Long2ObjectHashMap<Meter[]> meters : sessionMeters) {
            for (final Meter[] sessionMeterSet : meters.values()) {
                for (final Meter meter : sessionMeterSet) {
                    registry.remove(meter);
                }
            }
            meters.clear();
        }
        metered = 0;
        for (final Meter meter : pipelineMeters) {
            registry.remove(meter);
        }
        pipelineMeters.clear();
    }

    /** Adds and removes a session's meters as it opens and closes (on the opening/closing thread). */
    private final class Listener implements SessionListener {
        @Override
        public void onSessionOpened(final int shard, final long sessionId) {
            addSession(shard, sessionId);
        }

        @Override
        public void onSessionClosed(final int shard, final long sessionId) {
            removeSession(shard, sessionId);
        }
    }
}
