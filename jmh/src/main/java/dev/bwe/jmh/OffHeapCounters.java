package dev.bwe.jmh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

/**
 * Counters in direct (off-heap, aligned) memory, as a relay's counters file keeps them, for every
 * {@link Handoff} of a benchmark, so all of them count in the same kind of memory. (The pipeline's own
 * in-memory default lives in a {@code byte[]}, for which Agrona prints an alignment warning.)
 */
final class OffHeapCounters {
    /** Enough for one pipeline's counters (about 40). */
    static final int MAX_COUNTERS = 64;

    private OffHeapCounters() {
    }

    static CountersManager create() {
        return new CountersManager(metadataBuffer(), valuesBuffer(), StandardCharsets.US_ASCII);
    }

    static AtomicBuffer metadataBuffer() {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_COUNTERS * CountersReader.METADATA_LENGTH));
    }

    static AtomicBuffer valuesBuffer() {
        return new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_COUNTERS * CountersReader.COUNTER_LENGTH));
    }
}
