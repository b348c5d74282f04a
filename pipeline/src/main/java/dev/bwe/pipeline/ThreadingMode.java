package dev.bwe.pipeline;

/** How the pipeline's stages are mapped onto threads (Aeron's dedicated/shared idea). */
public enum ThreadingMode {
    /** One consumer thread per stage: parse, estimate (and journal, in parallel), timer. */
    DEDICATED,
    /** Every stage on one consumer thread, in the same order: for small machines and many shards. */
    COMPACT
}
