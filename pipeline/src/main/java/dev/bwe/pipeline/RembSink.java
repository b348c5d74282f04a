package dev.bwe.pipeline;

/**
 * Where the pipeline hands each REMB: typically the relay's RTCP path for the session. Called on the
 * timer stage's thread with a view that is valid only during the call; copy what you keep. Must not
 * block: hand the bytes to another thread through a queue if sending can wait. An exception is
 * counted and logged, and the pipeline goes on.
 */
@FunctionalInterface
public interface RembSink {
    void onRemb(RembView remb);

    /** A sink that drops every REMB (estimation only). */
    RembSink NONE = remb -> { };
}
