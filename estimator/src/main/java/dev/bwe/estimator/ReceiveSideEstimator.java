package dev.bwe.estimator;

/**
 * One session's estimator, chosen the way libwebrtc's {@code ReceiveSideCongestionController} chooses
 * it ({@code PickEstimator}, reference §1.7), by what the session negotiated and what its packets carry:
 *
 * <ul>
 *   <li><b>abs-send-time negotiated</b>: starts on the abs-send-time estimator. After
 *       {@value #TIME_OFFSET_SWITCH_THRESHOLD} consecutive packets without abs-send-time it switches to
 *       the {@link SingleStreamEstimator} (RTP timestamp plus toffset), and back at the first packet
 *       with abs-send-time. (libwebrtc starts on the single-stream estimator and switches at the first
 *       abs-send-time packet; a session that negotiated abs-send-time gets it on its first packet, so
 *       bwe skips that needless first build.) While still on the abs-send-time estimator, a packet
 *       without abs-send-time is used for its abs-capture-time if it has one, and otherwise ignored.</li>
 *   <li><b>abs-capture-time without abs-send-time</b>: bwe's abs-capture-time estimator
 *       ({@link RemoteBitrateEstimator#incomingPacketWithCaptureTime}) for the whole session: it has a
 *       send time, and the switch is for packets that have none.</li>
 *   <li><b>neither</b> (toffset, or nothing): the single-stream estimator for the whole session.</li>
 * </ul>
 *
 * <p>Each switch builds a fresh estimator, as libwebrtc does: every measurement, the estimate and
 * its validity start over. What the relay set at run time (the RTT so far) is applied to the new one
 * ({@link #applyRuntimeSettings}). A switch allocates one estimator; packets never do.
 *
 * <p>The single-stream estimator's process step runs after each of the session's packets, with the
 * packet's arrival time as "now": it is due at most every process interval (500 ms, then the feedback
 * interval), so the estimate update lands in that packet's pipeline slot and a replay repeats it.
 */
public final class ReceiveSideEstimator {
    /** libwebrtc {@code kTimeOffsetSwitchThreshold}: packets without abs-send-time before switching. */
    public static final int TIME_OFFSET_SWITCH_THRESHOLD = 30;

    private final EstimatorConfig config;
    private final EstimateListener listener;
    private final EstimatorSwitchListener switchListener;
    private final boolean switches;

    private RemoteBitrateEstimator absSendTime;
    private SingleStreamEstimator singleStream;
    private int packetsSinceAbsSendTime;
    private long rttUs = Units.NONE;
    private boolean bounded;
    private long minBps;
    private long maxBps;

    /**
     * @param config the session's estimator settings
     * @param absSendTimeNegotiated whether the session negotiated abs-send-time
     * @param captureTimeNegotiated whether the session negotiated abs-capture-time
     */
    public ReceiveSideEstimator(final EstimatorConfig config, final boolean absSendTimeNegotiated,
                                final boolean captureTimeNegotiated, final EstimateListener listener,
                                final EstimatorSwitchListener switchListener) {
        this.config = config;
        this.listener = listener;
        this.switchListener = switchListener;
        this.switches = absSendTimeNegotiated;
        if (absSendTimeNegotiated || captureTimeNegotiated) {
            absSendTime = new RemoteBitrateEstimator(config, listener);
        } else {
            singleStream = new SingleStreamEstimator(config, listener);
        }
    }

    /**
     * Whether a session that negotiated these extensions can use packets that carry neither
     * abs-send-time nor abs-capture-time (by their RTP timestamp): all but the abs-capture-time-only ones.
     */
    public static boolean usesRtpTimestamps(final boolean absSendTimeNegotiated, final boolean captureTimeNegotiated) {
        return absSendTimeNegotiated || !captureTimeNegotiated;
    }

    /**
     * One packet; its arrival time is the receiver's "now".
     *
     * @param rtpTimestamp the RTP timestamp (raw unsigned bits)
     * @param transmissionOffset the toffset extension, signed RTP ticks; 0 when absent
     * @return a {@link PacketResult} code
     */
    public int incomingPacket(final long arrivalTimeUs, final int ssrc, final boolean hasAbsSendTime,
                              final int absSendTime24, final boolean hasAbsCaptureTime, final long absCaptureTimeNtp,
                              final int rtpTimestamp, final int transmissionOffset, final int payloadSizeBytes) {
        return incomingPacket(arrivalTimeUs, ssrc, hasAbsSendTime, absSendTime24, hasAbsCaptureTime,
            absCaptureTimeNtp, rtpTimestamp, transmissionOffset, payloadSizeBytes, -1);
    }

