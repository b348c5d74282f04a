package dev.bwe.relay.chart;

import dev.bwe.relay.RelayEndpoint;
import dev.bwe.relay.RembLog;
import dev.bwe.relay.RembRecord;
import dev.bwe.relay.shaper.UdpShaper;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Every interval (500 ms on the relay), one {@link TimelineRow}: reads what the relay's parts already keep
 * (shaper capacity and per-packet queue record, bwe's latest estimate and REMB log, the reference REMBs, the
 * page's browser readings) and appends it with any REMBs sent since the last sample. Reads each shaper's record
 * and the REMB log from where it stopped last time, so a sample costs what arrived since, not the whole run.
 * Runs on one thread (the relay's chart ticker).
 */
public final class TimelineSampler implements Runnable {
    private static final System.Logger LOG = System.getLogger(TimelineSampler.class.getName());
    private static final double P95 = 0.95;

    private final long startNs;
    private final RelayEndpoint endpoint;
    private final Supplier<UdpShaper> shaper;
    private final Supplier<UdpShaper> referenceShaper;
    private final RembLog referenceRembs;
    private final BrowserReadings browser;
    private final RunTimeline timeline;
    private int queueIndex;
    private int referenceQueueIndex;
    private UdpShaper lastReferenceShaper;
    private int rembIndex;

    /**
     * @param startNs         {@link System#nanoTime()} of the timeline's t = 0
     * @param shaper          the shaper in front of bwe, or a supplier of null
     * @param referenceShaper the reference pair's shaper once connected, or null
     */
    public TimelineSampler(final long startNs, final RelayEndpoint endpoint, final Supplier<UdpShaper> shaper,
                           final Supplier<UdpShaper> referenceShaper, final RembLog referenceRembs,
                           final BrowserReadings browser, final RunTimeline timeline) {
        this.startNs = startNs;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
        this.shaper = Objects.requireNonNull(shaper, "shaper");
        this.referenceShaper = Objects.requireNonNull(referenceShaper, "referenceShaper");
        this.referenceRembs = Objects.requireNonNull(referenceRembs, "referenceRembs");
        this.browser = Objects.requireNonNull(browser, "browser");
        this.timeline = Objects.requireNonNull(timeline, "timeline");
    }

    /** Seconds since the timeline's t = 0. */
    public double seconds(final long nanoTime) {
        return (nanoTime - startNs) / 1e9;
    }

    @Override
    public void run() {
        try {
            sample(System.nanoTime());
        } catch (final RuntimeException e) {
            // A scheduled task that throws is cancelled silently: log and keep sampling.
            LOG.log(Level.ERROR, "chart sample failed", e);
        }
    }

    /** Takes one sample at {@code nowNs}. */
    public void sample(final long nowNs) {
        final List<RembRecord> sent = endpoint.sentRembs().from(rembIndex);
        rembIndex += sent.size();
        for (final RembRecord r : sent) {
            timeline.addRemb(new TimelinePoint(seconds(r.timeNs()), r.bitrateBps()));
        }
        final UdpShaper s = shaper.get();
        double queueMs = Double.NaN;
        if (s != null) {
            final List<UdpShaper.Sample> batch = s.samplesFrom(queueIndex);
            queueIndex += batch.size();
            queueMs = p95Ms(batch);
        }
        final UdpShaper ref = referenceShaper.get();
        double refQueueMs = Double.NaN;
        if (ref != null) {
            if (ref != lastReferenceShaper) {
                lastReferenceShaper = ref;
                referenceQueueIndex = 0;
            }
            final List<UdpShaper.Sample> batch = ref.samplesFrom(referenceQueueIndex);
            referenceQueueIndex += batch.size();
            refQueueMs = p95Ms(batch);
        }
        final long estimate = endpoint.latestEstimateBps();
        final RembRecord refRemb = referenceRembs.last();
        final BrowserReadings.Reading mine = browser.relay(nowNs);
        final BrowserReadings.Reading theirs = browser.reference(nowNs);
        timeline.add(new TimelineRow(seconds(nowNs), capacityBps(s, nowNs), estimate > 0 ? estimate : Double.NaN,
            mine == null ? Double.NaN : mine.availableOutgoingBps(), mine == null ? Double.NaN : mine.sendBps(),
            queueMs, capacityBps(ref, nowNs), refRemb == null ? Double.NaN : refRemb.bitrateBps(),
            theirs == null ? Double.NaN : theirs.availableOutgoingBps(),
            theirs == null ? Double.NaN : theirs.sendBps(), refQueueMs, endpoint.sessionId()));
    }

    /** The capacity in force now; before the first media packet, the schedule's first rate. */
    static double capacityBps(final UdpShaper s, final long nowNs) {
        if (s == null) {
            return Double.NaN;
        }
        final long origin = s.originNs();
        return s.capacity().bitrateBpsAt(origin == 0 ? 0 : nowNs - origin);
    }

    /** 95th percentile of the queueing delay of the packets that got through, ms; NaN when none did. */
    static double p95Ms(final List<UdpShaper.Sample> batch) {
        final long[] delays = batch.stream().filter(x -> !x.dropped()).mapToLong(UdpShaper.Sample::queueDelayNs)
            .toArray();
        if (delays.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(delays);
        return delays[Math.min(delays.length - 1, (int) (P95 * delays.length))] / 1e6;
    }
}
