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
import dev.bwe.pipeline.jfr.BweJfr;
import dev.bwe.pipeline.stat.PipelineCounters;
import dev.bwe.pipeline.stat.SessionStatus;
import dev.bwe.pipeline.stat.SessionStatusTable;
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
 *
 * <p>Ticks cost what is due: each session sits in a {@link DeadlineQueue} at the earliest µs at which
 * a tick could change it (its oldest stream times out, or its last REMB is due again), and a tick
 * visits only the sessions due. Before that time a tick's eviction and re-send change nothing, so the
 * REMBs are those of visiting every session on every tick.
 */
public final class TimerStage implements Stage, RembSender {
    private static final System.Logger LOG = System.getLogger(TimerStage.class.getName());

    private final Long2ObjectHashMap<SessionTimer> sessions = new Long2ObjectHashMap<>();
    private final DeadlineQueue deadlines = new DeadlineQueue();
    private NextDeadline nextDeadline = new NextDeadline();
    private final PipelineCounters counters;
    private final RembSink sink;
    private final int rembSenderSsrc;
    private final long rembResendIntervalUs;
    private final RingGauge ringGauge;
    private final EventRecorder recorder;
    private EstimateObserver estimateObserver = EstimateObserver.NONE;
    private SessionStatusTable statusTable = SessionStatusTable.NONE;
    private final UnsafeBuffer rembBuffer =
        new UnsafeBuffer(new byte[RembEncoder.encodedLength(RembEncoder.MAX_SSRC_COUNT)]);
    private final RembEncoder encoder = new RembEncoder();
    private final RembFlyweight view = new RembFlyweight();

    private SessionTimer current;
    private long currentTimeNs;
    /** True while ticks drive the schedulers: a REMB sent then is a re-send (for the JFR event). */
    private boolean resending;
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
                if (event.estimatorSwitch != 0) {
                    recorder.recordEstimatorSwitch(event.timeNs, event.sessionId, event.ssrc, event.estimatorSwitch);
                }
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
            case EventType.REMOVE_STREAM:
                onRemoveStream(event.sessionId, (int) event.controlA);
                break;
            case EventType.SET_REMB_SENDER_SSRC:
                onSenderSsrc(event.sessionId, (int) event.controlA);
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
        final SessionTimer timer = new SessionTimer(event.sessionId, config.maxStreams(), config.streamTimeoutUs(),
            rembSenderSsrc);
        timer.scheduler = new RembScheduler(this, rembResendIntervalUs);
        timer.status = statusTable.writerFor(event.sessionId);
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

    /** The relay removed the stream: it leaves the REMB list now, as it leaves the estimator. */
    private void onRemoveStream(final long sessionId, final int ssrc) {
        final SessionTimer timer = sessions.get(sessionId);
        if (timer != null && timer.live.remove(ssrc)) {
            streamCount--;
            counters.streams().setOrdered(streamCount);
            timer.status.streams(timer.live.size());
        }
    }

    private void onSenderSsrc(final long sessionId, final int ssrc) {
        final SessionTimer timer = sessions.get(sessionId);
        if (timer != null) {
            timer.senderSsrc = ssrc;
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
            timer.status.streams(timer.live.size());
        }
        final int previousState = timer.status.swapDetectorState(event.detectorState);
        if (previousState != event.detectorState) {
            BweJfr.detectorState(timer.sessionId, nowUs, previousState, event.detectorState);
        }
        if (event.estimateUpdated) {
            estimateObserver.onEstimate(event.timeNs, event.sessionId, event.estimateBitrateBps, timer.live);
            current = timer;
            currentTimeNs = event.timeNs;
            timer.status.estimateBps(event.estimateBitrateBps);
            timer.scheduler.onEstimate(nowUs, event.estimateBitrateBps, timer.live);
            current = null;
        }
        // What this packet can bring forward: its stream's timeout (earlier than what is queued only for a
        // session without streams or when arrival times went backwards) and a first REMB's re-send.
        final long dueUs = Math.min(nowUs + timer.streamTimeoutUs + 1, timer.scheduler.resendDueUs());
        if (dueUs < timer.deadlineUs) {
            schedule(timer, dueUs);
        }
    }

