package dev.bwe.pipeline.journal;

import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.stage.EventRecorder;
import dev.bwe.pipeline.stat.PipelineCounters;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.agrona.BitUtil;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.LongHashSet;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RecordDescriptor;

/**
 * The timer thread's side of the journal: copies each event (with its parse and estimate outputs), its
 * estimate update and the REMBs the timer decided into a bounded buffer (an Agrona one-to-one ring of
 * {@link JournalConfig#bufferBytes()}) that the journal thread drains. It never waits
 * ({@link JournalConfig.Overflow#DROP}): when the buffer is full, lossy records (packets, estimate
 * updates, REMBs) are lost and counted, the others (ticks, session and control events) are held here in
 * order, and as soon as there is room a GAP record (how many, which time range, which sessions) goes in,
 * followed by the held records. Nothing is allocated per record; holding records during a gap may grow
 * the hold buffer (a rare, non-steady state).
 */
final class JournalFeed implements EventRecorder {
    private final OneToOneRingBuffer ring;
    private final MutableDirectBuffer buffer;
    private final boolean waitWhenFull;
    private final PipelineCounters counters;
    private final JournalWriter writer;

    private static final VarHandle ACCEPTED;

    static {
        try {
            ACCEPTED = MethodHandles.lookup().findVarHandle(JournalFeed.class, "accepted", long.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Records put in the ring (written by the timer thread only, published with release semantics); the
     * writer counts those it took out: the difference is the lag.
     */
    private long accepted;

    private boolean inGap;
    private long gapLostRecords;
    private long gapLostPackets;
    private long gapFirstNs;
    private long gapLastNs;
    private boolean gapAllSessions;
    private final LongHashSet gapSessions = new LongHashSet();
    /** Never-lost records that came during a gap, framed as [type u8][length u16][body]. */
    private final ExpandableArrayBuffer held = new ExpandableArrayBuffer(4096);
    private int heldBytes;
    /** Ring space the held records need (each with the ring's record header, aligned). */
    private int heldRingBytes;

    JournalFeed(final OneToOneRingBuffer ring, final JournalConfig config, final PipelineCounters counters,
                final JournalWriter writer) {
        this.ring = ring;
        this.buffer = ring.buffer();
        this.waitWhenFull = config.overflow() == JournalConfig.Overflow.WAIT;
        this.counters = counters;
        this.writer = writer;
    }

    @Override
    public void recordEvent(final PipelineEvent event) {
        final JournalRecordType type = JournalRecords.eventRecordType(event.type);
        if (type == null || !writer.isEnabled()) {
            return;
        }
        final int length = type.bodyBytes();
        final int index = claim(type.code(), length);
        if (index >= 0) {
            JournalRecords.writeEvent(buffer, index, type, event);
            commit(index);
        } else if (!type.lossy()) {
            hold(type.code(), length);
            JournalRecords.writeEvent(held, heldBytes - length, type, event);
        } else {
            lost(type, event.sessionId, event.timeNs);
        }
        if (event.type == EventType.PACKET && event.estimateUpdated) {
            recordEstimate(event.timeNs, event.sessionId, event.estimateBitrateBps);
        } else if (event.type == EventType.TICK) {
            // The timer thread keeps the gauge: it must move even while the journal thread is stalled.
            counters.journalLagRecords().setOrdered(accepted - writer.recordsTaken());
        }
    }

    private void recordEstimate(final long timeNs, final long sessionId, final long bitrateBps) {
        final int length = JournalRecords.ESTIMATE_UPDATE_BODY_BYTES;
        final int index = claim(JournalRecordType.ESTIMATE_UPDATE.code(), length);
        if (index >= 0) {
            JournalRecords.writeEstimateUpdate(buffer, index, timeNs, sessionId, bitrateBps);
            commit(index);
        } else {
            lost(JournalRecordType.ESTIMATE_UPDATE, sessionId, timeNs);
        }
    }

    @Override
    public void recordRemb(final RembView remb) {
        if (!writer.isEnabled()) {
            return;
        }
        final int index = claim(JournalRecordType.REMB.code(), JournalRecords.rembBodyBytes(remb.ssrcs().size()));
        if (index >= 0) {
            JournalRecords.writeRemb(buffer, index, remb.timeNs(), remb.sessionId(), remb.bitrateBps(), remb.ssrcs());
            commit(index);
        } else {
            lost(JournalRecordType.REMB, remb.sessionId(), remb.timeNs());
        }
    }

    /** The offset to write a body of {@code length} at, or -1 when the record cannot go in now. */
    private int claim(final int code, final int length) {
        if (inGap && !endGap()) {
            return -1;
        }
        int index = ring.tryClaim(code, length);
        if (index >= 0) {
            return index;
        }
        if (waitWhenFull) {
            // Offline runs only: wait for the journal thread, unless it failed for good.
            while ((index = ring.tryClaim(code, length)) < 0) {
                if (!writer.isEnabled()) {
                    return -1;
                }
                Thread.onSpinWait();
                Thread.yield();
            }
            return index;
        }
        inGap = true;
        return -1;
    }

    private void commit(final int index) {
        ring.commit(index);
        ACCEPTED.setRelease(this, accepted + 1);
    }

    /** Any thread: records put in the ring so far. */
    long accepted() {
        return (long) ACCEPTED.getAcquire(this);
    }

    private void hold(final int code, final int length) {
        held.putByte(heldBytes, (byte) code);
        held.putShort(heldBytes + 1, (short) length, JournalRecords.LE);
        heldBytes += JournalRecords.RECORD_HEADER_BYTES + length;
        heldRingBytes += ringBytes(length);
    }

    private void lost(final JournalRecordType type, final long sessionId, final long timeNs) {
        if (gapLostRecords == 0) {
            gapFirstNs = timeNs;
        }
        gapLastNs = timeNs;
        gapLostRecords++;
        if (type == JournalRecordType.PACKET) {
            gapLostPackets++;
        }
        if (!gapAllSessions) {
            if (gapSessions.size() >= JournalRecords.GAP_MAX_SESSIONS) {
                gapAllSessions = true;
                gapSessions.clear();
            } else {
                gapSessions.add(sessionId);
            }
        }
        counters.journalLostRecords().incrementOrdered();
    }

    /** Writes the GAP and the held records once the ring has room for all of them; true when done. */
    private boolean endGap() {
        final int sessions = gapAllSessions ? 0 : gapSessions.size();
        final int gapLength = JournalRecords.gapBodyBytes(sessions);
        final int needed = (gapLostRecords > 0 ? ringBytes(gapLength) : 0) + heldRingBytes;
        if (ring.capacity() - ring.size() < needed) {
            return false;
        }
        if (gapLostRecords > 0) {
            final int index = ring.tryClaim(JournalRecordType.GAP.code(), gapLength);
            if (index < 0) {
                return false;
            }
            JournalRecords.writeGapBase(buffer, index, gapLostRecords, gapLostPackets, gapFirstNs, gapLastNs,
                gapAllSessions, sessions);
            int offset = index + JournalRecords.GAP_BASE_BODY_BYTES;
            final LongHashSet.LongIterator it = gapSessions.iterator();
            while (it.hasNext()) {
                buffer.putLong(offset, it.nextValue(), JournalRecords.LE);
                offset += 8;
            }
            commit(index);
            counters.journalGaps().incrementOrdered();
            gapLostRecords = 0;
            gapLostPackets = 0;
            gapAllSessions = false;
            gapSessions.clear();
        }
        int offset = 0;
        while (offset < heldBytes) {
            final int code = held.getByte(offset) & 0xFF;
            final int length = held.getShort(offset + 1, JournalRecords.LE) & 0xFFFF;
            final int index = ring.tryClaim(code, length);
            if (index < 0) {
                // The ring's end padding took the room: keep the rest, in order, for the next try.
                held.putBytes(0, held, offset, heldBytes - offset);
                heldBytes -= offset;
                heldRingBytes = 0;
                for (int o = 0; o < heldBytes; o += JournalRecords.RECORD_HEADER_BYTES
                    + (held.getShort(o + 1, JournalRecords.LE) & 0xFFFF)) {
                    heldRingBytes += ringBytes(held.getShort(o + 1, JournalRecords.LE) & 0xFFFF);
                }
                return false;
            }
            buffer.putBytes(index, held, offset + JournalRecords.RECORD_HEADER_BYTES, length);
            commit(index);
            offset += JournalRecords.RECORD_HEADER_BYTES + length;
        }
        inGap = false;
        heldBytes = 0;
        heldRingBytes = 0;
        return true;
    }

    private static int ringBytes(final int length) {
        return BitUtil.align(length + RecordDescriptor.HEADER_LENGTH, RecordDescriptor.ALIGNMENT);
    }
}
