package dev.bwe.pipeline.journal;

import dev.bwe.pipeline.jfr.BweJfr;
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
    /** How long {@link #close()} waits for room to write what a gap still holds. */
    private static final long CLOSE_TIMEOUT_NS = 5_000_000_000L;

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
    /** The first held record not yet in the ring. */
    private int heldStart;

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

    /**
     * The stages stopped: writes a gap still open (its GAP and the held records) once the journal thread
     * makes room, waiting at most {@link #CLOSE_TIMEOUT_NS}; the journal thread then drains the buffer.
     */
    @Override
    public void close() {
        final long deadlineNs = System.nanoTime() + CLOSE_TIMEOUT_NS;
        while (inGap && !endGap() && writer.isEnabled() && System.nanoTime() - deadlineNs < 0) {
            Thread.yield();
        }
    }

    @Override
    public void recordEstimatorSwitch(final long timeNs, final long sessionId, final int ssrc, final int toKind) {
        if (!writer.isEnabled()) {
            return;
        }
        final int length = JournalRecords.ESTIMATOR_SWITCH_BODY_BYTES;
        final int index = claim(JournalRecordType.ESTIMATOR_SWITCH.code(), length);
        if (index >= 0) {
            JournalRecords.writeEstimatorSwitch(buffer, index, timeNs, sessionId, ssrc, toKind);
            commit(index);
        } else {
            hold(JournalRecordType.ESTIMATOR_SWITCH.code(), length);
            JournalRecords.writeEstimatorSwitch(held, heldBytes - length, timeNs, sessionId, ssrc, toKind);
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

    /**
     * Writes the GAP once the ring has room for it, then as many held records as fit, in order; true
     * when the gap is over (everything held is in the ring).
     */
    private boolean endGap() {
        if (gapLostRecords > 0) {
            final int sessions = gapAllSessions ? 0 : gapSessions.size();
            final int gapLength = JournalRecords.gapBodyBytes(sessions);
            if (ring.capacity() - ring.size() < ringBytes(gapLength)) {
                return false;
            }
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
            BweJfr.journalGap(gapLostRecords, gapLostPackets, gapAllSessions ? -1 : gapSessions.size(), gapFirstNs,
                gapLastNs);
            gapLostRecords = 0;
            gapLostPackets = 0;
            gapAllSessions = false;
            gapSessions.clear();
        }
        while (heldStart < heldBytes) {
            final int code = held.getByte(heldStart) & 0xFF;
            final int length = held.getShort(heldStart + 1, JournalRecords.LE) & 0xFFFF;
            final int index = ring.tryClaim(code, length);
            if (index < 0) {
                // More held than the ring has room for now: the rest goes in, in order, as room comes.
                return false;
            }
            buffer.putBytes(index, held, heldStart + JournalRecords.RECORD_HEADER_BYTES, length);
            commit(index);
            heldStart += JournalRecords.RECORD_HEADER_BYTES + length;
        }
        inGap = false;
        heldStart = 0;
        heldBytes = 0;
        return true;
    }

    private static int ringBytes(final int length) {
        return BitUtil.align(length + RecordDescriptor.HEADER_LENGTH, RecordDescriptor.ALIGNMENT);
    }
}
