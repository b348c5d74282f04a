package dev.bwe.estimator;

/**
 * One session's estimator for senders that stamp no abs-send-time: libwebrtc's
 * {@code RemoteBitrateEstimatorSingleStream}, step for step (reference §2.7), single-threaded, with no
 * clock of its own and no allocation per packet.
 *
 * <p>The send time is the RTP timestamp (plus the RFC 5450 transmission time offset when the sender
 * stamps it). RTP clocks of different streams are unrelated, so every SSRC has its own
 * {@link InterArrival} (450 ticks = 5 ms groups at 90 kHz), delay filter and {@link OveruseDetector};
 * the session's one {@link AimdRateControl} follows the worst detector. Unlike the abs-send-time
 * estimator, the rate controller runs from a periodic {@link #process(long)} step (every 500 ms until
 * the estimate is valid, then every feedback interval), plus at once on a packet whose detector turns
 * to over-use. The caller drives {@code process} with its own time (the pipeline with its ticks), so a
 * replay makes the same decisions.
 *
 * <p>It always runs libwebrtc's behaviour ({@link EstimatorProfile#PARITY}): the profile of the config
 * is not applied here. The delay filter, back-off factor, bitrate bounds, start bitrate, stream timeout
 * and stream cap of the {@link EstimatorConfig} are.
 */
public final class SingleStreamEstimator {
    /** libwebrtc {@code kTimestampGroupLengthMs} at 90 kHz: 5 ms = 450 RTP ticks. */
    public static final int GROUP_LENGTH_TICKS = 90 * 5;
    /** libwebrtc {@code kTimestampToMs}: ms per 90 kHz tick. */
    public static final double TIMESTAMP_TO_MS = 1.0 / 90.0;
    /** libwebrtc {@code kProcessInterval}: the process step's interval until the estimate is valid. */
    public static final long INITIAL_PROCESS_INTERVAL_US = 500_000;

    private final EstimatorConfig config;
    private final EstimateListener listener;
    private final AimdRateControl rateControl;
    private final IncomingBitrate incomingBitrate = new IncomingBitrate();
    private final StreamDetectors detectors;

    private long lastValidIncomingBitrateBps;
    private long lastProcessUs = Units.NONE;
    private long processIntervalUs = INITIAL_PROCESS_INTERVAL_US;

    public SingleStreamEstimator(final EstimatorConfig config, final EstimateListener listener) {
        this.config = config;
        this.listener = listener;
        this.rateControl = new AimdRateControl(config.backoffFactor(), config.minBitrateBps(),
            config.maxBitrateBps(), config.startBitrateBps());
        this.detectors = new StreamDetectors(config);
    }

    public EstimatorConfig config() {
        return config;
    }

    /**
     * A packet, with the receiver's "now" equal to its arrival time (bwe has no clock: reference §7).
     *
     * @param rtpTimestamp the RTP timestamp, unsigned 32 bits as raw {@code int} bits
     * @param transmissionOffset the toffset extension (signed 24-bit RTP ticks), 0 when absent
     * @return a {@link PacketResult} code
     */
    public int incomingPacket(final long arrivalTimeUs, final int ssrc, final int rtpTimestamp,
                              final int transmissionOffset, final int payloadSizeBytes) {
        return incomingPacket(arrivalTimeUs, arrivalTimeUs, ssrc, rtpTimestamp, transmissionOffset,
            payloadSizeBytes);
    }

    /**
     * A packet processed at receiver time {@code nowUs} (libwebrtc's clock; its unit tests move it
     * separately from the arrival time).
     *
     * @param arrivalTimeUs arrival time, µs
     * @param nowUs receiver time when processed, µs
     * @param ssrc the stream
     * @param rtpTimestamp the RTP timestamp, unsigned 32 bits as raw {@code int} bits
     * @param transmissionOffset the toffset extension (signed RTP ticks), 0 when absent
     * @param payloadSizeBytes payload plus padding (not the whole packet), bytes
     * @return a {@link PacketResult} code
     */
    public int incomingPacket(final long arrivalTimeUs, final long nowUs, final int ssrc, final int rtpTimestamp,
                              final int transmissionOffset, final int payloadSizeBytes) {
        StreamDetector stream = detectors.detectorOf(ssrc);
        if (stream == null) {
            stream = detectors.add(ssrc);
            if (stream == null) {
                return PacketResult.REFUSED_STREAM_CAP;
            }
        }
        // libwebrtc: uint32 addition, so a negative offset wraps like the timestamp itself.
        final int sendTimestamp = rtpTimestamp + transmissionOffset;
        final long nowMs = Units.usToMs(nowUs);
        stream.lastPacketTimeUs = nowUs;

        // A rate that was valid and is not any more means a gap: restart the window with new data only.
        final long incomingRateBps = incomingBitrate.rateBps(nowMs);
        if (incomingRateBps >= 0) {
            lastValidIncomingBitrateBps = incomingRateBps;
        } else if (lastValidIncomingBitrateBps > 0) {
            incomingBitrate.reset();
            lastValidIncomingBitrateBps = 0;
        }
        incomingBitrate.update(payloadSizeBytes, nowMs);

        final BandwidthUsage priorState = stream.detector.state();
        final InterArrival interArrival = stream.interArrival;
        if (interArrival.computeDeltas(sendTimestamp, Units.usToMs(arrivalTimeUs), nowMs, payloadSizeBytes)) {
            // libwebrtc: uint32 delta times the double coefficient (a multiplication, not a division).
            final double tsDeltaMs = Integer.toUnsignedLong(interArrival.timestampDelta()) * TIMESTAMP_TO_MS;
            stream.filter.update(interArrival.arrivalTimeDeltaMs(), tsDeltaMs, interArrival.packetSizeDelta(),
                stream.detector.state(), nowMs);
            stream.detector.detect(stream.filter.offset(), tsDeltaMs, stream.filter.numOfDeltas(), nowMs);
        }
        if (stream.detector.state() == BandwidthUsage.OVERUSING) {
            final long rateBps = incomingBitrate.rateBps(nowMs);
            // The first over-use acts at once, and so does a further one when the estimate is far above
            // what arrives.
            if (rateBps >= 0 && (priorState != BandwidthUsage.OVERUSING
                || rateControl.timeToReduceFurther(nowUs, rateBps))) {
                updateEstimate(nowUs);
            }
        }
        return PacketResult.ACCEPTED;
    }

