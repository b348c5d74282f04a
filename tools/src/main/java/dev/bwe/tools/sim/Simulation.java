package dev.bwe.tools.sim;

import dev.bwe.estimator.SsrcSet;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * The closed-loop simulator: senders, bottleneck links, cross traffic and the receiver under test, driven
 * by one discrete-event loop in simulated time, as fast as the CPU allows.
 *
 * <pre>
 *   VideoSender ──▶ BottleneckLink (loss, FIFO at capacity(t), delay + jitter) ──▶ SimReceiver
 *        ▲             ▲ TcpLikeCrossTraffic                                          │
 *        └──────────── REMB, after the reverse delay ◀────── RembFeedback ────────────┘
 * </pre>
 *
 * <p>One session per remote peer: each has its own sender and bottleneck; they share the one receiver
 * (as one relay serves many peers). The receiver ticks every {@link SimulationConfig#tickIntervalNs()}
 * and the time series is sampled every {@link SimulationConfig#sampleIntervalNs()}. Every random draw
 * comes from {@link java.util.SplittableRandom}s split in a fixed order from the seed, so a run is a pure
 * function of its config.
 *
 * <p>Not thread-safe; a {@code Simulation} runs once.
 */
public final class Simulation {
    private final SimulationConfig config;
    private final EventLoop loop = new EventLoop();
    private final List<SessionRun> runs = new ArrayList<>();
    private final Long2ObjectHashMap<SessionRun> runsById = new Long2ObjectHashMap<>();
    private final SimReceiver receiver;
    private boolean ran;

    public Simulation(final SimulationConfig config) {
        this.config = config;
        this.receiver = config.receiver().create(this::onRemb);
        final SplittableRandom root = new SplittableRandom(config.seed());
        final Long2ObjectHashMap<BottleneckLink> links = new Long2ObjectHashMap<>();
        for (final SessionConfig session : config.sessions()) {
            final SessionRun run = new SessionRun(session, config, loop, receiver, root.split(),
                links.get(session.linkId()));
            links.putIfAbsent(session.linkId(), run.link());
            runs.add(run);
            runsById.put(session.sessionId(), run);
        }
        long minReverseNs = Long.MAX_VALUE;
        for (final SessionConfig session : config.sessions()) {
            minReverseNs = Math.min(minReverseNs, session.reverseDelayNs());
        }
        receiver.feedbackSlackNs(Math.max(0, minReverseNs - config.tickIntervalNs()));
    }

    /** Runs {@code config} to the end and returns the result. */
    public static SimulationResult run(final SimulationConfig config) {
        return new Simulation(config).run();
    }

    /** Runs to the configured duration. */
    public SimulationResult run() {
        if (ran) {
            throw new IllegalStateException("a Simulation runs once");
        }
        ran = true;
        for (final SessionRun run : runs) {
            run.start();
        }
        scheduleTick(config.tickIntervalNs());
        scheduleSample(config.sampleIntervalNs());
        loop.runUntil(config.durationNs());
        receiver.finish(config.durationNs());
        final List<SessionResult> results = new ArrayList<>(runs.size());
        for (final SessionRun run : runs) {
            results.add(run.result());
        }
        return new SimulationResult(config, results, linkResults(), loop.executedEvents());
    }

    /** One {@link LinkResult} per bottleneck, in order of first use. */
    private List<LinkResult> linkResults() {
        final java.util.Map<Long, List<SessionRun>> byLink = new java.util.LinkedHashMap<>();
        for (final SessionRun run : runs) {
            byLink.computeIfAbsent(run.config().linkId(), id -> new ArrayList<>()).add(run);
        }
        final List<LinkResult> links = new ArrayList<>(byLink.size());
        byLink.forEach((id, sessions) -> links.add(LinkResult.of(id, sessions, config.durationNs())));
        return links;
    }

    private void scheduleTick(final long timeNs) {
        if (timeNs <= config.durationNs()) {
            loop.schedule(timeNs, () -> {
                receiver.advanceTo(timeNs);
                scheduleTick(timeNs + config.tickIntervalNs());
            });
        }
    }

    private void scheduleSample(final long timeNs) {
        if (timeNs <= config.durationNs()) {
            loop.schedule(timeNs, () -> {
                for (final SessionRun run : runs) {
                    run.sample(timeNs);
                }
                scheduleSample(timeNs + config.sampleIntervalNs());
            });
        }
    }

    private void onRemb(final long timeNs, final long sessionId, final long bitrateBps, final SsrcSet ssrcs) {
        final SessionRun run = runsById.get(sessionId);
        if (run == null) {
            throw new IllegalStateException("REMB for unknown session " + sessionId);
        }
        final int[] copy = new int[ssrcs.size()];
        for (int i = 0; i < copy.length; i++) {
            copy[i] = ssrcs.get(i);
        }
        run.onRemb(timeNs, bitrateBps, copy);
    }
}
