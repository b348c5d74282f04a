package dev.bwe.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.EventHandlerGroup;
import com.lmax.disruptor.dsl.ProducerType;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.remb.RembScheduler;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.jfr.BweJfr;
import dev.bwe.pipeline.journal.JournalConfig;
import dev.bwe.pipeline.journal.JournalHeader;
import dev.bwe.pipeline.journal.PipelineJournal;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stage.EstimateStage;
import dev.bwe.pipeline.stage.LatestEstimates;
import dev.bwe.pipeline.stage.NextDeadline;
import dev.bwe.pipeline.stage.ParseStage;
import dev.bwe.pipeline.stage.EventRecorder;
import dev.bwe.pipeline.stage.Stage;
import dev.bwe.pipeline.stage.TimerStage;
import dev.bwe.pipeline.stat.CountersFile;
import dev.bwe.pipeline.stat.PipelineCounters;
import dev.bwe.pipeline.stat.SessionCounters;
import dev.bwe.pipeline.stat.SessionStatus;
import dev.bwe.pipeline.stat.SessionStatusTable;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.status.CountersManager;

/**
 * bwe's pipeline for one shard: the relay publishes received RTP packets, the pipeline parses them,
 * runs each session's estimator and hands REMBs to a {@link RembSink}.
 *
 * <pre>
 * relay threads --publishPacket--> +---------- Disruptor ring (preallocated slots) ----------+
 * control queue -> timer agent ---> | parse --> estimate --> timer/REMB --> RembSink          |
 *   (open/close, ticks)            +---------------------------|-----------------------------+
 *                                        copies, never waits  v
 *                                  journal buffer --> journal thread --> Chronicle queue
 * </pre>
 *
 * <p>The journal is a leaf (see {@code pipeline/README.md}): the timer stage copies each event, its
 * estimate update and its REMBs into the journal's own bounded buffer without waiting; when the
 * journal falls behind, it loses journal records (and writes a GAP), never packets or REMB timing.
 *
 * <p>Publishing a packet never blocks and allocates nothing: when the ring is full the packet is
 * dropped and counted. Open and close go through a queue to the one thread that publishes control and
 * tick events, so they are never lost. No stage reads a clock: times come with the events.
 *
 * <p>Arrival times must be in the same clock as the ticks: {@link System#nanoTime()} unless the
 * builder was given another {@link NanoClock}.
 */
