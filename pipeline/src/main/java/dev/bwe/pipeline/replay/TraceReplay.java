package dev.bwe.pipeline.replay;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.remb.RembScheduler;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.rtp.ParseStatus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays a CSV packet trace ({@link TraceReader}) through the pipeline's estimate and timer stages
 * ({@link ReplayEngine}), exactly as a journal replays.
 *
 * <p><b>Ticks</b> are synthesized from arrival times on a fixed grid: tick times are {@code t = k ·
 * interval} (ns, k an integer, counted from time 0 of the trace's clock). The first tick is the first
 * grid time at or after the first packet's arrival; before each packet arriving at {@code a}, every
 * grid time {@code t <= a} not yet published is published, in order, so a tick at the packet's own
 * arrival time comes before it. Ticks never go backwards: a packet that arrives earlier than the last
 * tick (rows are in processing order, not sorted) is processed after it. After the last packet, ticks
 * go on up to {@code lastArrival + drain} ({@link #drainAfterLastPacket}, default none).
 *
 * <p><b>Sessions</b> are opened at first sight, at the arrival time of their first packet, with the
 * replay's estimator settings; a trace never closes one. The parse stage does not run (the trace holds
 * its outputs): a packet with {@code abs_send_time} is estimated with it, else with
 * {@code abs_capture_time}, else with its {@code rtp_timestamp} (and {@code toffset}): sessions negotiate
 * all three extensions, so libwebrtc's switch rule applies as in the pipeline (30 packets without
 * abs-send-time switch to the single-stream estimator, which reads the RTP timestamp; 0 when the trace
 * has no such column, as the rebuilt packets of {@code replay --pipeline} carry). The extension ids
 * recorded for such sessions are placeholders.
 */
public final class TraceReplay {
    /** Placeholder ids: the trace holds parsed send times, so no header extension is ever looked up. */
    private static final ExtensionIds TRACE_IDS = ExtensionIds.of(1, 2, 3);

    private final BufferedReader in;
    private final String source;
    private long tickIntervalNs = 5_000_000L;
    private long drainNs;
    private EstimatorConfig estimatorConfig = EstimatorConfig.DEFAULT.toBuilder().maxStreams(64).build();
    private int rembSenderSsrc = 1;
    private long rembResendIntervalUs = RembScheduler.DEFAULT_RESEND_INTERVAL_US;
    private ReplayFilter filter = ReplayFilter.ALL;
    private ReplayListener listener = ReplayListener.NONE;

    private TraceReplay(final BufferedReader in, final String source) {
        this.in = Objects.requireNonNull(in, "in");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** A replay of the trace in {@code file} (UTF-8). */
    public static TraceReplay of(final Path file) {
        try {
            return new TraceReplay(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read trace " + file, e);
        }
    }

    /** A replay of the trace read from {@code in}; {@code source} names it in error messages. */
    public static TraceReplay of(final BufferedReader in, final String source) {
        return new TraceReplay(in, source);
    }

    /** The tick grid's interval; default 5 ms (the pipeline's default tick). */
    public TraceReplay tickInterval(final Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("tickInterval must be positive, was " + interval);
        }
        this.tickIntervalNs = interval.toNanos();
        return this;
    }

    /** Ticks go on this long after the last packet (re-sends, stream timeouts); default zero. */
    public TraceReplay drainAfterLastPacket(final Duration drain) {
        if (drain.isNegative()) {
            throw new IllegalArgumentException("drain must not be negative, was " + drain);
        }
        this.drainNs = drain.toNanos();
        return this;
    }

    /** Settings of every session; default libwebrtc's with the pipeline's cap of 64 streams. */
    public TraceReplay estimatorConfig(final EstimatorConfig config) {
        this.estimatorConfig = Objects.requireNonNull(config, "estimatorConfig");
        return this;
    }

    public TraceReplay rembSenderSsrc(final int ssrc) {
        this.rembSenderSsrc = ssrc;
        return this;
    }

    /** How often the last REMB is repeated; zero disables; default 1 s. */
    public TraceReplay rembResendInterval(final Duration interval) {
        if (interval.isNegative()) {
            throw new IllegalArgumentException("rembResendInterval must not be negative, was " + interval);
        }
        this.rembResendIntervalUs = interval.toNanos() / 1000;
        return this;
    }

    /** Report only outputs timed in {@code [fromNs, toNs)} (ns = {@code arrival_us} × 1000). */
    public TraceReplay timeRange(final long fromNs, final long toNs) {
        filter = filter.timeRange(fromNs, toNs);
        return this;
    }

    /** Replay only this session. */
    public TraceReplay session(final long sessionId) {
        filter = filter.session(sessionId);
        return this;
    }

    public TraceReplay listener(final ReplayListener replayListener) {
        this.listener = Objects.requireNonNull(replayListener, "listener");
        return this;
    }

    /**
     * Runs the replay on the calling thread and closes the trace.
     *
     * @throws TraceFormatException at the first line that breaks the contract
     */
    public ReplayResult run() {
        final ReplayTotals totals = new ReplayTotals();
        try (TraceReader reader = new TraceReader(in, source);
             ReplayEngine engine = new ReplayEngine(rembSenderSsrc, rembResendIntervalUs, filter, listener,
                 ReplayEngine.RembCheck.NONE)) {
            final TraceReader.Row row = new TraceReader.Row();
            final PipelineEvent event = new PipelineEvent(1);
            final SessionSettings settings = new SessionSettings(TRACE_IDS, estimatorConfig);
            boolean first = true;
            long nextTickNs = 0;
            long lastArrivalNs = 0;
            while (reader.next(row)) {
                final long arrivalNs = row.arrivalUs * 1000;
                if (first) {
                    first = false;
                    nextTickNs = Math.floorDiv(arrivalNs, tickIntervalNs) * tickIntervalNs;
                    if (nextTickNs < arrivalNs) {
                        nextTickNs += tickIntervalNs;
                    }
                }
                nextTickNs = ticksUpTo(engine, event, nextTickNs, arrivalNs);
                if (!engine.isOpen(row.sessionId) && filter.replays(row.sessionId)) {
                    control(event, EventType.OPEN_SESSION, row.sessionId, arrivalNs, settings);
                    engine.process(event);
                }
                fillPacket(event, row, arrivalNs);
                engine.process(event);
                lastArrivalNs = Math.max(lastArrivalNs, arrivalNs);
            }
            if (!first) {
                ticksUpTo(engine, event, nextTickNs, lastArrivalNs + drainNs);
            }
            engine.addTo(totals);
        }
        return totals.result(List.of(), false, 0, Optional.empty());
    }

    /** Publishes every grid tick from {@code nextTickNs} up to {@code untilNs}; returns the next grid tick. */
    private long ticksUpTo(final ReplayEngine engine, final PipelineEvent event, final long nextTickNs,
                           final long untilNs) {
        long t = nextTickNs;
        while (t <= untilNs) {
            control(event, EventType.TICK, 0, t, null);
            engine.process(event);
            t += tickIntervalNs;
        }
        return t;
    }

    private static void control(final PipelineEvent event, final byte type, final long sessionId, final long timeNs,
                                final SessionSettings settings) {
        event.setEvent(type, sessionId, timeNs, settings);
    }

    private static void fillPacket(final PipelineEvent event, final TraceReader.Row row, final long arrivalNs) {
        control(event, EventType.PACKET, row.sessionId, arrivalNs, null);
        event.ssrc = row.ssrc;
        event.sequenceNumber = row.sequenceNumber;
        event.payloadSizeBytes = row.payloadSizeBytes;
        event.hasAbsSendTime = row.hasAbsSendTime;
        event.absSendTime24 = row.absSendTime24;
        event.hasAbsCaptureTime = row.hasAbsCaptureTime;
        event.absCaptureTimeNtp = row.absCaptureTimeNtp;
        event.rtpTimestamp = row.rtpTimestamp;
        event.hasTransmissionOffset = row.hasTransmissionOffset;
        event.transmissionOffset = row.transmissionOffset;
        // As the parse stage does in a session that negotiated abs-send-time: every packet has an RTP timestamp.
        event.parseStatus = TRACE_IDS.usesRtpTimestamps() || row.hasAbsSendTime || row.hasAbsCaptureTime
            ? ParseStatus.OK.code() : ParseStatus.NO_SEND_TIME.code();
    }
}
