package dev.bwe.tools.sim;

import dev.bwe.estimator.AbsSendTime;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One session's sender: its streams ({@link StreamConfig}), one target bitrate that follows the REMBs it
 * receives, one pacer and one abs-send-time clock shared by all streams (as a WebRTC peer connection has).
 *
 * <p><b>Bitrate.</b> The target starts at {@link SenderConfig#startBitrateBps()}; each REMB sets it,
 * clamped to [min, max]. Constant-rate streams (audio) take their fixed payload rate off the top, and the
 * rest is split among the video streams active at the time, by weight. Bitrates count RTP payload, as
 * the estimator and REMB do; headers come on top on the wire.
 *
 * <p><b>Video.</b> Each video stream captures a frame every {@code 1 / fps} s whose size is its share of
 * the target divided by the frame rate (a perfect encoder: no key frames, no size noise), cuts it into
 * near-equal packets of at most {@link SenderConfig#maxPayloadBytes()}, and queues them in the
 * {@link Pacer}, which runs at {@link SenderConfig#pacingFactor()} × the target.
 *
 * <p><b>Stamping.</b> A packet gets its RTP sequence number and its 24-bit abs-send-time
 * ({@link AbsSendTime#fromMicros(long)} of the send time plus the sender's clock offset) when it leaves
 * the pacer. Constant-rate packets skip the pacer and leave when produced, as libwebrtc sends audio
 * unpaced. Sequence numbers, RTP timestamp bases and the clock offset are drawn from the seeded random
 * source, so that wrap-arounds happen at different moments in different sessions.
 */
public final class VideoSender {
    private final SenderConfig config;
    private final StreamConfig[] streams;
    private final PacketSink sink;
    private final Pacer pacer;
    private final int[] nextSequence;
    private final int[] rtpTimestampBase;
    private final long clockOffsetUs;

    private EventLoop loop;
    private long targetBps;
    private boolean pacerScheduled;
    private long framesProduced;
    private long packetsSent;

    public VideoSender(final SenderConfig config, final List<StreamConfig> streams, final SplittableRandom random,
                       final PacketSink sink) {
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("a sender needs at least one stream");
        }
        this.config = config;
        this.streams = streams.toArray(new StreamConfig[0]);
        this.sink = sink;
        this.targetBps = config.startBitrateBps();
        this.pacer = new Pacer(pacingRateBps());
        this.nextSequence = new int[this.streams.length];
        this.rtpTimestampBase = new int[this.streams.length];
        for (int i = 0; i < this.streams.length; i++) {
            nextSequence[i] = random.nextInt(1 << 16);
            rtpTimestampBase[i] = random.nextInt();
        }
        this.clockOffsetUs = random.nextLong(AbsSendTime.WRAP_PERIOD_US);
    }

    /** Schedules every stream's first frame or packet on {@code eventLoop}. */
    public void start(final EventLoop eventLoop) {
        if (loop != null) {
            throw new IllegalStateException("sender already started");
        }
        this.loop = eventLoop;
        for (int i = 0; i < streams.length; i++) {
            final int index = i;
            final StreamConfig stream = streams[i];
            final long firstNs = Math.max(stream.startNs(), eventLoop.nowNs());
            if (stream.kind() == StreamConfig.Kind.VIDEO) {
                eventLoop.schedule(firstNs, () -> onFrame(index, firstNs, 0));
            } else {
                eventLoop.schedule(firstNs, () -> onConstantPacket(index, firstNs, 0));
            }
        }
    }

    /** A REMB of {@code bitrateBps} reached the sender at {@code nowNs}; frames captured from now on follow it. */
    public void onRemb(final long nowNs, final long bitrateBps) {
        if (!config.feedbackEnabled()) {
            return;
        }
        targetBps = config.clamp(bitrateBps);
        pacer.setRateBps(pacingRateBps());
    }

    /** The session target, bps of payload. */
    public long targetBps() {
        return targetBps;
    }

    public long framesProduced() {
        return framesProduced;
    }

    public long packetsSent() {
        return packetsSent;
    }

    /** Packets waiting in the pacer. */
    public int pacerQueueLength() {
        return pacer.size();
    }

    private long pacingRateBps() {
        return Math.max(1, Math.round(targetBps * config.pacingFactor()));
    }

    /** The bitrate of video stream {@code index} at {@code nowNs}: its weighted share of what audio leaves. */
    long videoStreamBps(final int index, final long nowNs) {
        long constantBps = 0;
        double activeWeight = 0;
        for (final StreamConfig s : streams) {
            if (s.activeAt(nowNs)) {
                constantBps += s.constantPayloadBps();
                activeWeight += s.kind() == StreamConfig.Kind.VIDEO ? s.weight() : 0;
            }
        }
        final long videoBps = Math.max(0, targetBps - constantBps);
        return Math.round(videoBps * streams[index].weight() / activeWeight);
    }

    /** Frame {@code frameIndex} of stream {@code index}, whose first frame was captured at {@code firstNs}. */
    private void onFrame(final int index, final long firstNs, final long frameIndex) {
        final StreamConfig stream = streams[index];
        final long captureNs = loop.nowNs();
        if (captureNs >= stream.stopNs()) {
            return;
        }
        framesProduced++;
        final long frameBytes = Math.round(videoStreamBps(index, captureNs) / stream.frameRateFps()
            / SimTime.BITS_PER_BYTE);
        if (frameBytes > 0) {
            final int rtpTimestamp = rtpTimestamp(index, captureNs);
            final int max = config.maxPayloadBytes();
            final int packets = (int) SimTime.ceilDiv(frameBytes, max);
            final int base = (int) (frameBytes / packets);
            final int extra = (int) (frameBytes % packets);
            for (int p = 0; p < packets; p++) {
                pacer.enqueue(new Pacer.PendingPacket(index, base + (p < extra ? 1 : 0), rtpTimestamp,
                    p == packets - 1));
            }
            schedulePacer();
        }
        // Frame k is captured at first + round(k / fps): no drift from a rounded frame interval.
        final long next = firstNs + Math.round((frameIndex + 1) * SimTime.NS_PER_S / stream.frameRateFps());
        if (next < stream.stopNs()) {
            loop.schedule(next, () -> onFrame(index, firstNs, frameIndex + 1));
        }
    }

    private void onConstantPacket(final int index, final long firstNs, final long packetIndex) {
        final StreamConfig stream = streams[index];
        final long nowNs = loop.nowNs();
        if (nowNs >= stream.stopNs()) {
            return;
        }
        emit(index, stream.payloadBytes(), rtpTimestamp(index, nowNs), false, nowNs);
        final long next = firstNs + (packetIndex + 1) * stream.intervalNs();
        if (next < stream.stopNs()) {
            loop.schedule(next, () -> onConstantPacket(index, firstNs, packetIndex + 1));
        }
    }

    private void schedulePacer() {
        if (!pacerScheduled && !pacer.isEmpty()) {
            pacerScheduled = true;
            loop.schedule(pacer.nextSendTimeNs(loop.nowNs()), this::onPacer);
        }
    }

    private void onPacer() {
        pacerScheduled = false;
        final long nowNs = loop.nowNs();
        final Pacer.PendingPacket packet = pacer.poll(nowNs);
        emit(packet.streamIndex(), packet.payloadBytes(), packet.rtpTimestamp(), packet.marker(), nowNs);
        schedulePacer();
    }

    private void emit(final int index, final int payloadBytes, final int rtpTimestamp, final boolean marker,
                      final long nowNs) {
        final int sequence = nextSequence[index];
        nextSequence[index] = (sequence + 1) & 0xFFFF;
        final int absSendTime = AbsSendTime.fromMicros(nowNs / SimTime.NS_PER_US + clockOffsetUs);
        packetsSent++;
        sink.send(new SimPacket(streams[index].ssrc(), sequence, rtpTimestamp, absSendTime, payloadBytes, marker,
            nowNs));
    }

    private int rtpTimestamp(final int index, final long captureNs) {
        // Rounded to the nearest tick: frame k of a 30 fps stream is at exactly 3000·k on the 90 kHz clock.
        final long ticks = Math.floorDiv(captureNs * streams[index].clockRateHz() + SimTime.NS_PER_S / 2,
            SimTime.NS_PER_S);
        return rtpTimestampBase[index] + (int) ticks;
    }
}
