package dev.bwe.pipeline;

/** Who publishes TICK events (and control events) into the ring. */
public enum TickSource {
    /**
     * An Agrona agent on its own thread drains the control queue and publishes a tick every tick
     * interval, reading the pipeline's clock: live use in a relay.
     */
    AGENT,
    /**
     * The caller publishes ticks with {@link BwePipeline#tick(long)}, and open/close are published at
     * once on the calling thread: trace replay through the ring and tests. Driven from one thread, a
     * run is deterministic and equals the single-threaded replay of the same events.
     */
    MANUAL
}
