package dev.bwe.estimator;

import java.util.List;

/**
 * libwebrtc's {@code RemoteBitrateEstimatorTest} fixture (reference §3.1) around our
 * {@link SingleStreamEstimator}: the same simulated clock, observer, stream generator and helpers as
 * {@link LibwebrtcEstimatorFixture}, but packets carry only their RTP timestamp (the helper registers no
 * toffset, so it is 0) and {@code Process()} runs where the helper calls it, with the clock's time.
 */
class SingleStreamEstimatorFixture {
    long clockUs = 100_000_000L;
    final LibwebrtcEstimatorFixture.Observer observer = new LibwebrtcEstimatorFixture.Observer();
    final SingleStreamEstimator estimator;
    final LibwebrtcStreamGenerator generator;

    SingleStreamEstimatorFixture() {
        estimator = new SingleStreamEstimator(EstimatorConfig.DEFAULT, observer);
        generator = new LibwebrtcStreamGenerator(1_000_000, clockUs);
    }

    long clockMs() {
        return Units.usToMs(clockUs);
    }

    void advanceMs(final long ms) {
        clockUs += ms * 1000;
    }

    void process() {
        estimator.process(clockUs);
    }

    void addDefaultStream() {
        generator.addStream(new LibwebrtcStreamGenerator.RtpStream(30, 300_000,
            LibwebrtcEstimatorFixture.DEFAULT_SSRC, 90_000, 0xFFFFF000));
    }

    /** {@code IncomingPacket}: arrival in whole ms, now from the simulated clock; abs-send-time is not read. */
    void incomingPacket(final int ssrc, final int payloadSizeBytes, final long arrivalTimeMs, final int rtpTimestamp) {
        estimator.incomingPacket(arrivalTimeMs * 1000, clockUs, ssrc, rtpTimestamp, 0, payloadSizeBytes);
    }

    /**
     * One frame through the simulated link, then {@code Process()}; true when a packet's update went below
     * {@code bitrateBps}.
     */
    boolean generateAndProcessFrame(final int bitrateBps) {
        generator.setBitrateBps(bitrateBps);
        final List<LibwebrtcStreamGenerator.Packet> packets = LibwebrtcStreamGenerator.newPacketList();
        final long nextTimeUs = generator.generateFrame(packets, clockUs);
        boolean overuse = false;
        for (final LibwebrtcStreamGenerator.Packet p : packets) {
            observer.reset();
            clockUs = p.arrivalTimeUs;
            incomingPacket(p.ssrc, p.sizeBytes, (p.arrivalTimeUs + 500) / 1000, p.rtpTimestamp);
            if (observer.updated && observer.latestBitrateBps < bitrateBps) {
                overuse = true;
            }
        }
        process();
        // The clock may move backwards here when the link queue delayed the last arrival (as in libwebrtc).
        clockUs = nextTimeUs;
        return overuse;
    }

    /** {@code SteadyStateRun}: returns the bitrate reached; fails when no over-use update was seen. */
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