public final class BwePipeline implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(BwePipeline.class.getName());

    private final Builder config;
    private final Disruptor<PipelineEvent> disruptor;
    private final RingBuffer<PipelineEvent> ring;
    private final PipelineCounters counters;
    /** Where the counters live; per-session rows are allocated here too (under its lock). */
    private final CountersManager countersManager;
    private final CountersFile ownedCountersFile;
    private final ControlPublisher control;
    private final AgentRunner agentRunner;
    private final ParseStage parseStage;
    private final EstimateStage estimateStage;
    private final LatestEstimates latestEstimates;
    private final TimerStage timerStage;
    private final Stage extraStage;
    private final PipelineJournal journal;
    private final TrackingThreadFactory threads;
    private final int headerCapacity;
    /** {@link Builder#stagesOnCallerThread}: the stages, run on the publishing thread; null otherwise. */
    private final StageHandler callerStages;
    /** {@link Builder#stagesOnCallerThread}: the last slot the caller's stages processed (gates the ring). */
    private final Sequence callerSequence = new Sequence(-1);
    private final CountingExceptionHandler exceptionHandler;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Open sessions' live streams and detector state, readable from any thread; written by the timer stage. */
    private final SessionStatusTable statusTable = new SessionStatusTable();
    private final CopyOnWriteArrayList<SessionListener> sessionListeners = new CopyOnWriteArrayList<>();
    /** Sessions with a row in the counters file now (one element: also the lock). */
    private final int[] publishedSessions = new int[1];
    private volatile boolean closing;

    private BwePipeline(final Builder b) {
        this.config = b;
        this.headerCapacity = b.headerCapacityBytes;
        final String prefix = "bwe-" + b.shard + "-";
        if (b.countersManager != null) {
            ownedCountersFile = null;
            countersManager = b.countersManager;
        } else if (b.countersFile != null) {
            ownedCountersFile = CountersFile.create(b.countersFile, b.countersCapacity(1));
            countersManager = ownedCountersFile.manager();
        } else {
            ownedCountersFile = null;
            countersManager = CountersFile.inMemory(64 + b.sessionCounterRows());
        }
        counters = new PipelineCounters(countersManager, b.shard);
        threads = new TrackingThreadFactory(prefix);
        disruptor = new Disruptor<>(() -> new PipelineEvent(b.headerCapacityBytes), b.ringSize, threads,
            b.producerType, b.waitStrategy.create());
        exceptionHandler = new CountingExceptionHandler(counters);
        disruptor.setDefaultExceptionHandler(exceptionHandler);

        parseStage = new ParseStage(counters);
        final NextDeadline estimateDeadline = new NextDeadline();
        final NextDeadline timerDeadline = new NextDeadline();
        latestEstimates = new LatestEstimates(b.maxSessions);
        estimateStage = new EstimateStage(counters, latestEstimates, estimateDeadline);
        final RingBuffer<PipelineEvent> ringRef = disruptor.getRingBuffer();
        final EventRecorder recorder;
        if (b.journalConfig != null) {
            // The journal is a leaf: the timer stage copies into its buffer, its own thread writes the queue.
            final JournalHeader header = new JournalHeader(b.shard, System.currentTimeMillis(), b.clock.nanoTime(),
                b.tickIntervalNs, b.headerCapacityBytes, b.rembResendIntervalUs, b.rembSenderSsrc,
                b.maxStreamsPerSession, b.estimatorConfig);
            journal = new PipelineJournal(b.journalConfig, header, counters, prefix + "journal");
            recorder = journal.recorder();
        } else {
            journal = null;
            recorder = EventRecorder.NONE;
        }
        timerStage = new TimerStage(counters, b.rembSink, b.rembSenderSsrc, b.rembResendIntervalUs,
            ringRef::remainingCapacity, recorder).estimateObserver(b.estimateObserver).sessionStatus(statusTable)
            .nextDeadline(timerDeadline);
        extraStage = b.extraStage == null ? null : b.extraStage.create(counters, b.shard);

        if (b.stagesOnCaller) {
            callerStages = new StageHandler(prefix + "caller", extraStage == null
                ? new Stage[] {parseStage, estimateStage, timerStage}
                : new Stage[] {parseStage, estimateStage, extraStage, timerStage});
        } else if (b.threadingMode == ThreadingMode.COMPACT) {
            callerStages = null;
            final Stage[] all = extraStage == null
                ? new Stage[] {parseStage, estimateStage, timerStage}
                : new Stage[] {parseStage, estimateStage, extraStage, timerStage};
            disruptor.handleEventsWith(new StageHandler(prefix + "stages", all));
        } else {
            callerStages = null;
            final EventHandlerGroup<PipelineEvent> afterParse =
                disruptor.handleEventsWith(new StageHandler(prefix + "parse", parseStage));
            final EventHandlerGroup<PipelineEvent> middle = extraStage == null
                ? afterParse.then(new StageHandler(prefix + "estimate", estimateStage))
                : afterParse.then(new StageHandler(prefix + "estimate", estimateStage),
                    new StageHandler(prefix + "extra", extraStage));
            middle.then(new StageHandler(prefix + "timer", timerStage));
        }
        if (journal != null) {
            journal.start(threads);
        }
        ring = disruptor.start();
        if (callerStages != null) {
            ring.addGatingSequences(callerSequence);
            callerStages.startOnCaller();
        }
        control = new ControlPublisher(ring, counters, b.maxSessions);
        if (b.tickSource == TickSource.AGENT) {
            final RingBuffer<PipelineEvent> published = ring;
            final TimerAgent agent = new TimerAgent(control, b.clock, b.tickIntervalNs, prefix + "timer-agent",
                new NextDeadline[] {estimateDeadline, timerDeadline},
                tickSequence -> published.getMinimumGatingSequence() >= tickSequence,
                () -> counters.ticksSkippedBehind().incrementOrdered());
            control.onSubmit(agent::wake);
            agentRunner = new AgentRunner(new TimerAgent.UntilNextTick(agent, b.tickIntervalNs),
                t -> LOG.log(Level.ERROR, "timer agent error", t), null, agent);
            AgentRunner.startOnThread(agentRunner, threads);
        } else {
            agentRunner = null;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Opens a session with the pipeline's default estimator settings.
     *
     * @throws IllegalStateException when the session is already open, the session cap is reached, or the
     *     pipeline is closed
     */
    public void openSession(final long sessionId, final ExtensionIds extensionIds) {
        openSession(sessionId, new SessionSettings(extensionIds, config.estimatorConfig));
    }

    /**
     * Opens a session. Returns once the OPEN event is in the ring, so every packet published afterwards
     * by any thread is processed with it.
     */
    public void openSession(final long sessionId, final SessionSettings settings) {
        Objects.requireNonNull(settings, "settings");
        final int maxStreams = settings.estimatorConfig().maxStreams();
        final SessionSettings capped = maxStreams <= config.maxStreamsPerSession ? settings
            : settings.withEstimatorConfig(
                settings.estimatorConfig().toBuilder().maxStreams(config.maxStreamsPerSession).build());
        ensureOpen(); // before a row is allocated in a counters file that close() may have unmapped
        final SessionStatus status = statusTable.contains(sessionId) ? null
            : statusTable.register(new SessionStatus(sessionId, publishSession(sessionId)));
        try {
            submitAndWait(ControlCommand.open(sessionId, capped));
        } catch (final RuntimeException e) {
            if (status != null && statusTable.unregister(status)) {
                release(status);
            }
            throw e;
        }
        notifySession(sessionId, true);
    }

    /** A row in the counters file for {@code bwe stat}, while fewer than the builder's cap are published. */
    private SessionCounters publishSession(final long sessionId) {
        if (config.sessionCounters == 0) {
            return null;
        }
        synchronized (publishedSessions) {
            if (publishedSessions[0] >= config.sessionCounters) {
                return null;
            }
            final SessionCounters row = SessionCounters.allocate(countersManager, config.shard, sessionId);
            if (row != null) {
                publishedSessions[0]++;
            }
            return row;
        }
    }

    private void release(final SessionStatus status) {
        final SessionCounters row = status.published();
        if (row != null) {
            row.close();
            synchronized (publishedSessions) {
                publishedSessions[0]--;
            }
        }
    }

    /** Closes a session (a no-op when it is not open); every stage lets go of it. */
    public void closeSession(final long sessionId) {
        submitAndWait(ControlCommand.close(sessionId));
        final SessionStatus removed = statusTable.remove(sessionId);
        if (removed != null) {
            release(removed);
            notifySession(sessionId, false);
        }
    }

    /** Off the packet path, on the caller's thread: the JFR event, then every listener. */
    private void notifySession(final long sessionId, final boolean opened) {
        BweJfr.session(config.shard, sessionId, opened);
        for (final SessionListener listener : sessionListeners) {
            try {
                if (opened) {
                    listener.onSessionOpened(config.shard, sessionId);
                } else {
                    listener.onSessionClosed(config.shard, sessionId);
                }
            } catch (final RuntimeException e) {
                LOG.log(Level.WARNING, "session listener failed on session " + sessionId + "; going on", e);
            }
        }
    }

    /**
     * Adds a listener told of every session opened or closed from now on (see {@link SessionListener});
     * sessions already open are not replayed to it: {@link #forEachOpenSession} lists them.
     */
    public void addSessionListener(final SessionListener listener) {
        sessionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeSessionListener(final SessionListener listener) {
        sessionListeners.remove(listener);
    }

    /**
     * An open session's live stream count and detector state, or null when the session is not open. Any
     * thread, no lock; the values are at most a packet behind the timer stage.
     */
    public SessionStatus sessionStatus(final long sessionId) {
        return statusTable.get(sessionId);
    }

    /** Calls {@code action} with the id of every session open now (weakly consistent; any thread). */
    public void forEachOpenSession(final LongConsumer action) {
        statusTable.forEachSession(action);
    }

    /** This pipeline's shard index. */
    public int shard() {
        return config.shard;
    }

    /**
     * Tells the session's rate control the round-trip time to the sender, as libwebrtc's
     * {@code OnRttUpdate(avg_rtt)} does: it sets how soon another decrease may follow and how fast the
     * estimate grows near its maximum. Enters the ring in order with the packets (waiting for a slot, as
     * {@link #openSession} does) and is journaled.
     *
     * @param rttMs the average RTT, ms (a relay learns it from RTCP receiver reports), &gt;= 0
     * @throws IllegalStateException when the session is not open or the pipeline is closed
     */
    public void updateRtt(final long sessionId, final long rttMs) {
        if (rttMs < 0 || rttMs > Long.MAX_VALUE / 1000) {
            throw new IllegalArgumentException("rttMs must be >= 0, was " + rttMs);
        }
        submitAndWait(ControlCommand.control(EventType.RTT_UPDATE, sessionId, rttMs * 1000, 0));
    }

    /**
     * Bounds the session's estimate from now on (the estimate is clamped at once and every later update
     * stays within): e.g. the most the relay wants to receive from this peer. Through the ring, journaled.
     *
     * @throws IllegalArgumentException unless 0 &lt;= minBps &lt;= maxBps
     * @throws IllegalStateException when the session is not open or the pipeline is closed
     */
    public void setBitrateBounds(final long sessionId, final long minBps, final long maxBps) {
        if (minBps < 0 || maxBps < minBps) {
            throw new IllegalArgumentException("need 0 <= minBps <= maxBps, was " + minBps + ", " + maxBps);
        }
        submitAndWait(ControlCommand.control(EventType.BITRATE_BOUNDS, sessionId, minBps, maxBps));
    }

    /**
     * The relay stopped receiving this stream (libwebrtc {@code RemoveStream}): the estimator and the
     * REMB list let go of it now rather than after the stream timeout. A no-op when the session or the
     * stream is not there. Through the ring, journaled.
     */
    public void removeStream(final long sessionId, final int ssrc) {
        submitAndWait(ControlCommand.control(EventType.REMOVE_STREAM, sessionId, ssrc & 0xFFFFFFFFL, 0));
    }

    /**
     * Changes the sender SSRC of the session's REMBs from now on (at open, {@link
     * SessionSettings#withRembSenderSsrc} sets it). Through the ring, journaled.
     *
     * @throws IllegalStateException when the session is not open or the pipeline is closed
     */
    public void setRembSenderSsrc(final long sessionId, final int ssrc) {
        submitAndWait(ControlCommand.control(EventType.SET_REMB_SENDER_SSRC, sessionId, ssrc & 0xFFFFFFFFL, 0));
    }

    private void submitAndWait(final ControlCommand command) {
        ensureOpen();
        control.submit(command);
        if (agentRunner == null) {
            // Manual ticks: the caller is the control thread, and time is what the ticks say.
            control.drainAtLastTime();
            runStagesOnCaller();
        } else {
            final long deadlineNs = System.nanoTime() + config.controlTimeoutNs;
            while (command.state() == ControlCommand.PENDING) {
                if (System.nanoTime() - deadlineNs > 0) {
                    throw new IllegalStateException("timed out waiting for the timer agent to publish "
                        + "a session event; is the pipeline stalled?");
                }
                if (closing) {
                    throw new IllegalStateException("pipeline closed while opening/closing a session");
                }
                LockSupport.parkNanos(50_000);
            }
        }
        if (command.state() == ControlCommand.FAILED) {
            throw new IllegalStateException(command.failure());
        }
    }

    /**
     * Publishes a received packet with the current time of the pipeline's clock as arrival time.
     *
     * @return true when it entered the ring, false when the ring was full and it was dropped (counted)
     */
    public boolean publishPacket(final long sessionId, final DirectBuffer buffer, final int offset, final int length) {
        return publishPacket(sessionId, buffer, offset, length, config.clock.nanoTime());
    }

    /**
     * Publishes a received packet. Never blocks, never allocates. The first bytes (up to the slot's
     * header capacity), the full length and the last byte are copied; the payload is not needed.
     *
     * @param arrivalTimeNs the relay's receive time, ns, in the pipeline's clock
     * @return true when it entered the ring, false when the ring was full and it was dropped (counted)
     * @throws IllegalStateException after {@link #close()}
     * @throws IndexOutOfBoundsException when offset/length do not lie within the buffer
     */
    public boolean publishPacket(final long sessionId, final DirectBuffer buffer, final int offset, final int length,
                                 final long arrivalTimeNs) {
        ensureOpen();
        checkBounds(offset, length, buffer.capacity());
        final long sequence = claimSlot();
        if (sequence < 0) {
            return false;
        }
        try {
            final PipelineEvent event = ring.get(sequence);
            final int captured = Math.min(length, headerCapacity);
            fill(event, sessionId, arrivalTimeNs, length, captured,
                length == 0 ? 0 : buffer.getByte(offset + length - 1) & 0xFF);
            event.header.putBytes(0, buffer, offset, captured);
        } finally {
            ring.publish(sequence);
        }
        runStagesOnCaller();
        return true;
    }

    /** As {@link #publishPacket(long, DirectBuffer, int, int, long)}, from a byte array. */
    public boolean publishPacket(final long sessionId, final byte[] packet, final int offset, final int length,
                                 final long arrivalTimeNs) {
        ensureOpen();
        checkBounds(offset, length, packet.length);
        final long sequence = claimSlot();
        if (sequence < 0) {
            return false;
        }
        try {
            final PipelineEvent event = ring.get(sequence);
            final int captured = Math.min(length, headerCapacity);
            fill(event, sessionId, arrivalTimeNs, length, captured, length == 0 ? 0 : packet[offset + length - 1] & 0xFF);
            event.header.putBytes(0, packet, offset, captured);
        } finally {
            ring.publish(sequence);
        }
        runStagesOnCaller();
        return true;
    }

    /** Claims a slot without waiting: its sequence, or -1 when the ring is full (the packet is dropped, counted). */
    private long claimSlot() {
        counters.packetsPublished().increment();
        try {
            return ring.tryNext();
        } catch (final InsufficientCapacityException e) {
            counters.packetsDropped().increment();
            return -1;
        }
    }

    private static void fill(final PipelineEvent event, final long sessionId, final long arrivalTimeNs,
                             final int length, final int captured, final int lastByte) {
        event.type = EventType.PACKET;
        event.sessionId = sessionId;
        event.timeNs = arrivalTimeNs;
        event.packetLength = length;
        event.capturedLength = captured;
        event.lastByte = lastByte;
        event.settings = null;
        event.controlA = 0;
        event.controlB = 0;
        event.clearOutputs();
    }

    private static void checkBounds(final int offset, final int length, final int capacity) {
        if (offset < 0 || length < 0 || offset > capacity - length) {
            throw new IndexOutOfBoundsException("packet [offset " + offset + ", length " + length
                + "] outside a buffer of " + capacity + " bytes");
        }
    }

    /**
     * Publishes a tick at {@code nowNs} (and any pending open/close). Only with {@link TickSource#MANUAL};
     * the driver calls it from the thread that also opens and closes sessions.
     */
    public void tick(final long nowNs) {
        ensureOpen();
        if (agentRunner != null) {
            throw new IllegalStateException("ticks come from the timer agent; build with TickSource.MANUAL to drive them");
        }
        control.drain(nowNs);
        control.publishTick(nowNs);
        runStagesOnCaller();
    }

    /**
     * {@link Builder#stagesOnCallerThread}: runs the stages over every slot published and not processed yet,
     * on the publishing thread (a stage that throws is counted as on a consumer thread). No-op otherwise.
     */
    private void runStagesOnCaller() {
        if (callerStages == null) {
            return;
        }
        final long available = ring.getCursor();
        for (long next = callerSequence.get() + 1; next <= available; next++) {
            final PipelineEvent event = ring.get(next);
            try {
                callerStages.onEvent(event, next, next == available);
            } catch (final Throwable t) {
                exceptionHandler.handleEventException(t, next, event);
            }
            callerSequence.set(next);
        }
    }

    /**
     * Waits until every stage has processed everything published so far, and the journal (if any) has
     * written what the stages gave it.
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitDrained(final Duration timeout) {
        return awaitDrained(timeout, true);
    }

    /**
     * Waits until every stage has processed everything published so far, not waiting for the journal
     * (which no stage waits for either).
     *
     * @return false when {@code timeout} passed first
     */
    public boolean awaitStagesDrained(final Duration timeout) {
        return awaitDrained(timeout, false);
    }

    private boolean awaitDrained(final Duration timeout, final boolean journalToo) {
        runStagesOnCaller();
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        final long target = ring.getCursor();
        while (ring.getMinimumGatingSequence() < target || (journalToo && journal != null && !journal.caughtUp())) {
            if (System.nanoTime() - deadlineNs > 0) {
                return false;
            }
            LockSupport.parkNanos(20_000);
        }
        return true;
    }

    public PipelineCounters counters() {
        return counters;
    }

    /**
     * The session's latest estimate, bps: 0 when it has none yet or is not open. Any thread, no lock, no
     * allocation (for gauges and for a relay's own pacing decisions); it follows the estimate stage, so it
     * may trail the REMB sink by the events still in the ring.
     */
    public long latestEstimateBps(final long sessionId) {
        return latestEstimates.get(sessionId);
    }

    /**
     * What each stage holds now. Exact with {@link Builder#stagesOnCallerThread} or when the ring is drained
     * and nothing is published meanwhile; otherwise the stages' fields are read racily: a diagnostic only.
     */
    public StageOccupancy stageOccupancy() {
        return new StageOccupancy(parseStage.sessionCount(), estimateStage.sessionCount(),
            estimateStage.streamCount(), timerStage.sessionCount(), timerStage.streamCount());
    }

    /** Free slots in the ring now (a relay can watch it to shed load before packets are dropped). */
    public long remainingCapacity() {
        return ring.remainingCapacity();
    }

    /** The ring's size in slots. */
    public int ringSize() {
        return ring.getBufferSize();
    }

    /** The number of stage, journal and agent threads started by this pipeline (for leak checks). */
    public List<Thread> threads() {
        return threads.created();
    }

    ParseStage parseStage() {
        return parseStage;
    }

    EstimateStage estimateStage() {
        return estimateStage;
    }

    TimerStage timerStage() {
        return timerStage;
    }

    private void ensureOpen() {
        if (closing) {
            throw new IllegalStateException("bwe pipeline is closed");
        }
    }

    /**
     * Stops the timer agent, lets the stages drain what is in the ring, stops and joins every thread and
     * closes what the stages hold (the journal among them). Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        closing = true;
        if (agentRunner != null) {
            agentRunner.close();
        }
        if (callerStages != null) {
            runStagesOnCaller();
            callerStages.onShutdown();
        }
        try {
            disruptor.shutdown(config.shutdownTimeoutNs, TimeUnit.NANOSECONDS);
        } catch (final TimeoutException e) {
            LOG.log(Level.WARNING, "bwe pipeline did not drain within " + config.shutdownTimeoutNs / 1_000_000
                + " ms (a stalled sink?); halting with events unprocessed");
            disruptor.halt();
        }
        if (journal != null) {
            // After the stages: the journal writes what they left in its buffer, then closes its queue.
            journal.close();
        }
        threads.joinAll(config.shutdownTimeoutNs);
        // Sessions still open go away with the pipeline: their listeners' meters too.
        statusTable.drain(status -> {
            release(status);
            notifySession(status.sessionId(), false);
        });
        // The counters go back to their manager (shards share one, and a relay may restart a shard): their
        // last values stay readable through counters() until the manager reuses them.
        counters.close();
        if (ownedCountersFile != null) {
            ownedCountersFile.close();
        }
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return closing;
    }

    /** Adapts a {@link Stage} (or several, in order: compact mode) to the Disruptor. */
    private static final class StageHandler implements EventHandler<PipelineEvent> {
        private final String name;
        private final Stage[] stages;

        StageHandler(final String name, final Stage... stages) {
            this.name = name;
            this.stages = stages;
        }

        @Override
        public void onEvent(final PipelineEvent event, final long sequence, final boolean endOfBatch) {
            for (final Stage stage : stages) {
                stage.onEvent(event);
            }
        }

        @Override
        public void onStart() {
            Thread.currentThread().setName(name);
            startOnCaller();
        }

        /** Starts the stages on the current thread, keeping its name ({@link Builder#stagesOnCallerThread}). */
        void startOnCaller() {
            for (final Stage stage : stages) {
                stage.onStart();
            }
        }

        @Override
        public void onShutdown() {
            for (final Stage stage : stages) {
                stage.onShutdown();
            }
        }
    }

    /** A stage that throws is counted and logged; its processor goes on with the next event. */
    private static final class CountingExceptionHandler implements ExceptionHandler<PipelineEvent> {
        private final PipelineCounters counters;

        CountingExceptionHandler(final PipelineCounters counters) {
            this.counters = counters;
        }

        @Override
        public void handleEventException(final Throwable ex, final long sequence, final PipelineEvent event) {
            counters.stageErrors().increment();
            final long errors = counters.stageErrors().get();
            if (errors == 1 || errors % 1000 == 0) {
                LOG.log(Level.ERROR, "bwe stage failed on a " + EventType.name(event.type)
                    + " event (" + errors + " failures so far); going on", ex);
            }
        }

        @Override
        public void handleOnStartException(final Throwable ex) {
            LOG.log(Level.ERROR, "bwe stage failed to start", ex);
        }

        @Override
        public void handleOnShutdownException(final Throwable ex) {
            LOG.log(Level.ERROR, "bwe stage failed to shut down cleanly", ex);
        }
    }

    /** Names the pipeline's threads and remembers them so {@link #close()} can join every one. */
    private static final class TrackingThreadFactory implements ThreadFactory {
        private final String prefix;
        private final List<Thread> created = new ArrayList<>();
        private int count;

        TrackingThreadFactory(final String prefix) {
            this.prefix = prefix;
        }

        @Override
        public synchronized Thread newThread(final Runnable r) {
            final Thread thread = new Thread(r, prefix + "thread-" + count++);
            thread.setDaemon(true);
            created.add(thread);
            return thread;
        }

        synchronized List<Thread> created() {
            return new ArrayList<>(created);
        }

        void joinAll(final long timeoutNs) {
            final long deadlineNs = System.nanoTime() + timeoutNs;
            for (final Thread thread : created()) {
                final long leftMs = Math.max(1, (deadlineNs - System.nanoTime()) / 1_000_000);
                try {
                    thread.join(leftMs);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                if (thread.isAlive()) {
                    LOG.log(Level.WARNING, "bwe thread " + thread.getName() + " did not stop in time");
                }
            }
        }
    }

    /**
     * Settings of a pipeline. Defaults suit a 2-core machine: back-off waits (no producer locks, no
     * idle CPU), one thread per stage, a 5 ms tick, 16384 slots of 256 header bytes.
     */
    public static final class Builder {
        private int shard;
        private int ringSize = 16_384;
        private int headerCapacityBytes = 256;
        private ThreadingMode threadingMode = ThreadingMode.DEDICATED;
        private boolean stagesOnCaller;
        private WaitStrategyKind waitStrategy = WaitStrategyKind.BACKOFF;
        private ProducerType producerType = ProducerType.MULTI;
        private TickSource tickSource = TickSource.AGENT;
        private long tickIntervalNs = TimeUnit.MILLISECONDS.toNanos(5);
        private NanoClock clock = SystemNanoClock.INSTANCE;
        private RembSink rembSink = RembSink.NONE;
        private EstimateObserver estimateObserver = EstimateObserver.NONE;
        private int rembSenderSsrc = 1;
        private long rembResendIntervalUs = RembScheduler.DEFAULT_RESEND_INTERVAL_US;
        private int maxSessions = 10_000;
        private int maxStreamsPerSession = 64;
        private EstimatorConfig estimatorConfig;
        private EstimatorConfig baseEstimatorConfig = EstimatorConfig.DEFAULT;
        private Path countersFile;
        private CountersManager countersManager;
        private StageFactory extraStage;
        private JournalConfig journalConfig;
        private long controlTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private long shutdownTimeoutNs = TimeUnit.SECONDS.toNanos(10);
        private int sessionCounters;

        private Builder() {
        }

        /** Index of this pipeline among shards: names threads and counters. */
        public Builder shard(final int shard) {
            this.shard = requireAtLeast("shard", shard, 0);
            return this;
        }

        /** Ring slots; a power of two. */
        public Builder ringSize(final int slots) {
            if (slots < 2 || Integer.bitCount(slots) != 1) {
                throw new IllegalArgumentException("ringSize must be a power of two >= 2, was " + slots);
            }
            this.ringSize = slots;
            return this;
        }

        /** Bytes of each packet copied into its slot; the RTP header must fit (CSRCs and extensions included). */
        public Builder headerCapacityBytes(final int bytes) {
            this.headerCapacityBytes = requireAtLeast("headerCapacityBytes", bytes, 12);
            return this;
        }

        /**
         * No consumer thread at all (overrides {@link #threadingMode}): every stage runs on the thread that
         * publishes, in compact order, before the publish (or tick, or open/close) returns. Only with
         * {@link TickSource#MANUAL} and a single publishing thread. For simulated time (the simulator, tests),
         * where handing each batch to another thread costs more than the work; never for a relay, whose
         * receive thread would then run the stages. Default false.
         */
        public Builder stagesOnCallerThread(final boolean on) {
            this.stagesOnCaller = on;
            return this;
        }

        public Builder threadingMode(final ThreadingMode mode) {
            this.threadingMode = Objects.requireNonNull(mode, "threadingMode");
            return this;
        }

        public Builder waitStrategy(final WaitStrategyKind kind) {
            this.waitStrategy = Objects.requireNonNull(kind, "waitStrategy");
            return this;
        }

        /** SINGLE only when exactly one thread ever publishes packets (and ticks are manual on that thread). */
        public Builder producerType(final ProducerType type) {
            this.producerType = Objects.requireNonNull(type, "producerType");
            return this;
        }

        public Builder tickSource(final TickSource source) {
            this.tickSource = Objects.requireNonNull(source, "tickSource");
            return this;
        }

        /** How often the timer agent ticks (stream eviction and REMB re-send resolution). */
        public Builder tickInterval(final Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("tickInterval must be positive, was " + interval);
            }
            this.tickIntervalNs = interval.toNanos();
            return this;
        }

        /** The clock of ticks and of {@link #publishPacket(long, DirectBuffer, int, int)}; System.nanoTime by default. */
        public Builder clock(final NanoClock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder rembSink(final RembSink sink) {
            this.rembSink = Objects.requireNonNull(sink, "rembSink");
            return this;
        }

        /** Told of every estimate update, on the timer thread (tools and diagnostics; must not block). */
        public Builder estimateObserver(final EstimateObserver observer) {
            this.estimateObserver = Objects.requireNonNull(observer, "estimateObserver");
            return this;
        }

        /** The sender SSRC written into every REMB (the relay's RTCP SSRC for the session). */
        public Builder rembSenderSsrc(final int ssrc) {
            this.rembSenderSsrc = ssrc;
            return this;
        }

        /** How often the last REMB is repeated to the live SSRCs; zero disables. Default 1 s. */
        public Builder rembResendInterval(final Duration interval) {
            if (interval.isNegative()) {
                throw new IllegalArgumentException("rembResendInterval must not be negative, was " + interval);
            }
            this.rembResendIntervalUs = interval.toNanos() / 1000;
            return this;
        }

        /** Most sessions open at once; further opens fail and are counted. */
        public Builder maxSessions(final int sessions) {
            this.maxSessions = requireAtLeast("maxSessions", sessions, 1);
            return this;
        }

        /** Most streams (SSRCs) tracked per session; packets of further SSRCs are rejected and counted. */
        public Builder maxStreamsPerSession(final int streams) {
            if (streams < 1 || streams > EstimatorConfig.MAX_STREAMS_LIMIT) {
                throw new IllegalArgumentException("maxStreamsPerSession must be in 1.."
                    + EstimatorConfig.MAX_STREAMS_LIMIT + ", was " + streams);
            }
            this.maxStreamsPerSession = streams;
            return this;
        }

        /** Estimator settings for sessions opened with extension ids only. */
        public Builder estimatorConfig(final EstimatorConfig config) {
            this.baseEstimatorConfig = Objects.requireNonNull(config, "estimatorConfig");
            return this;
        }

        /** Put the counters in this memory-mapped file, readable by {@code bwe stat} from another process. */
        public Builder countersFile(final Path path) {
            this.countersFile = path;
            return this;
        }

        /** Allocate the counters in this manager (shards share one file); the caller owns it. */
        public Builder countersManager(final CountersManager manager) {
            this.countersManager = manager;
            return this;
        }

        /**
         * Publishes up to {@code sessions} open sessions in the counters file (latest estimate, live streams,
         * detector state), for {@code bwe stat}'s per-session table; 0 (the default) publishes none. Rows are
         * added and freed by the threads that open and close sessions; a freed row is reused after 1 s.
         */
        public Builder sessionCounters(final int sessions) {
            if (sessions < 0) {
                throw new IllegalArgumentException("sessionCounters must be >= 0, was " + sessions);
            }
            this.sessionCounters = sessions;
            return this;
        }

        /** Counters of per-session rows: room for twice the cap, as freed rows wait a second before reuse. */
        int sessionCounterRows() {
            return 2 * SessionCounters.COUNTERS_PER_SESSION * sessionCounters;
        }

        /** Counters a file shared by {@code shards} pipelines built from this needs. */
        int countersCapacity(final int shards) {
            return CountersFile.DEFAULT_MAX_COUNTERS + shards * sessionCounterRows();
        }

        /** A stage run after parse, in parallel with estimate (diagnostics). */
        public Builder extraStage(final StageFactory factory) {
            this.extraStage = factory;
            return this;
        }

        /**
         * Journals every event, estimate update and REMB sent into a Chronicle queue under
         * {@code config.directory()} (see {@link dev.bwe.pipeline.journal}); {@code null} (the default)
         * journals nothing.
         */
        public Builder journal(final JournalConfig config) {
            this.journalConfig = config;
            return this;
        }

        /** How long open/close wait for the timer agent, and close for the stages to drain. */
        public Builder shutdownTimeout(final Duration timeout) {
            this.shutdownTimeoutNs = timeout.toNanos();
            this.controlTimeoutNs = timeout.toNanos();
            return this;
        }

        /**
         * Builds and starts the pipeline.
         *
         * @throws IllegalStateException when the JVM lacks a flag bwe's libraries need (the message lists
         *     them; see {@link JvmFlags})
         */
        public BwePipeline build() {
            JvmFlags.check(journalConfig != null);
            if (stagesOnCaller && tickSource != TickSource.MANUAL) {
                throw new IllegalStateException("stagesOnCallerThread runs the stages on the caller's thread: it needs "
                    + "TickSource.MANUAL (the caller publishes the ticks)");
            }
            if (journalConfig != null) {
                // Fail the build, not the journal thread, on a directory that cannot be created.
                try {
                    java.nio.file.Files.createDirectories(journalConfig.directory());
                } catch (final java.io.IOException | RuntimeException e) {
                    throw new IllegalArgumentException("journal directory " + journalConfig.directory()
                        + " cannot be created: " + e, e);
                }
            }
            estimatorConfig = baseEstimatorConfig.maxStreams() <= maxStreamsPerSession ? baseEstimatorConfig
                : baseEstimatorConfig.toBuilder().maxStreams(maxStreamsPerSession).build();
            return new BwePipeline(this);
        }

        /** Settings copied for a shard: same everything, another index, a shared counters manager. */
        Builder copyForShard(final int shardIndex, final CountersManager shared) {
            final Builder b = new Builder();
            b.shard = shardIndex;
            b.ringSize = ringSize;
            b.headerCapacityBytes = headerCapacityBytes;
            b.threadingMode = threadingMode;
            b.stagesOnCaller = stagesOnCaller;
            b.waitStrategy = waitStrategy;
            b.producerType = producerType;
            b.tickSource = tickSource;
            b.tickIntervalNs = tickIntervalNs;
            b.clock = clock;
            b.rembSink = rembSink;
            b.estimateObserver = estimateObserver;
            b.rembSenderSsrc = rembSenderSsrc;
            b.rembResendIntervalUs = rembResendIntervalUs;
            b.maxSessions = maxSessions;
            b.maxStreamsPerSession = maxStreamsPerSession;
            b.baseEstimatorConfig = baseEstimatorConfig;
            b.countersManager = shared;
            b.extraStage = extraStage;
            // Shards share nothing, the journal included: one writer per queue.
            b.journalConfig = journalConfig == null ? null : journalConfig.forShard(shardIndex);
            b.controlTimeoutNs = controlTimeoutNs;
            b.shutdownTimeoutNs = shutdownTimeoutNs;
            b.sessionCounters = sessionCounters;
            return b;
        }

        Path countersFilePath() {
            return countersFile;
        }

        boolean journals() {
            return journalConfig != null;
        }

        private static int requireAtLeast(final String name, final int value, final int min) {
            if (value < min) {
                throw new IllegalArgumentException(name + " must be >= " + min + ", was " + value);
            }
            return value;
        }
    }
}
