package dev.bwe.estimator;

/**
 * One session's receive-side bandwidth estimator: libwebrtc's {@code RemoteBitrateEstimatorAbsSendTime},
 * step for step (reference §2.1), single-threaded, with no clock of its own and no allocation per
 * packet.
 *
 * <p>All streams (SSRCs) of a session share one send clock (abs-send-time is stamped by the sender's
 * pacer), so they share one {@link InterArrival}, one {@link DelayFilter}, one detector and one rate
 * controller. A stream silent for more than the stream timeout (2 s) is dropped; when none is left,
 * the inter-arrival state and the delay filter start over, because a send clock that was silent for
 * seconds (and may have wrapped) cannot be compared with what came before.
 *
 * <p><b>bwe extensions</b> (libwebrtc has none of these): abs-capture-time as the send time of
 * sessions without abs-send-time ({@link #incomingPacketWithCaptureTime}), a per-session stream cap,
 * {@link #timeoutStreams(long)} callable on its own so that a silent session lets go of its streams
 * without waiting for a packet, and optional start bitrate / ceiling (see {@link EstimatorConfig}).
 */
public final class RemoteBitrateEstimator {
    private static final byte SOURCE_NONE = 0;
    private static final byte SOURCE_ABS_SEND_TIME = 1;
    private static final byte SOURCE_CAPTURE_TIME = 2;
    /** The sequence number of a packet given without one. */
    private static final int NO_SEQUENCE = -1;

    private final EstimatorConfig config;
    private final EstimateListener listener;
    private final InterArrival interArrival = InterArrival.forAbsSendTime();
    private final DelayFilter delayFilter;
    private final OveruseDetector detector;
    private final RateController rateControl;
    private final IncomingBitrate incomingBitrate = new IncomingBitrate();
    private final ProbeClusterDetector probes = new ProbeClusterDetector();
    private final LiveStreams streams;

    private boolean incomingBitrateInitialized;
    private long firstPacketTimeUs = Units.NONE;
    private long lastUpdateUs = Units.NONE;
    private byte sendTimeSource = SOURCE_NONE;

    public RemoteBitrateEstimator(final EstimatorConfig config, final EstimateListener listener) {
        this(config, listener, DetectorStateListener.NONE);
    }

    public RemoteBitrateEstimator(final EstimatorConfig config, final EstimateListener listener,
                                  final DetectorStateListener detectorListener) {
        this.config = config;
        this.listener = listener;
        this.delayFilter = config.delayFilter().newFilter();
        this.detector = new OveruseDetector(detectorListener);
        // The profile picks the controller once, here; everything else is shared.
        this.rateControl = RateController.forConfig(config);
        this.streams = new LiveStreams(config.maxStreams());
    }

    public EstimatorConfig config() {
        return config;
    }

    /**
     * A packet with abs-send-time, with the receiver's "now" equal to its arrival time (bwe has no
     * clock: see reference §7).
     *
     * @return a {@link PacketResult} code: accepted, or refused because the session already tracks its
     *     maximum of streams and this is a new SSRC
     */
    public int incomingPacket(final long arrivalTimeUs, final int ssrc, final int absSendTime24,
                                  final int payloadSizeBytes) {
        return incomingPacket(arrivalTimeUs, arrivalTimeUs, ssrc, absSendTime24, payloadSizeBytes);
    }

    /**
     * A packet with abs-send-time, processed at receiver time {@code nowUs} (libwebrtc's clock; its
     * unit tests move it separately from the arrival time).
     *
     * @param arrivalTimeUs arrival time, µs
     * @param nowUs receiver time when processed, µs
     * @param ssrc the stream
     * @param absSendTime24 the 24-bit abs-send-time
     * @param payloadSizeBytes payload plus padding (not the whole packet), bytes
     * @return a {@link PacketResult} code
     */
    public int incomingPacket(final long arrivalTimeUs, final long nowUs, final int ssrc,
                                  final int absSendTime24, final int payloadSizeBytes) {
        requireSize(payloadSizeBytes);
        if (refusedByStreamCap(ssrc, nowUs)) {
            return PacketResult.REFUSED_STREAM_CAP;
        }
        process(arrivalTimeUs, nowUs, ssrc, AbsSendTime.toTicks(absSendTime24), payloadSizeBytes,
            SOURCE_ABS_SEND_TIME, NO_SEQUENCE);
        return PacketResult.ACCEPTED;
    }

    /**
     * A packet with abs-send-time and its RTP sequence number, with the receiver's "now" equal to its
     * arrival time. {@link EstimatorProfile#PARITY} ignores the sequence number (libwebrtc's estimator
     * never sees it); {@link EstimatorProfile#ADAPTIVE} counts losses from sequence-number gaps.
     *
     * @param sequenceNumber the 16-bit RTP sequence number (0..65535)
     * @return a {@link PacketResult} code
     */
    public int incomingRtpPacket(final long arrivalTimeUs, final int ssrc, final int sequenceNumber,
                                 final int absSendTime24, final int payloadSizeBytes) {
        requireSize(payloadSizeBytes);
        if (refusedByStreamCap(ssrc, arrivalTimeUs)) {
            return PacketResult.REFUSED_STREAM_CAP;
        }
        process(arrivalTimeUs, arrivalTimeUs, ssrc, AbsSendTime.toTicks(absSendTime24), payloadSizeBytes,
            SOURCE_ABS_SEND_TIME, sequenceNumber & 0xFFFF);
        return PacketResult.ACCEPTED;
    }

