package dev.bwe.pipeline.stage;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.LiveStreams;
import dev.bwe.estimator.SsrcSet;
import dev.bwe.estimator.remb.RembEncoder;
import dev.bwe.estimator.remb.RembScheduler;
import dev.bwe.estimator.remb.RembSender;
import dev.bwe.pipeline.EstimateObserver;
import dev.bwe.pipeline.RembSink;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.stat.PipelineCounters;
import java.lang.System.Logger.Level;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Last stage: owns stream liveness (session → SSRC → last arrival) and each session's REMB schedule,
 * and hands REMBs to the {@link RembSink}. On a packet the estimator took, it refreshes the stream and
 * forwards an estimate update to the scheduler (at once on a drop of 3 % or more, else at most every
 * 200 ms); on a tick it evicts streams idle for more than the stream timeout and lets the scheduler
 * repeat the last REMB to the live SSRCs. Its liveness rule is the estimator's, applied to the same
 * event times, so the SSRC list it sends is the estimator's list.
 */
public final class TimerStage implements Stage, RembSender {
    private static final System.Logger LOG = System.getLogger(TimerStage.class.getName());

    private final Long2ObjectHashMap<SessionTimer> sessions = new Long2ObjectHashMap<>();
    private final PipelineCounters counters;
    private final RembSink sink;
    private final int rembSenderSsrc;
    private final long rembResendIntervalUs;
    private final RingGauge ringGauge;
    private final EventRecorder recorder;
    private EstimateObserver estimateObserver = EstimateObserver.NONE;
    private final UnsafeBuffer rembBuffer =
        new UnsafeBuffer(new byte[RembEncoder.encodedLength(RembEncoder.MAX_SSRC_COUNT)]);
    private final RembEncoder encoder = new RembEncoder();
    private final RembFlyweight view = new RembFlyweight();

    private SessionTimer current;
    private long currentTimeNs;
    private long streamCount;

    /** Reports how much room the ring has left, for the counters; {@link #NONE} outside a ring. */
    @FunctionalInterface
    public interface RingGauge {
        long remainingCapacity();

        RingGauge NONE = () -> 0;
    }

    public TimerStage(final PipelineCounters counters, final RembSink sink, final int rembSenderSsrc,
                      final long rembResendIntervalUs, final RingGauge ringGauge) {
        this(counters, sink, rembSenderSsrc, rembResendIntervalUs, ringGauge, EventRecorder.NONE);
    }

    /**
     * As the other constructor, with a recorder (the journal) that sees every event before this stage
     * acts on it and every REMB before the sink.
     */
    public TimerStage(final PipelineCounters counters, final RembSink sink, final int rembSenderSsrc,
                      final long rembResendIntervalUs, final RingGauge ringGauge, final EventRecorder recorder) {
        this.recorder = recorder;
        this.counters = counters;
        this.sink = sink;
        this.rembSenderSsrc = rembSenderSsrc;
        this.rembResendIntervalUs = rembResendIntervalUs;
        this.ringGauge = ringGauge;
        encoder.wrap(rembBuffer, 0);
    }

    @Override
    public void onEvent(final PipelineEvent event) {
        // The journal copies the event now, in ring order, with every stage's outputs: it never reads
        // the slot later, so nothing waits for it.
        recorder.recordEvent(event);
        switch (event.type) {
            case EventType.PACKET:
                if (event.estimated()) {
                    onPacket(event);
                }
                break;
            case EventType.TICK:
                onTick(event);
                break;
            case EventType.OPEN_SESSION:
                onOpen(event);
                break;
            case EventType.CLOSE_SESSION:
                onClose(event.sessionId);
                break;
            default:
                break;
        }
        // The last stage to read the slot (the journal copied it above) drops its reference so settings
        // do not outlive the session.
        event.settings = null;
    }

