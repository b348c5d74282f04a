package dev.bwe.estimator;

import java.util.List;

/**
 * libwebrtc's {@code RemoteBitrateEstimatorTest} fixture (reference §3.1) around our
 * {@link RemoteBitrateEstimator}: a simulated receiver clock starting at 100 s, a test observer, the
 * stream generator, and the helpers {@code GenerateAndProcessFrame} and {@code SteadyStateRun}.
 * {@code Process()} is a no-op in the abs-send-time estimator and is therefore not modelled.
 */
class LibwebrtcEstimatorFixture {
    static final int DEFAULT_SSRC = 1;
    static final int NUM_INITIAL_PACKETS = 2;
    static final int ACCEPTED_BITRATE_ERROR_BPS = 50_000;

    /** libwebrtc's {@code TestBitrateObserver}. */
    static final class Observer implements EstimateListener {
        boolean updated;
        long latestBitrateBps;
        int latestSsrcCount;

        @Override
        public void onEstimate(final long timeUs, final long bitrateBps, final SsrcSet ssrcs) {
            latestBitrateBps = bitrateBps;
            latestSsrcCount = ssrcs.size();
            updated = true;
        }

        void reset() {
            updated = false;
        }
    }

    long clockUs = 100_000_000L;
    long arrivalTimeOffsetMs;
    final Observer observer = new Observer();
    final RemoteBitrateEstimator estimator;
    final LibwebrtcStreamGenerator generator;

    LibwebrtcEstimatorFixture() {
        this(EstimatorConfig.DEFAULT);
    }

    LibwebrtcEstimatorFixture(final EstimatorConfig config) {
        estimator = new RemoteBitrateEstimator(config, observer);
        generator = new LibwebrtcStreamGenerator(1_000_000, clockUs);
    }

    long clockMs() {
        return Units.usToMs(clockUs);
    }

    void advanceMs(final long ms) {
        clockUs += ms * 1000;
    }

    void addDefaultStream() {
        generator.addStream(new LibwebrtcStreamGenerator.RtpStream(30, 300_000, DEFAULT_SSRC, 90_000, 0xFFFFF000));
    }

    /** libwebrtc's test {@code AbsSendTime(t, denom)}: rounded. */
    static int absSendTime(final long t, final long denom) {
        return AbsSendTime.fromFraction(t, denom);
    }

    static int addAbsSendTime(final int a, final int b) {
        return AbsSendTime.add(a, b);
    }

    /** {@code IncomingPacket}: arrival in whole ms (plus the test offset), now from the simulated clock. */
    void incomingPacket(final int ssrc, final int payloadSizeBytes, final long arrivalTimeMs, final int absSendTime24) {
        estimator.incomingPacket((arrivalTimeMs + arrivalTimeOffsetMs) * 1000, clockUs, ssrc, absSendTime24,
            payloadSizeBytes);
    }

    /** One frame through the simulated link into the estimator; true when an update went below {@code bitrateBps}. */
    boolean generateAndProcessFrame(final int bitrateBps) {
        generator.setBitrateBps(bitrateBps);
        final List<LibwebrtcStreamGenerator.Packet> packets = LibwebrtcStreamGenerator.newPacketList();
        final long nextTimeUs = generator.generateFrame(packets, clockUs);
        boolean overuse = false;
        for (final LibwebrtcStreamGenerator.Packet p : packets) {
            observer.reset();
            clockUs = p.arrivalTimeUs;
            incomingPacket(p.ssrc, p.sizeBytes, (p.arrivalTimeUs + 500) / 1000, absSendTime(p.sendTimeUs, 1_000_000));
            if (observer.updated && observer.latestBitrateBps < bitrateBps) {
                overuse = true;
            }
        }
        // The clock may move backwards here when the link queue delayed the last arrival (as in libwebrtc).
        clockUs = nextTimeUs;
        return overuse;
    }

    /** {@code SteadyStateRun}: returns the bitrate reached; fails when no update was seen. */
    long steadyStateRun(final int maxFrames, final long startBitrateBps, final long minBitrateBps,
                        final long maxBitrateBps, final long targetBitrateBps) {
        long bitrateBps = startBitrateBps;
        boolean updateSeen = false;
        for (int i = 0; i < maxFrames; i++) {
            final boolean overuse = generateAndProcessFrame((int) bitrateBps);
            if (overuse) {
                if (!(observer.latestBitrateBps < maxBitrateBps && observer.latestBitrateBps > minBitrateBps)) {
                    throw new AssertionError("over-use bitrate " + observer.latestBitrateBps + " outside ("
                        + minBitrateBps + ", " + maxBitrateBps + ")");
                }
                bitrateBps = observer.latestBitrateBps;
                updateSeen = true;
            } else if (observer.updated) {
                bitrateBps = observer.latestBitrateBps;
                observer.reset();
            }
            if (updateSeen && bitrateBps > targetBitrateBps) {
                break;
            }
        }
        if (!updateSeen) {
            throw new AssertionError("no over-use update seen in steady state");
        }
        return bitrateBps;
    }
}