    /**
     * One packet with its RTP sequence number, which {@link EstimatorProfile#ADAPTIVE} uses to count losses
     * (parity ignores it).
     *
     * @param sequenceNumber the 16-bit RTP sequence number, or -1 when not known
     * @return a {@link PacketResult} code
     */
    public int incomingPacket(final long arrivalTimeUs, final int ssrc, final boolean hasAbsSendTime,
                              final int absSendTime24, final boolean hasAbsCaptureTime, final long absCaptureTimeNtp,
                              final int rtpTimestamp, final int transmissionOffset, final int payloadSizeBytes,
                              final int sequenceNumber) {
        if (switches) {
            pickEstimator(hasAbsSendTime, arrivalTimeUs, ssrc);
        }
        if (singleStream != null) {
            final int result = singleStream.incomingPacket(arrivalTimeUs, ssrc, rtpTimestamp, transmissionOffset,
                payloadSizeBytes);
            singleStream.process(arrivalTimeUs);
            return result;
        }
        if (sequenceNumber < 0) {
            if (hasAbsSendTime) {
                return absSendTime.incomingPacket(arrivalTimeUs, ssrc, absSendTime24, payloadSizeBytes);
            }
            if (hasAbsCaptureTime) {
                return absSendTime.incomingPacketWithCaptureTime(arrivalTimeUs, ssrc, absCaptureTimeNtp,
                    payloadSizeBytes);
            }
            return PacketResult.IGNORED_NO_SEND_TIME;
        }
        if (hasAbsSendTime) {
            return absSendTime.incomingRtpPacket(arrivalTimeUs, ssrc, sequenceNumber, absSendTime24, payloadSizeBytes);
        }
        if (hasAbsCaptureTime) {
            return absSendTime.incomingRtpPacketWithCaptureTime(arrivalTimeUs, ssrc, sequenceNumber, absCaptureTimeNtp,
                payloadSizeBytes);
        }
        return PacketResult.IGNORED_NO_SEND_TIME;
    }

    /** libwebrtc's {@code PickEstimator}. */
    private void pickEstimator(final boolean hasAbsSendTime, final long nowUs, final int ssrc) {
        if (hasAbsSendTime) {
            // abs-send-time is back: switch at once.
            if (singleStream != null) {
                singleStream = null;
                absSendTime = new RemoteBitrateEstimator(config, listener);
                applyRuntimeSettings();
                switchListener.onEstimatorSwitch(nowUs, ssrc, EstimatorKind.SINGLE_STREAM, EstimatorKind.ABS_SEND_TIME);
            }
            packetsSinceAbsSendTime = 0;
        } else if (absSendTime != null) {
            // Wait for a few packets before giving up on abs-send-time.
            ++packetsSinceAbsSendTime;
            if (packetsSinceAbsSendTime >= TIME_OFFSET_SWITCH_THRESHOLD) {
                absSendTime = null;
                singleStream = new SingleStreamEstimator(config, listener);
                applyRuntimeSettings();
                switchListener.onEstimatorSwitch(nowUs, ssrc, EstimatorKind.ABS_SEND_TIME, EstimatorKind.SINGLE_STREAM);
            }
        }
    }

    /**
     * Applies to a freshly built estimator what the relay set at run time (the RTT, the bitrate bounds),
     * so that they survive a switch.
     */
    private void applyRuntimeSettings() {
        if (rttUs != Units.NONE) {
            onRttUpdate(rttUs);
        }
        if (bounded) {
            setBitrateBounds(minBps, maxBps);
        }
    }

    /** Bounds the estimate from now on; kept across switches. */
    public void setBitrateBounds(final long minBitrateBps, final long maxBitrateBps) {
        bounded = true;
        minBps = minBitrateBps;
        maxBps = maxBitrateBps;
        if (singleStream != null) {
            singleStream.setBitrateBounds(minBitrateBps, maxBitrateBps);
        } else {
            absSendTime.setBitrateBounds(minBitrateBps, maxBitrateBps);
        }
    }

    /**
     * Timer work at {@code nowUs}: drops the streams silent for longer than the stream timeout (the
     * single-stream estimator's process step would drop them at its next run; rate control stays with
     * the packets).
     *
     * @return the number of streams dropped
     */
    public int timeoutStreams(final long nowUs) {
        if (singleStream != null) {
            return singleStream.timeoutStreams(nowUs);
        }
        return absSendTime.timeoutStreams(nowUs);
    }

    /**
     * The earliest µs at which {@link #timeoutStreams} would drop a stream of the running estimator, or
     * {@link Long#MAX_VALUE} when it tracks none: before it, the timeout changes nothing.
     */
    public long nextTimeoutUs() {
        return singleStream != null ? singleStream.nextTimeoutUs() : absSendTime.nextTimeoutUs();
    }

    /** Sets the round-trip time the rate controller uses; kept across switches. */
    public void onRttUpdate(final long avgRttUs) {
        rttUs = avgRttUs;
        if (singleStream != null) {
            singleStream.onRttUpdate(avgRttUs);
        } else {
            absSendTime.onRttUpdate(avgRttUs);
        }
    }

    /** Forgets a stream at once (libwebrtc {@code RemoveStream}). */
    public boolean removeStream(final int ssrc) {
        return singleStream != null ? singleStream.removeStream(ssrc) : absSendTime.removeStream(ssrc);
    }

    /** The estimator running now. */
    public EstimatorKind kind() {
        return singleStream != null ? EstimatorKind.SINGLE_STREAM : EstimatorKind.ABS_SEND_TIME;
    }

    /** The running estimator's estimate, bps; 0 while not valid or with no stream. */
    public long latestEstimateBps() {
        return singleStream != null ? singleStream.latestEstimateBps() : absSendTime.latestEstimateBps();
    }

    /** The running estimator's streams, ascending unsigned. */
    public SsrcSet ssrcs() {
        return singleStream != null ? singleStream.ssrcs() : absSendTime.ssrcs();
    }

    /** The running estimator's detector state (the worst stream's, for the single-stream estimator). */
    public BandwidthUsage detectorState() {
        return singleStream != null ? singleStream.detectorState() : absSendTime.detectorState();
    }

    public EstimatorConfig config() {
        return config;
    }
}