    /**
     * libwebrtc's {@code Process()}: the periodic rate-control step, due at once on the first call and
     * then every process interval (compared in whole ms, as libwebrtc does).
     *
     * @return µs until the next step is due
     */
    public long process(final long nowUs) {
        final long nextProcessUs = lastProcessUs == Units.NONE ? nowUs : lastProcessUs + processIntervalUs;
        if (Units.usToMs(nowUs) >= Units.usToMs(nextProcessUs)) {
            updateEstimate(nowUs);
            lastProcessUs = nowUs;
            return processIntervalUs;
        }
        return nextProcessUs - nowUs;
    }

    private void updateEstimate(final long nowUs) {
        // Streams silent for longer than the timeout are stale and no longer vote.
        detectors.removeIdle(nowUs);
        if (detectors.size() == 0) {
            return;
        }
        final BandwidthUsage worst = detectors.worstState();
        final long targetBps = rateControl.update(worst, incomingBitrate.rateBps(Units.usToMs(nowUs)), nowUs);
        if (rateControl.validEstimate()) {
            processIntervalUs = rateControl.feedbackIntervalUs();
            listener.onEstimate(nowUs, targetBps, detectors);
        }
    }

    /**
     * Drops the streams silent for longer than the stream timeout at {@code nowUs}, as the next process
     * step would, without a rate-control update (the pipeline's ticks, so that a silent session lets go
     * of its streams).
     *
     * @return the number of streams dropped
     */
    public int timeoutStreams(final long nowUs) {
        return detectors.removeIdle(nowUs);
    }

    /**
     * The earliest µs at which {@link #timeoutStreams} would drop a stream, or {@link Long#MAX_VALUE}
     * when none is tracked: before it, the timeout changes nothing.
     */
    public long nextTimeoutUs() {
        final long oldestUs = detectors.oldestLastPacketUs();
        return oldestUs == Long.MAX_VALUE ? Long.MAX_VALUE : oldestUs + config.streamTimeoutUs() + 1;
    }

    /** Forgets a stream at once (libwebrtc {@code RemoveStream}). */
    public boolean removeStream(final int ssrc) {
        return detectors.remove(ssrc);
    }

    /** Bounds the estimate from now on (see {@link AimdRateControl#setBitrateBounds}). */
    public void setBitrateBounds(final long minBps, final long maxBps) {
        rateControl.setBitrateBounds(minBps, maxBps);
    }

    /** Sets the round-trip time the rate controller uses (libwebrtc {@code OnRttUpdate(avg_rtt, max_rtt)}). */
    public void onRttUpdate(final long avgRttUs) {
        rateControl.setRtt(avgRttUs);
    }

    /** The estimate, bps; 0 while not valid or when no stream is tracked. */
    public long latestEstimateBps() {
        if (!rateControl.validEstimate() || detectors.size() == 0) {
            return 0;
        }
        return rateControl.latestEstimateBps();
    }

    /**
     * The tracked SSRCs, ascending unsigned. As in libwebrtc, a silent stream stays listed until the next
     * rate-control step drops it; the view changes as packets and process steps come.
     */
    public SsrcSet ssrcs() {
        return detectors;
    }

    /** The worst state over the tracked streams' detectors (Normal &lt; Underusing &lt; Overusing). */
    public BandwidthUsage detectorState() {
        return detectors.worstState();
    }

    /** The incoming bitrate at {@code nowUs}, bps, or -1 while not measurable. */
    public long incomingBitrateBps(final long nowUs) {
        return incomingBitrate.rateBps(Units.usToMs(nowUs));
    }

    /** The current process interval, µs (500 ms until the estimate is valid, then the feedback interval). */
    public long processIntervalUs() {
        return processIntervalUs;
    }

    /** One SSRC's delay measurement (libwebrtc's {@code Detector}); pooled and reset, never reallocated. */
    static final class StreamDetector {
        final InterArrival interArrival = new InterArrival(GROUP_LENGTH_TICKS, TIMESTAMP_TO_MS);
        final DelayFilter filter;
        final OveruseDetector detector = new OveruseDetector();
        long lastPacketTimeUs;

        StreamDetector(final DelayFilterKind filterKind) {
            filter = filterKind.newFilter();
        }

        void reset() {
            interArrival.reset();
            filter.reset();
            detector.reset();
            lastPacketTimeUs = 0;
        }
    }
}
