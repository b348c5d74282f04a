package dev.bwe.pipeline.event;

import dev.bwe.estimator.PacketResult;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.rtp.ParseStatus;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One preallocated ring slot. It lives as long as the ring and is rewritten for every event; stages
 * write only their own section (single writer per field, ordered by the Disruptor's sequence
 * barriers).
 *
 * <ul>
 *   <li><b>input</b> (publisher): type, session id, time, and for packets a copy of the first
 *       {@link #headerCapacity()} bytes, the full length and the last byte;</li>
 *   <li><b>parse</b> output: status and the parsed fields;</li>
 *   <li><b>estimate</b> output: what the estimator did and whether the estimate changed.</li>
 * </ul>
 */
public final class PipelineEvent {
    /** Estimate-stage result for events it did not feed to an estimator. */
    public static final int NOT_ESTIMATED = -1;

    // Input.
    public byte type;
    public long sessionId;
    /** Arrival time of a packet, or the tick time, ns, in the pipeline's clock. */
    public long timeNs;
    public final UnsafeBuffer header;
    public int capturedLength;
    public int packetLength;
    public int lastByte;
    /** Settings of an OPEN_SESSION event; cleared by the last stage so the slot holds no stale reference. */
    public SessionSettings settings;
    /** First value of a session control event (see {@link EventType}: RTT µs, min bps or an SSRC). */
    public long controlA;
    /** Second value of a session control event (BITRATE_BOUNDS: max bps). */
    public long controlB;

    // Parse output.
    public int parseStatus;
    public int ssrc;
    public int sequenceNumber;
    public int payloadSizeBytes;
    public boolean hasAbsSendTime;
    public int absSendTime24;
    public boolean hasAbsCaptureTime;
    public long absCaptureTimeNtp;
    /** The RTP timestamp, raw unsigned bits: the single-stream estimator's send time. */
    public int rtpTimestamp;
    public boolean hasTransmissionOffset;
    /** The toffset extension, signed RTP ticks; 0 when absent. */
    public int transmissionOffset;

    // Estimate output.
    public int estimateResult;
    public boolean estimateUpdated;
    public long estimateBitrateBps;
    /** The session's detector state after this packet ({@code BandwidthUsage} ordinal). */
    public byte detectorState;
    /**
     * 0, or the {@code EstimatorKind} code of the estimator this packet made the session switch to
     * (libwebrtc's switch rule); the timer stage journals it.
     */
    public byte estimatorSwitch;

    public PipelineEvent(final int headerCapacity) {
        header = new UnsafeBuffer(new byte[headerCapacity]);
    }

    public int headerCapacity() {
        return header.capacity();
    }

    /** True when the parse stage accepted the packet (a valid header with a send time). */
    public boolean parsedOk() {
        return parseStatus == ParseStatus.OK.code();
    }

    /** True when the estimator took the packet. */
    public boolean estimated() {
        return estimateResult == PacketResult.ACCEPTED;
    }

    /** Arrival or tick time in the estimator's unit, µs (floor). */
    public long timeUs() {
        return Math.floorDiv(timeNs, 1000L);
    }

    /**
     * Fills the slot with an event that carries no packet bytes (a tick, an open, a close, or a packet
     * whose parse results are filled in next by a replay) and clears every output.
     */
    public void setEvent(final byte eventType, final long eventSessionId, final long eventTimeNs,
                         final SessionSettings eventSettings) {
        type = eventType;
        sessionId = eventSessionId;
        timeNs = eventTimeNs;
        settings = eventSettings;
        controlA = 0;
        controlB = 0;
        capturedLength = 0;
        packetLength = 0;
        lastByte = 0;
        clearOutputs();
    }

    /** Resets the outputs; called by whoever publishes the event. */
    public void clearOutputs() {
        parseStatus = ParseStatus.OK.code();
        ssrc = 0;
        sequenceNumber = 0;
        payloadSizeBytes = 0;
        hasAbsSendTime = false;
        absSendTime24 = 0;
        hasAbsCaptureTime = false;
        absCaptureTimeNtp = 0;
        rtpTimestamp = 0;
        hasTransmissionOffset = false;
        transmissionOffset = 0;
        estimateResult = NOT_ESTIMATED;
        estimateUpdated = false;
        estimateBitrateBps = 0;
        detectorState = 0;
        estimatorSwitch = 0;
    }
}
