package dev.bwe.tools.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The registry of named scenarios, the ones {@code bwe simulate} and {@code bwe demo} offer.
 *
 * <p>Unless said otherwise a session sends one 30 fps video stream (SSRC {@code 0x1000 + n}) from a start
 * of 300 kbps (the sender's REMB range is [50 kbps, 5 Mbps]), over a drop-tail bottleneck of 300 ms with a
 * 50 ms one-way delay both ways, to the libwebrtc-default {@link EstimatorReceiver}.
 */
public final class Scenarios {
    /** One-way delay of RFC 8867's wired test cases. */
    static final long DELAY_MS = 50;
    /** When the demo's third session's second video stream (SSRC 0x3002) stops sending. */
    static final long DEMO_SILENT_AT_MS = 20_000;

    private static final Map<String, Scenario> REGISTRY = new LinkedHashMap<>();

    static {
        register(new Scenario("steady-1mbps",
            "One video flow over a constant 1 Mbps bottleneck for 60 s: the estimate should settle near capacity "
                + "with a bounded queue.",
            () -> single(CapacitySchedule.constant(1_000_000), 60)));
        register(new Scenario("capacity-drop",
            "One video flow; the bottleneck falls from 2.5 Mbps to 1 Mbps at 30 s (60 s run): how fast does the "
                + "estimate follow it down?",
            () -> single(CapacitySchedule.parse("2.5mbps@0s,1mbps@30s"), 60)));
        register(new Scenario("rfc8867-variable",
            "RFC 8867 §5.1, variable available capacity with a single flow: 1.0, 2.5, 0.6, 1.0 Mbps from "
                + "0/40/60/80 s, 50 ms one-way delay, 300 ms drop-tail queue, no loss, 100 s.",
            () -> rfc8867Variable(0)));
        register(new Scenario("rfc8867-variable-jitter",
            "rfc8867-variable with RFC 8867 §5.1's maximum end-to-end jitter of 30 ms (uniform, no reordering).",
            () -> rfc8867Variable(30)));
        register(new Scenario("tcp-competition",
            "RFC 8867 §5.6-like: one video flow (from 5 s) against one long TCP-like flow (from 0 s) on a 2 Mbps "
                + "bottleneck, 50 ms delay, 300 ms queue, 120 s.",
            Scenarios::tcpCompetition));
        register(new Scenario("cellular",
            "One video flow over a cellular-like link for 120 s: capacity a random walk every 250 ms around "
                + "1.5 Mbps (0.3-4 Mbps) with a fade to at most 100 kbps for 0.5-3 s every 10-30 s; 50 ms delay, "
                + "300 ms queue. --seed picks the walk (seeds 1-5 are the reference set).",
            Scenarios::cellular));
        register(new Scenario("shared-3-flows",
            "Three sessions share one 3.5 Mbps bottleneck (50 ms delay, 300 ms queue), joining at 0, 10 and 20 s, "
                + "90 s: Jain fairness between them once all three send.",
            Scenarios::sharedThreeFlows));
        register(new Scenario("demo",
            "Three sessions, 40 s: steady 1.5 Mbps; 2.5 Mbps dropping to 800 kbps at 20 s; 1.2 Mbps with audio and "
                + "two video streams, one of which goes silent at 20 s.",
            Scenarios::demo));
    }

    private Scenarios() {
    }

    private static void register(final Scenario scenario) {
        REGISTRY.put(scenario.name(), scenario);
    }

    /** Every scenario name, in registry order. */
    public static List<String> names() {
        return Collections.unmodifiableList(new ArrayList<>(REGISTRY.keySet()));
    }

    /** Every scenario, in registry order. */
    public static List<Scenario> all() {
        return Collections.unmodifiableList(new ArrayList<>(REGISTRY.values()));
    }

    /**
     * The scenario called {@code name}.
     *
     * @throws IllegalArgumentException naming the known scenarios if there is none
     */
    public static Scenario byName(final String name) {
        final Scenario scenario = REGISTRY.get(name);
        if (scenario == null) {
            throw new IllegalArgumentException("unknown scenario '" + name + "'; known: " + String.join(", ", names()));
        }
        return scenario;
    }

    private static LinkConfig.Builder link(final CapacitySchedule capacity) {
        return LinkConfig.builder(capacity).propagationDelayMs(DELAY_MS).queueLimit(QueueLimit.millis(300));
    }

    private static SimulationConfig single(final CapacitySchedule capacity, final long durationS) {
        return SimulationConfig.builder()
            .durationMs(durationS * 1000)
            .addSession(SessionConfig.builder(1)
                .link(link(capacity).build())
                .addStream(StreamConfig.video(0x1001))
                .build())
            .build();
    }

    /**
     * RFC 8867 §5.1 (Variable Available Capacity with a Single Flow): reference bottleneck capacity 1 Mbps,
     * varied by the ratios 1.0, 2.5, 0.6, 1.0 starting at 0, 40, 60 and 80 s; one-way propagation delay
     * 50 ms; maximum end-to-end jitter 30 ms; drop-tail queue of 300 ms; no path loss; one media flow;
     * 100 s. The same schedule is used by the Cisco ns-3 RMCAT suite ({@code rmcat-test-case-5.1}). The
     * estimator sees the jitter badly, so it is a separate scenario.
     */
    private static SimulationConfig rfc8867Variable(final long jitterMaxMs) {
        final CapacitySchedule capacity = CapacitySchedule.parse("1mbps@0s,2.5mbps@40s,0.6mbps@60s,1mbps@80s");
        return SimulationConfig.builder()
            .durationMs(100_000)
            .addSession(SessionConfig.builder(1)
                .link(link(capacity).jitterMaxMs(jitterMaxMs).build())
                .addStream(StreamConfig.video(0x1001))
                .build())
            .build();
    }

    /**
     * After RFC 8867 §5.6 (Media Flow Competing with a Long TCP Flow): 2 Mbps bottleneck, 50 ms one-way
     * delay, 300 ms drop-tail queue (the RFC also asks for 1000 ms), the TCP flow from 0 s and the media
     * flow from 5 s, 120 s.
     */
    private static SimulationConfig tcpCompetition() {
        return SimulationConfig.builder()
            .durationMs(120_000)
            .addSession(SessionConfig.builder(1)
                .link(link(CapacitySchedule.constant(2_000_000)).build())
                .addStream(StreamConfig.video(0x1001).activeBetweenMs(5_000, Long.MAX_VALUE))
                .crossTraffic(CrossTrafficConfig.tcp())
                .build())
            .build();
    }

    /** One flow over {@link CellularCapacity#generate} for {@code seed}: 120 s, 50 ms delay, 300 ms queue. */
    private static SimulationConfig cellular(final long seed) {
        final long durationMs = 120_000;
        return SimulationConfig.builder()
            .durationMs(durationMs)
            .addSession(SessionConfig.builder(1)
                .link(link(CellularCapacity.generate(seed, durationMs)).build())
                .addStream(StreamConfig.video(0x1001))
                .build())
            .build();
    }

    /**
     * Three senders behind one 3.5 Mbps bottleneck (one link id), the second and third joining 10 s and 20 s
     * after the first, 90 s: from 20 s on, do they share it fairly?
     */
    private static SimulationConfig sharedThreeFlows() {
        final LinkConfig shared = link(CapacitySchedule.constant(3_500_000)).build();
        final SimulationConfig.Builder config = SimulationConfig.builder().durationMs(90_000);
        for (int s = 1; s <= 3; s++) {
            config.addSession(SessionConfig.builder(s)
                .link(shared)
                .linkId(1)
                .addStream(StreamConfig.video(s * 0x1000 + 1).activeBetweenMs((s - 1) * 10_000L, Long.MAX_VALUE))
                .build());
        }
        return config.build();
    }

    /**
     * Three peers of one relay, 40 s. The senders start at 800 kbps rather than 300 kbps so that the
     * estimates (valid after 5 s, then +8 %/s) are near capacity before the events at 20 s.
     */
    private static SimulationConfig demo() {
        final SenderConfig sender = SenderConfig.builder().startBitrateBps(800_000).build();
        return SimulationConfig.builder()
            .durationMs(40_000)
            .addSession(SessionConfig.builder(1)
                .link(link(CapacitySchedule.constant(1_500_000)).build())
                .sender(sender)
                .addStream(StreamConfig.video(0x1001))
                .build())
            .addSession(SessionConfig.builder(2)
                .link(link(CapacitySchedule.parse("2.5mbps@0s,800kbps@20s")).build())
                .sender(sender)
                .addStream(StreamConfig.video(0x2001))
                .build())
            .addSession(SessionConfig.builder(3)
                .link(link(CapacitySchedule.constant(1_200_000)).propagationDelayMs(30).build())
                .sender(sender)
                .addStream(StreamConfig.audio(0x3000))
                .addStream(StreamConfig.video(0x3001).withWeight(2))
                .addStream(StreamConfig.video(0x3002).activeBetweenMs(0, DEMO_SILENT_AT_MS))
                .build())
            .build();
    }
}
