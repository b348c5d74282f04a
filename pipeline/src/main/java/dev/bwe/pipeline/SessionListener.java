package dev.bwe.pipeline;

/**
 * Told when a session of a pipeline opens or closes (metrics bindings add and remove per-session meters
 * with it). Called on the thread that called {@link BwePipeline#openSession} or
 * {@link BwePipeline#closeSession}, after the event is in the ring, never on a stage thread: a listener
 * may take its time without delaying packets. On {@link BwePipeline#close()} every session still open
 * is reported closed. A listener that throws is logged; the pipeline goes on.
 */
public interface SessionListener {
    /** {@code sessionId} was opened on the pipeline of shard {@code shard}. */
    void onSessionOpened(int shard, long sessionId);

    /** {@code sessionId} was closed (or its pipeline closed) on shard {@code shard}. */
    void onSessionClosed(int shard, long sessionId);
}