    private void onTick(final PipelineEvent event) {
        final long nowUs = event.timeUs();
        currentTimeNs = event.timeNs;
        resending = true;
        while (deadlines.hasDue(nowUs)) {
            final long dueUs = deadlines.earliestUs();
            final SessionTimer timer = sessions.get(deadlines.earliestSessionId());
            deadlines.removeEarliest();
            if (timer == null || timer.deadlineUs != dueUs) {
                continue; // stale: the session closed or was queued again for another time
            }
            timer.deadlineUs = DeadlineQueue.NONE;
            evictIdle(timer, nowUs);
            current = timer;
            timer.scheduler.onTick(nowUs, timer.live);
            current = null;
            final long nextUs = nextDueUs(timer);
            if (nextUs != DeadlineQueue.NONE) {
                schedule(timer, nextUs);
            }
        }
        current = null;
        resending = false;
        nextDeadline.set(deadlines.earliestUs());
        counters.ringRemainingCapacity().setOrdered(ringGauge.remainingCapacity());
    }

    /** The earliest µs at which a tick could change {@code timer}: a stream times out or a re-send is due. */
    private static long nextDueUs(final SessionTimer timer) {
        if (timer.live.size() == 0) {
            return DeadlineQueue.NONE; // nothing to evict, nobody to re-send to: the next packet queues it
        }
        final long timeoutUs = timer.live.oldestLastSeenUs() + timer.streamTimeoutUs + 1;
        return Math.min(timeoutUs, timer.scheduler.resendDueUs());
    }

    private void schedule(final SessionTimer timer, final long dueUs) {
        timer.deadlineUs = dueUs;
        deadlines.schedule(timer.sessionId, dueUs);
        if (dueUs < nextDeadline.get()) {
            nextDeadline.set(dueUs);
        }
    }

    private void evictIdle(final SessionTimer timer, final long nowUs) {
        final int evicted = timer.live.removeIdle(nowUs, timer.streamTimeoutUs);
        if (evicted > 0) {
            streamCount -= evicted;
            counters.evictions().getAndAddOrdered(evicted);
            counters.streams().setOrdered(streamCount);
            timer.status.streams(timer.live.size());
            BweJfr.streamsEvicted(timer.sessionId, nowUs, evicted, timer.live.size());
        }
    }

    @Override
    public void sendRemb(final long nowUs, final long bitrateBps, final SsrcSet ssrcs) {
        final SessionTimer timer = current;
        final int length = encoder.encode(timer.senderSsrc, bitrateBps, ssrcs);
        view.set(timer.sessionId, currentTimeNs, bitrateBps, ssrcs, rembBuffer, length);
        counters.rembsSent().incrementOrdered();
        BweJfr.rembSent(timer.sessionId, nowUs, bitrateBps, ssrcs.size(), resending, timer.lastRembBps);
        timer.lastRembBps = bitrateBps;
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

    /** Publishes each session's latest estimate, streams and detector state there; call before the stage starts. */
    public TimerStage sessionStatus(final SessionStatusTable table) {
        this.statusTable = table;
        return this;
    }

    /** Where this stage publishes its earliest deadline, for the tick source; call before the stage starts. */
    public TimerStage nextDeadline(final NextDeadline published) {
        this.nextDeadline = published;
        return this;
    }

    /** Deadline entries queued, stale ones included (for tests and leak checks). */
    public int queuedDeadlines() {
        return deadlines.size();
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
        deadlines.clear();
        nextDeadline.set(NextDeadline.NONE);
        streamCount = 0;
        recorder.close();
    }

    /** One session's liveness table and REMB schedule. */
    private static final class SessionTimer {
        final long sessionId;
        final LiveStreams live;
        final long streamTimeoutUs;
        RembScheduler scheduler;
        /** What readers on other threads see of this session (lock-free). */
        SessionStatus status;
        /** The bitrate of the session's last REMB (tells a drop from a rise in the JFR event). */
        long lastRembBps;
        /** The sender SSRC of this session's REMBs: the pipeline's until a SET_REMB_SENDER_SSRC. */
        int senderSsrc;
        /** When this session is queued for its next tick visit, µs; {@link DeadlineQueue#NONE} when not. */
        long deadlineUs = DeadlineQueue.NONE;

        SessionTimer(final long sessionId, final int maxStreams, final long streamTimeoutUs, final int senderSsrc) {
            this.sessionId = sessionId;
            this.live = new LiveStreams(maxStreams);
            this.streamTimeoutUs = streamTimeoutUs;
            this.senderSsrc = senderSsrc;
        }
    }
}