    /**
     * A packet of a sender that offers abs-capture-time instead of abs-send-time (a bwe extension).
     * The capture time is used as the send time while no live stream of the session carries
     * abs-send-time; otherwise the packet is ignored, like a packet with no send time in libwebrtc.
     *
     * @param absCaptureTimeNtp the UQ32.32 NTP capture timestamp
     * @return a {@link PacketResult} code
     */
    public int incomingPacketWithCaptureTime(final long arrivalTimeUs, final int ssrc,
                                                 final long absCaptureTimeNtp, final int payloadSizeBytes) {
        return captureTimePacket(arrivalTimeUs, ssrc, NO_SEQUENCE, absCaptureTimeNtp, payloadSizeBytes);
    }

    /**
     * {@link #incomingPacketWithCaptureTime} with the packet's RTP sequence number (see
     * {@link #incomingRtpPacket} for what the profiles do with it).
     */
    public int incomingRtpPacketWithCaptureTime(final long arrivalTimeUs, final int ssrc, final int sequenceNumber,
                                                final long absCaptureTimeNtp, final int payloadSizeBytes) {
        return captureTimePacket(arrivalTimeUs, ssrc, sequenceNumber & 0xFFFF, absCaptureTimeNtp, payloadSizeBytes);
    }

    private int captureTimePacket(final long arrivalTimeUs, final int ssrc, final int sequenceNumber,
                                  final long absCaptureTimeNtp, final int payloadSizeBytes) {
        requireSize(payloadSizeBytes);
        if (sendTimeSource == SOURCE_ABS_SEND_TIME) {
            // Only live abs-send-time streams block capture time: let this packet's time expire idle ones.
            timeoutStreams(arrivalTimeUs);
            if (sendTimeSource == SOURCE_ABS_SEND_TIME) {
                return PacketResult.IGNORED_SEND_TIME_CONFLICT;
            }
        }
        if (refusedByStreamCap(ssrc, arrivalTimeUs)) {
            return PacketResult.REFUSED_STREAM_CAP;
        }
        process(arrivalTimeUs, arrivalTimeUs, ssrc, AbsCaptureTime.toTicks(absCaptureTimeNtp), payloadSizeBytes,
            SOURCE_CAPTURE_TIME, sequenceNumber);
        return PacketResult.ACCEPTED;
    }

    private static void requireSize(final int payloadSizeBytes) {
        if (payloadSizeBytes < 0) {
            throw new IllegalArgumentException("payload size must not be negative, was " + payloadSizeBytes);
        }
    }

    private boolean refusedByStreamCap(final int ssrc, final long nowUs) {
        if (streams.contains(ssrc) || !streams.isFull()) {
            return false;
        }
        // Timed-out streams make room; the same timeout would run for this packet anyway.
        timeoutStreams(nowUs);
        return streams.isFull();
    }

