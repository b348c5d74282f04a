package dev.bwe.estimator;

/**
 * Finds the bitrate of the sender's start-up probes: libwebrtc's probe-cluster logic inside
 * {@code RemoteBitrateEstimatorAbsSendTime} ({@code ProcessClusters}, {@code ComputeClusters},
 * {@code FindBestProbe}).
 *
 * <p>Packets larger than 200 bytes seen at the start of a call are stored as probes. Consecutive
 * send deltas within 2.5 ms of their running mean form a cluster; a cluster of at least 4 deltas
 * whose receive spacing matches its send spacing (−2 ms ≤ send − recv ≤ 5 ms) gives a probe bitrate,
 * min(size/send spacing, size/recv spacing). Clusters are evaluated in order as libwebrtc does,
 * stopping at the first invalid one.
 *
 * <p>Probes live in a preallocated ring that grows by doubling up to {@link #MAX_STORED_PROBES}
 * (growth happens only at start-up); past that the oldest probe is dropped. libwebrtc's list is
 * unbounded, but it is only appended to during the first seconds of a call, so the cap is never
 * reached by a well-behaved sender.
 */
public final class ProbeClusterDetector {
    /** libwebrtc {@code kMinProbePacketSize}: only packets strictly larger are probes. */
    public static final int MIN_PROBE_PACKET_SIZE_BYTES = 200;
    /** libwebrtc {@code kInitialProbingInterval}. */
    public static final long INITIAL_PROBING_INTERVAL_US = 2_000_000;
    static final int MAX_PROBE_PACKETS = 15;
    static final int EXPECTED_NUMBER_OF_PROBES = 3;
    static final int MIN_CLUSTER_SIZE = 4;
    static final long MIN_CLUSTER_DELTA_US = 1_000;
    static final long CLUSTER_BOUND_US = 2_500;
    /** Hard bound on stored probes (a defence against a sender that never lets the estimate settle). */
    public static final int MAX_STORED_PROBES = 8192;
    /** Room for a few clusters; grows (a power of two) for a sender that probes with more. */
    private static final int INITIAL_CAPACITY = 16;

    private long[] sendTimeUs = new long[INITIAL_CAPACITY];
    private long[] recvTimeUs = new long[INITIAL_CAPACITY];
    private int[] sizeBytes = new int[INITIAL_CAPACITY];
    private int head;
    private int size;

    // Running cluster aggregate, reused while walking the probes.
    private int aggCount;
    private int aggNumAboveMinDelta;
    private long aggSendSumUs;
    private long aggRecvSumUs;
    private long aggSizeSumBytes;

    // Results of the walk.
    private int clusterCount;
    private boolean searchStopped;
    private long bestProbeBps;

    /** Forgets every stored probe. */
    public void reset() {
        head = 0;
        size = 0;
    }

    /** Number of stored probes. */
    public int size() {
        return size;
    }

    /** Stores a probe packet. */
    public void add(final long sendTimeUs, final long recvTimeUs, final int sizeBytes) {
        if (size == this.sendTimeUs.length) {
            if (size >= MAX_STORED_PROBES) {
                dropOldest();
            } else {
                grow();
            }
        }
        final int slot = (head + size) & (this.sendTimeUs.length - 1);
        this.sendTimeUs[slot] = sendTimeUs;
        this.recvTimeUs[slot] = recvTimeUs;
        this.sizeBytes[slot] = sizeBytes;
        size++;
    }

    /**
     * Looks for a usable probe cluster.
     *
     * @param validEstimate whether the rate controller has a valid estimate
     * @param currentEstimateBps its estimate
     * @return the probe bitrate when it improves on the estimate (the caller then sets it), else -1
     */
    public long processClusters(final boolean validEstimate, final long currentEstimateBps) {
        computeClusters();
        if (clusterCount == 0) {
            // No cluster with a full set of probes: make room by dropping the oldest.
            if (size >= MAX_PROBE_PACKETS) {
                dropOldest();
            }
            return -1;
        }
        if (bestProbeBps > 0) {
            final boolean initialProbe = !validEstimate;
            final boolean aboveEstimate = validEstimate && bestProbeBps > currentEstimateBps;
            if (initialProbe || aboveEstimate) {
                return bestProbeBps;
            }
        }
        // Probing is over, or these were not probes.
        if (clusterCount >= EXPECTED_NUMBER_OF_PROBES) {
            reset();
        }
        return -1;
    }

