package dev.bwe.pipeline;

import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.stat.CountersFile;
import java.util.ArrayList;
import java.util.List;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.status.CountersManager;

/**
 * N independent pipelines behind one facade: a session id is hashed to a shard, and every event of
 * that session goes to it. Shards share nothing but the counters file (each counter still has a
 * single writer).
 */
public final class ShardedPipeline implements AutoCloseable {
    private final BwePipeline[] shards;
    private final CountersFile countersFile;
    private boolean closed;

    private ShardedPipeline(final BwePipeline[] shards, final CountersFile countersFile) {
        this.shards = shards;
        this.countersFile = countersFile;
    }

    /**
     * Starts {@code shardCount} pipelines with the settings of {@code template} (its counters file,
     * if any, is shared by all shards).
     */
    public static ShardedPipeline start(final int shardCount, final BwePipeline.Builder template) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shardCount must be >= 1, was " + shardCount);
        }
        JvmFlags.check(template.journals());
        final CountersFile file = template.countersFilePath() == null ? null
            : CountersFile.create(template.countersFilePath(), template.countersCapacity(shardCount));
        final CountersManager manager = file != null ? file.manager()
            : CountersFile.inMemory((64 + template.sessionCounterRows()) * shardCount);
        final List<BwePipeline> started = new ArrayList<>();
        try {
            for (int i = 0; i < shardCount; i++) {
                started.add(template.copyForShard(i, manager).build());
            }
        } catch (final RuntimeException e) {
            started.forEach(BwePipeline::close);
            if (file != null) {
                file.close();
            }
            throw e;
        }
        return new ShardedPipeline(started.toArray(new BwePipeline[0]), file);
    }

    /** The shard that owns {@code sessionId}: a mixed hash, so sequential ids spread evenly. */
    public int shardOf(final long sessionId) {
        // Stafford's variant 13 of the 64-bit finaliser (as in SplitMix64): cheap and well mixed.
        long z = sessionId;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        z = z ^ (z >>> 31);
        return (int) Long.remainderUnsigned(z, shards.length);
    }

    public BwePipeline shard(final int index) {
        return shards[index];
    }

    public int shardCount() {
        return shards.length;
    }

    public void openSession(final long sessionId, final ExtensionIds extensionIds) {
        shards[shardOf(sessionId)].openSession(sessionId, extensionIds);
    }

    public void openSession(final long sessionId, final SessionSettings settings) {
        shards[shardOf(sessionId)].openSession(sessionId, settings);
    }

    public void closeSession(final long sessionId) {
        shards[shardOf(sessionId)].closeSession(sessionId);
    }

    /** See {@link BwePipeline#updateRtt(long, long)}. */
    public void updateRtt(final long sessionId, final long rttMs) {
        shards[shardOf(sessionId)].updateRtt(sessionId, rttMs);
    }

    /** See {@link BwePipeline#setBitrateBounds(long, long, long)}. */
    public void setBitrateBounds(final long sessionId, final long minBps, final long maxBps) {
        shards[shardOf(sessionId)].setBitrateBounds(sessionId, minBps, maxBps);
    }

    /** See {@link BwePipeline#removeStream(long, int)}. */
    public void removeStream(final long sessionId, final int ssrc) {
        shards[shardOf(sessionId)].removeStream(sessionId, ssrc);
    }

    /** See {@link BwePipeline#setRembSenderSsrc(long, int)}. */
    public void setRembSenderSsrc(final long sessionId, final int ssrc) {
        shards[shardOf(sessionId)].setRembSenderSsrc(sessionId, ssrc);
    }

    /** See {@link BwePipeline#latestEstimateBps(long)}: any thread, no lock. */
    public long latestEstimateBps(final long sessionId) {
        return shards[shardOf(sessionId)].latestEstimateBps(sessionId);
    }

    public boolean publishPacket(final long sessionId, final DirectBuffer buffer, final int offset, final int length,
                                 final long arrivalTimeNs) {
        return shards[shardOf(sessionId)].publishPacket(sessionId, buffer, offset, length, arrivalTimeNs);
    }

    public boolean publishPacket(final long sessionId, final DirectBuffer buffer, final int offset, final int length) {
        return shards[shardOf(sessionId)].publishPacket(sessionId, buffer, offset, length);
    }

    /** Closes every shard (each drains and joins its threads), then the shared counters file. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (final BwePipeline shard : shards) {
            shard.close();
        }
        if (countersFile != null) {
            countersFile.close();
        }
    }
}
