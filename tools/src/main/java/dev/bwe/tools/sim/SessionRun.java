package dev.bwe.tools.sim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One session while a simulation runs: its sender, link and cross traffic wired together, the delivery of
 * its packets to the receiver and of its REMBs back to the sender, and the bookkeeping its
 * {@link SessionResult} is made of.
 *
 * <p>Rates are kept as bits per sample interval ("bucket") by the time they happened: a packet's arrival
 * is known the moment it enters the link, so its bits are added to the bucket of its arrival time at once.
 */
final class SessionRun {
    private final SessionConfig config;
    private final SimulationConfig simulation;
    private final EventLoop loop;
    private final SimReceiver receiver;
    private final BottleneckLink link;
    private final VideoSender sender;
    private final TcpLikeCrossTraffic crossTraffic;

    private final long[] sentBits;
    private final long[] receivedBits;
    private final long[] crossBits;
    private final List<PacketRecord> packets = new ArrayList<>();
    private final List<RembRecord> rembs = new ArrayList<>();
    private final List<Sample> samples = new ArrayList<>();
    private long[] queueingDelaysNs = new long[1024];
    private int delivered;
    private long mediaSent;
    private long mediaLost;
    private long lastRembBps;
    private long firstPacketNs = -1;

    /**
     * @param sharedLink the bottleneck when another session already made it (same {@link SessionConfig#linkId()}),
     *     or null to make this session's own from its {@link SessionConfig#link()}
     */
    SessionRun(final SessionConfig config, final SimulationConfig simulation, final EventLoop loop,
               final SimReceiver receiver, final SplittableRandom random, final BottleneckLink sharedLink) {
        this.config = config;
        this.simulation = simulation;
        this.loop = loop;
        this.receiver = receiver;
        final int buckets = (int) SimTime.ceilDiv(simulation.durationNs(), simulation.sampleIntervalNs()) + 1;
        this.sentBits = new long[buckets];
        this.receivedBits = new long[buckets];
        this.crossBits = new long[buckets];
        // Fixed split order: link, sender, (cross traffic needs none): a session's draws do not depend on others.
        final SplittableRandom linkRandom = random.split();  // drawn even when shared: the split order stays fixed
        this.link = sharedLink != null ? sharedLink : new BottleneckLink(config.link(), linkRandom);
        this.sender = new VideoSender(config.sender(), config.streams(), random.split(), this::onMediaSent);
        this.crossTraffic = config.crossTraffic() == null ? null
            : new TcpLikeCrossTraffic(config.crossTraffic(), link, config.reverseDelayNs(), this::onCrossTransit);
    }

    long sessionId() {
        return config.sessionId();
    }

    BottleneckLink link() {
        return link;
    }

    SessionConfig config() {
        return config;
    }

    /** Media bits delivered in {@code [fromNs, toNs)}, at the resolution of the sample buckets. */
    double deliveredMediaBits(final long fromNs, final long toNs) {
        return bucketSum(receivedBits, fromNs, toNs);
    }

    /** Cross-traffic bits this session's competing flow delivered over the run. */
    double deliveredCrossBits() {
        return bucketSum(crossBits, 0, Long.MAX_VALUE);
    }

    double deliveredMediaBits() {
        return bucketSum(receivedBits, 0, Long.MAX_VALUE);
    }

    private double bucketSum(final long[] buckets, final long fromNs, final long toNs) {
        final long interval = simulation.sampleIntervalNs();
        final long first = Math.max(0, SimTime.ceilDiv(fromNs, interval));
        final long last = Math.min(buckets.length, toNs / interval);
        double total = 0;
        for (long b = first; b < last; b++) {
            total += buckets[(int) b];
        }
        return total;
    }

    void start() {
        receiver.openSession(config.sessionId(), config.absSendTimeExtensionId());
        sender.start(loop);
        if (crossTraffic != null) {
            crossTraffic.start(loop);
        }
    }