    private void computeClusters() {
        clusterCount = 0;
        searchStopped = false;
        bestProbeBps = 0;
        clearAggregate();
        final int mask = sendTimeUs.length - 1;
        for (int i = 1; i < size; i++) {
            final int cur = (head + i) & mask;
            final int prev = (head + i - 1) & mask;
            final long sendDeltaUs = sendTimeUs[cur] - sendTimeUs[prev];
            final long recvDeltaUs = recvTimeUs[cur] - recvTimeUs[prev];
            if (sendDeltaUs >= MIN_CLUSTER_DELTA_US && recvDeltaUs >= MIN_CLUSTER_DELTA_US) {
                ++aggNumAboveMinDelta;
            }
            if (!isWithinClusterBounds(sendDeltaUs)) {
                maybeAddCluster();
                clearAggregate();
            }
            aggSendSumUs += sendDeltaUs;
            aggRecvSumUs += recvDeltaUs;
            aggSizeSumBytes += sizeBytes[cur];
            ++aggCount;
        }
        maybeAddCluster();
    }

    private boolean isWithinClusterBounds(final long sendDeltaUs) {
        if (aggCount == 0) {
            return true;
        }
        final long clusterMeanUs = aggSendSumUs / aggCount;
        return Math.abs(sendDeltaUs - clusterMeanUs) < CLUSTER_BOUND_US;
    }

    private void maybeAddCluster() {
        if (aggCount < MIN_CLUSTER_SIZE || aggSendSumUs <= 0 || aggRecvSumUs <= 0) {
            return;
        }
        clusterCount++;
        if (searchStopped) {
            return;
        }
        final long sendMeanUs = aggSendSumUs / aggCount;
        final long recvMeanUs = aggRecvSumUs / aggCount;
        final long meanSizeBytes = aggSizeSumBytes / aggCount;
        if (sendMeanUs == 0 || recvMeanUs == 0) {
            return;
        }
        if (aggNumAboveMinDelta > aggCount / 2
            && recvMeanUs - sendMeanUs <= 2_000
            && sendMeanUs - recvMeanUs <= 5_000) {
            final long sendBitrateBps = Units.bytesPerDurationToBps(meanSizeBytes, sendMeanUs);
            final long recvBitrateBps = Units.bytesPerDurationToBps(meanSizeBytes, recvMeanUs);
            final long probeBitrateBps = Math.min(sendBitrateBps, recvBitrateBps);
            if (probeBitrateBps > bestProbeBps) {
                bestProbeBps = probeBitrateBps;
            }
        } else {
            // libwebrtc stops at the first invalid cluster.
            searchStopped = true;
        }
    }

    private void clearAggregate() {
        aggCount = 0;
        aggNumAboveMinDelta = 0;
        aggSendSumUs = 0;
        aggRecvSumUs = 0;
        aggSizeSumBytes = 0;
    }

    private void dropOldest() {
        head = (head + 1) & (sendTimeUs.length - 1);
        size--;
    }

    private void grow() {
        final int capacity = sendTimeUs.length;
        final long[] newSend = new long[capacity * 2];
        final long[] newRecv = new long[capacity * 2];
        final int[] newSize = new int[capacity * 2];
        for (int i = 0; i < size; i++) {
            final int slot = (head + i) & (capacity - 1);
            newSend[i] = sendTimeUs[slot];
            newRecv[i] = recvTimeUs[slot];
            newSize[i] = sizeBytes[slot];
        }
        sendTimeUs = newSend;
        recvTimeUs = newRecv;
        sizeBytes = newSize;
        head = 0;
    }
}