    private void process(final long arrivalTimeUs, final long nowUs, final int ssrc, final int timestampTicks,
                         final int payloadSizeBytes, final byte source, final int sequenceNumber) {
        final long sendTimeUs = AbsSendTime.ticksToProbeTimeUs(timestampTicks);
        final long arrivalTimeMs = Units.usToMs(arrivalTimeUs);
        final long nowMs = Units.usToMs(nowUs);

        // A rate that was valid and is not any more means a gap: restart the window so it holds only
        // new data.
        final long incomingRateBps = incomingBitrate.rateBps(arrivalTimeMs);
        if (incomingRateBps >= 0) {
            incomingBitrateInitialized = true;
        } else if (incomingBitrateInitialized) {
            incomingBitrate.reset();
            incomingBitrateInitialized = false;
        }
        incomingBitrate.update(payloadSizeBytes, arrivalTimeMs);

        if (firstPacketTimeUs == Units.NONE) {
            firstPacketTimeUs = nowUs;
        }

        boolean updateEstimate = false;
        timeoutStreams(nowUs);
        if (sendTimeSource != source) {
            if (sendTimeSource != SOURCE_NONE) {
                // The session switches clock domain (capture time to abs-send-time): as libwebrtc does
                // when it switches estimators, start the delay measurement over rather than mix clocks.
                interArrival.reset();
                delayFilter.reset();
                rateControl.onSendClockReset();
            }
            sendTimeSource = source;
        }
        streams.put(ssrc, nowUs);
        rateControl.onPacket(arrivalTimeUs, timestampTicks, ssrc, sequenceNumber, payloadSizeBytes);

        // Probes are detected only at the start of a call, or while there is no estimate; only packets
        // larger than 200 bytes are assumed to be paced probes.
        if (payloadSizeBytes > ProbeClusterDetector.MIN_PROBE_PACKET_SIZE_BYTES
            && (!rateControl.validEstimate()
                || nowUs - firstPacketTimeUs < ProbeClusterDetector.INITIAL_PROBING_INTERVAL_US)) {
            probes.add(sendTimeUs, arrivalTimeUs, payloadSizeBytes);
            final long probeBps = probes.processClusters(rateControl.validEstimate(), rateControl.latestEstimateBps());
            if (probeBps > 0) {
                rateControl.setEstimate(probeBps, nowUs);
                updateEstimate = true;
            }
        }

        if (interArrival.computeDeltas(timestampTicks, arrivalTimeMs, nowMs, payloadSizeBytes)) {
            final double tsDeltaMs = (1000.0 * Integer.toUnsignedLong(interArrival.timestampDelta()))
                / (1 << AbsSendTime.INTER_ARRIVAL_SHIFT);
            delayFilter.update(interArrival.arrivalTimeDeltaMs(), tsDeltaMs, interArrival.packetSizeDelta(),
                detector.state(), arrivalTimeMs);
            detector.detect(delayFilter.offset(), tsDeltaMs, delayFilter.numOfDeltas(), arrivalTimeMs);
        }

        if (!updateEstimate) {
            // Periodic update, or an over-use that calls for a further decrease.
            if (lastUpdateUs == Units.NONE
                || nowMs - Units.usToMs(lastUpdateUs) > Units.usToMs(rateControl.feedbackIntervalUs())) {
                updateEstimate = true;
            } else if (detector.state() == BandwidthUsage.OVERUSING) {
                final long rateBps = incomingBitrate.rateBps(arrivalTimeMs);
                if (rateBps >= 0 && rateControl.timeToReduceFurther(nowUs, rateBps)) {
                    updateEstimate = true;
                }
            }
        }

        if (updateEstimate) {
            final long targetBps = rateControl.update(detector.state(), incomingBitrate.rateBps(arrivalTimeMs), nowUs);
            if (rateControl.validEstimate()) {
                lastUpdateUs = nowUs;
                listener.onEstimate(nowUs, targetBps, streams);
            }
        }
    }

    /**
     * Drops every stream silent for longer than the stream timeout at {@code nowUs}; when none is left,
     * restarts the inter-arrival state and the delay filter. libwebrtc runs this on every packet; the
     * pipeline also runs it on timer ticks.
     *
     * @return the number of streams dropped
     */
    public int timeoutStreams(final long nowUs) {
        final int removed = streams.removeIdle(nowUs, config.streamTimeoutUs());
        if (streams.size() == 0) {
            // No active stream: nothing to compare the next packet with.
            interArrival.reset();
            delayFilter.reset();
            rateControl.onSendClockReset();
            sendTimeSource = SOURCE_NONE;
        }
        return removed;
    }

    /**
     * The earliest time, µs, at which {@link #timeoutStreams(long)} would drop a stream (the first µs at
     * which the oldest stream has been silent for longer than the timeout), or {@link Long#MAX_VALUE}
     * when no stream is live. Before it, {@code timeoutStreams} changes nothing, so a caller that runs it
     * only from this time on gets the same results as one that runs it on every tick.
     */
    public long nextTimeoutUs() {
        final long oldestUs = streams.oldestLastSeenUs();
        return oldestUs == Long.MAX_VALUE ? Long.MAX_VALUE : oldestUs + config.streamTimeoutUs() + 1;
    }

    /** Forgets a stream at once (libwebrtc {@code RemoveStream}); the estimator restarts at the next timeout check. */
    public boolean removeStream(final int ssrc) {
        return streams.remove(ssrc);
    }

    /** Sets the round-trip time the rate controller uses (libwebrtc {@code OnRttUpdate(avg_rtt, max_rtt)}). */
    public void onRttUpdate(final long avgRttUs) {
        rateControl.setRtt(avgRttUs);
    }

    /**
     * Bounds the estimate from now on (see {@link AimdRateControl#setBitrateBounds}); the next update
     * reports the clamped value.
     */
    public void setBitrateBounds(final long minBps, final long maxBps) {
        rateControl.setBitrateBounds(minBps, maxBps);
    }

    /** The estimate, bps; 0 while not valid or when no stream is live. */
    public long latestEstimateBps() {
        if (!rateControl.validEstimate() || streams.size() == 0) {
            return 0;
        }
        return rateControl.latestEstimateBps();
    }

    /** The live SSRCs, ascending unsigned; the view changes as packets and timeouts come. */
    public SsrcSet ssrcs() {
        return streams;
    }

    /** The detector's current state. */
    public BandwidthUsage detectorState() {
        return detector.state();
    }

    /** The incoming bitrate at {@code nowUs}, bps, or -1 while not measurable. */
    public long incomingBitrateBps(final long nowUs) {
        return incomingBitrate.rateBps(Units.usToMs(nowUs));
    }

    /** Number of stored probe packets (for tests and diagnostics). */
    int storedProbeCount() {
        return probes.size();
    }
}