    private void onOpen(final PipelineEvent event) {
        final EstimatorConfig config = event.settings.estimatorConfig();
        final SessionTimer timer = new SessionTimer(event.sessionId, config.maxStreams(), config.streamTimeoutUs());
        timer.scheduler = new RembScheduler(this, rembResendIntervalUs);
        final SessionTimer previous = sessions.put(event.sessionId, timer);
        if (previous != null) {
            streamCount -= previous.live.size();
        }
        counters.sessions().setOrdered(sessions.size());
        counters.streams().setOrdered(streamCount);
    }

    private void onClose(final long sessionId) {
        final SessionTimer timer = sessions.remove(sessionId);
        if (timer != null) {
            streamCount -= timer.live.size();
            counters.sessions().setOrdered(sessions.size());
            counters.streams().setOrdered(streamCount);
        }
    }

    private void onPacket(final PipelineEvent event) {
        final SessionTimer timer = sessions.get(event.sessionId);
        if (timer == null) {
            return;
        }
        final long nowUs = event.timeUs();
        evictIdle(timer, nowUs);
        final int before = timer.live.size();
        timer.live.put(event.ssrc, nowUs);
        if (timer.live.size() != before) {
            streamCount++;
            counters.streams().setOrdered(streamCount);
        }
        if (event.estimateUpdated) {
            estimateObserver.onEstimate(event.timeNs, event.sessionId, event.estimateBitrateBps, timer.live);
            current = timer;
            currentTimeNs = event.timeNs;
            timer.scheduler.onEstimate(nowUs, event.estimateBitrateBps, timer.live);
            current = null;
        }
    }

    private void onTick(final PipelineEvent event) {
        final long nowUs = event.timeUs();
        currentTimeNs = event.timeNs;
        for (final SessionTimer timer : sessions.values()) {
            evictIdle(timer, nowUs);
            current = timer;
            timer.scheduler.onTick(nowUs, timer.live);
        }
        current = null;
        counters.ringRemainingCapacity().setOrdered(ringGauge.remainingCapacity());
    }

    private void evictIdle(final SessionTimer timer, final long nowUs) {
        final int evicted = timer.live.removeIdle(nowUs, timer.streamTimeoutUs);
        if (evicted > 0) {
            streamCount -= evicted;
            counters.evictions().getAndAddOrdered(evicted);
            counters.streams().setOrdered(streamCount);
        }
    }

    @Override
    public void sendRemb(final long nowUs, final long bitrateBps, final SsrcSet ssrcs) {
        final SessionTimer timer = current;
        final int length = encoder.encode(rembSenderSsrc, bitrateBps, ssrcs);
        view.set(timer.sessionId, currentTimeNs, bitrateBps, ssrcs, rembBuffer, length);
        counters.rembsSent().incrementOrdered();
        // Recorded before the sink runs, so a REMB is journaled even when the relay's sink throws.
        recorder.recordRemb(view);
        try {
            sink.onRemb(view);
        } catch (final Throwable t) {
            final long errors = counters.sinkErrors().get() + 1;
            counters.sinkErrors().setOrdered(errors);
            // Log the first failure and then every 1000th, so a broken sink cannot flood the log.
            if (errors == 1 || errors % 1000 == 0) {
                LOG.log(Level.WARNING, "REMB sink failed (" + errors + " failures so far); the pipeline goes on", t);
            }
        }
    }

    /** Sets who is told of every estimate update; call before the stage starts. */
    public TimerStage estimateObserver(final EstimateObserver observer) {
        this.estimateObserver = observer;
        return this;
    }

    /** Sessions this stage knows (for tests and leak checks). */
    public int sessionCount() {
        return sessions.size();
    }

    /** Live streams over all sessions. */
    public long streamCount() {
        return streamCount;
    }

    @Override
    public void onShutdown() {
        sessions.clear();
        streamCount = 0;
        recorder.close();
    }

    /** One session's liveness table and REMB schedule. */
    private static final class SessionTimer {
        final long sessionId;
        final LiveStreams live;
        final long streamTimeoutUs;
        RembScheduler scheduler;

        SessionTimer(final long sessionId, final int maxStreams, final long streamTimeoutUs) {
            this.sessionId = sessionId;
            this.live = new LiveStreams(maxStreams);
            this.streamTimeoutUs = streamTimeoutUs;
        }
    }
}