    private void onMediaSent(final SimPacket packet) {
        final LinkTransit transit = link.send(packet.sendTimeNs(), packet.wireSizeBytes());
        mediaSent++;
        if (firstPacketNs < 0) {
            firstPacketNs = packet.sendTimeNs();
        }
        addBits(sentBits, packet.sendTimeNs(), packet.wireSizeBytes());
        if (simulation.recordPackets()) {
            packets.add(PacketRecord.of(packet, transit));
        }
        if (transit.dropped()) {
            mediaLost++;
            return;
        }
        if (transit.arrivalTimeNs() > simulation.durationNs()) {
            return;  // Still in flight when the run ends: neither delivered nor counted.
        }
        addBits(receivedBits, transit.arrivalTimeNs(), packet.wireSizeBytes());
        if (delivered == queueingDelaysNs.length) {
            queueingDelaysNs = Arrays.copyOf(queueingDelaysNs, delivered * 2);
        }
        queueingDelaysNs[delivered++] = transit.queueingDelayNs();
        loop.schedule(transit.arrivalTimeNs(), () -> receiver.onPacket(config.sessionId(), transit.arrivalTimeNs(),
            packet));
    }

    private void onCrossTransit(final LinkTransit transit, final int sizeBytes) {
        if (!transit.dropped()) {
            addBits(crossBits, transit.arrivalTimeNs(), sizeBytes);
        }
    }

    private void addBits(final long[] buckets, final long timeNs, final int bytes) {
        final long bucket = timeNs / simulation.sampleIntervalNs();
        if (timeNs <= simulation.durationNs() && bucket < buckets.length) {
            buckets[(int) bucket] += bytes * SimTime.BITS_PER_BYTE;
        }
    }

    /** A REMB for this session left the receiver at {@code timeNs}: record it, carry it back to the sender. */
    void onRemb(final long timeNs, final long bitrateBps, final int[] ssrcs) {
        rembs.add(new RembRecord(timeNs, bitrateBps, ssrcs));
        lastRembBps = bitrateBps;
        final long atSenderNs = timeNs + config.reverseDelayNs();
        if (atSenderNs <= simulation.durationNs()) {
            loop.schedule(atSenderNs, () -> sender.onRemb(atSenderNs, bitrateBps));
        }
    }

    /** Takes the sample at {@code nowNs}, which ends the bucket before it. */
    void sample(final long nowNs) {
        final long intervalNs = simulation.sampleIntervalNs();
        final int lastBucket = (int) (nowNs / intervalNs) - 1;
        final int windowBuckets = (int) Math.max(1, simulation.rateWindowNs() / intervalNs);
        final int firstBucket = Math.max(0, lastBucket - windowBuckets + 1);
        final long spanNs = (long) (lastBucket - firstBucket + 1) * intervalNs;
        samples.add(new Sample(nowNs, config.link().capacity().capacityBpsAt(nowNs), sender.targetBps(),
            rateBps(sentBits, firstBucket, lastBucket, spanNs), rateBps(receivedBits, firstBucket, lastBucket, spanNs),
            rateBps(crossBits, firstBucket, lastBucket, spanNs), lastRembBps, link.queueDelayNs(nowNs)));
    }

    private static long rateBps(final long[] buckets, final int first, final int last, final long spanNs) {
        long bits = 0;
        for (int b = first; b <= last; b++) {
            bits += buckets[b];
        }
        return bits * SimTime.NS_PER_S / spanNs;
    }

    SessionResult result() {
        final long durationNs = simulation.durationNs();
        final double media = sum(receivedBits);
        final double cross = sum(crossBits);
        final SessionMetrics metrics = MetricsCalculator.compute(config.link().capacity(), durationNs, media, cross,
            Arrays.copyOf(queueingDelaysNs, delivered), mediaSent, mediaLost, rembs, firstPacketNs);
        return new SessionResult(config, samples, rembs, packets, metrics,
            crossTraffic == null ? 0 : crossTraffic.segmentsSent(),
            crossTraffic == null ? 0 : crossTraffic.segmentsLost());
    }

    private static double sum(final long[] values) {
        double total = 0;
        for (final long v : values) {
            total += v;
        }
        return total;
    }
}
