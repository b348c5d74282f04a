package dev.bwe.pipeline.journal;

import dev.bwe.estimator.DelayFilterKind;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.EstimatorKind;
import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.estimator.SsrcSet;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.event.EventType;
import dev.bwe.pipeline.event.PipelineEvent;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.replay.ReplayResult;
import dev.bwe.pipeline.rtp.ParseStatus;
import java.nio.ByteOrder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The journal's layout, version {@value #LAYOUT_VERSION}: one Chronicle excerpt per batch of records,
 * with a CRC32C over the batch, and each record's body written and read here (little-endian, with
 * Agrona buffers and explicit offsets). The record types are listed in {@link JournalRecordType}.
 * Field order and sizes of a version never change: a new field means a new version.
 *
 * <pre>
 * batch document  0 kind u8 = 18, 1 layout version u8, 2 record count i32, 6 first record sequence i64,
 *                 14 records, then CRC32C i32 over every byte before it
 * record          0 type u8, 1 body length u16, 3 body
 *
 * body             bytes  fields (offset: type)
 * HEADER              99  0 magic "BWEJ" i32, 4 reason u8 (1 start, 2 roll), 5 shard i32, 9 startWallClockMs i64,
 *                         17 startClockNs i64, 25 tickIntervalNs i64, 33 headerCapacityBytes i32,
 *                         37 rembResendIntervalUs i64, 45 rembSenderSsrc i32, 49 maxStreamsPerSession i32,
 *                         53 estimator config (46 bytes, below)
 * PACKET              52  0 sessionId i64, 8 arrivalTimeNs i64, 16 ssrc u32, 20 seq u16, 22 flags u8 (bit 0
 *                         abs-send-time, bit 1 abs-capture-time, bit 2 toffset), 23 absSendTime24 i32,
 *                         27 absCaptureTimeNtp i64, 35 payloadSizeBytes i32, 39 packetLengthBytes i32,
 *                         43 parseStatus u8, 44 rtpTimestamp u32, 48 toffset i32
 * TICK                 8  0 timeNs i64
 * OPEN_SESSION        65  0 sessionId i64, 8 timeNs i64, 16 absSendTimeId u8, 17 absCaptureTimeId u8,
 *                         18 estimator config (46 bytes), 64 toffsetId u8
 * CLOSE_SESSION       16  0 sessionId i64, 8 timeNs i64
 * RTT_UPDATE          24  0 sessionId i64, 8 timeNs i64, 16 rttUs i64
 * BITRATE_BOUNDS      32  0 sessionId i64, 8 timeNs i64, 16 minBps i64, 24 maxBps i64
 * REMOVE_STREAM       20  0 sessionId i64, 8 timeNs i64, 16 ssrc u32
 * SET_REMB_SENDER_SSRC 20 0 sessionId i64, 8 timeNs i64, 16 ssrc u32
 * ESTIMATOR_SWITCH    21  0 timeNs i64, 8 sessionId i64, 16 ssrc u32, 20 to u8 (EstimatorKind code)
 * ESTIMATE_UPDATE     24  0 timeNs i64, 8 sessionId i64, 16 bitrateBps i64
 * REMB          25 + 4n   0 timeNs i64, 8 sessionId i64, 16 bitrateBps i64, 24 n u8, 25 n SSRCs u32 ascending
 * GAP           37 + 8n   0 lostRecords i64, 8 lostPackets i64, 16 firstTimeNs i64, 24 lastTimeNs i64,
 *                         32 flags u8 (bit 0: every open session touched), 33 n i32, 37 n sessionIds i64
 * estimator config    46  0 delayFilter u8 (0 KALMAN, 1 TRENDLINE), 1 backoffFactor f64, 9 minBitrateBps i64,
 *                         17 maxBitrateBps i64, 25 startBitrateBps i64, 33 streamTimeoutUs i64, 41 maxStreams i32,
 *                         45 profile u8 (0 PARITY, 1 ADAPTIVE)
 * </pre>
 *
 * <p>The sequence number counts records from the writer's start (headers included), so a reader that
 * skips a damaged batch knows from the next good one how many records it lost. Chronicle adds a
 * 4-byte length header to each excerpt.
 */
public final class JournalRecords {
    /**
     * The only layout this code writes and reads. 4: batches with a CRC32C, one queue holding events,
     * estimate updates, REMBs, estimator switches and gaps. (1–3 were a record per excerpt in two queues:
     * 2 added the estimator profile, 3 the RTP times, toffset, control events and estimator switches.)
     */
    public static final int LAYOUT_VERSION = 4;
    /** "BWEJ" read as a little-endian int: tells a bwe journal from any other Chronicle queue. */
    public static final int MAGIC = 0x4A455742;
    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;

    /** HEADER reason: the pipeline started (replay starts fresh stages here). */
    public static final int REASON_START = 1;
    /** HEADER reason: the queue rolled to a new cycle file (so every file describes itself). */
    public static final int REASON_ROLL = 2;

    static final int BATCH_HEADER_BYTES = 14;
    static final int RECORD_HEADER_BYTES = 3;
    static final int CRC_BYTES = 4;
    static final int BATCH_COUNT_OFFSET = 2;
    static final int BATCH_SEQUENCE_OFFSET = 6;

    static final int ESTIMATOR_CONFIG_BYTES = 46;
    static final int HEADER_BODY_BYTES = 53 + ESTIMATOR_CONFIG_BYTES;
    static final int PACKET_BODY_BYTES = 52;
    static final int TICK_BODY_BYTES = 8;
    static final int OPEN_SESSION_BODY_BYTES = 19 + ESTIMATOR_CONFIG_BYTES;
    static final int CLOSE_SESSION_BODY_BYTES = 16;
    static final int RTT_UPDATE_BODY_BYTES = 24;
    static final int BITRATE_BOUNDS_BODY_BYTES = 32;
    static final int SSRC_CONTROL_BODY_BYTES = 20;
    static final int ESTIMATOR_SWITCH_BODY_BYTES = 21;
    static final int ESTIMATE_UPDATE_BODY_BYTES = 24;
    static final int REMB_BASE_BODY_BYTES = 25;
    static final int GAP_BASE_BODY_BYTES = 37;
    /** Most sessions a GAP names; beyond, it says "every open session". */
    static final int GAP_MAX_SESSIONS = 1024;
    static final int GAP_FLAG_ALL_SESSIONS = 1;

    private static final int FLAG_ABS_SEND_TIME = 1;
    private static final int FLAG_ABS_CAPTURE_TIME = 2;
    private static final int FLAG_TOFFSET = 4;
    private static final int KNOWN_FLAGS = FLAG_ABS_SEND_TIME | FLAG_ABS_CAPTURE_TIME | FLAG_TOFFSET;

    private JournalRecords() {
    }

    /** The record type of a ring event, or null for an event the journal does not record. */
    static JournalRecordType eventRecordType(final byte eventType) {
        switch (eventType) {
            case EventType.PACKET:
                return JournalRecordType.PACKET;
            case EventType.TICK:
                return JournalRecordType.TICK;
            case EventType.OPEN_SESSION:
                return JournalRecordType.OPEN_SESSION;
            case EventType.CLOSE_SESSION:
                return JournalRecordType.CLOSE_SESSION;
            case EventType.RTT_UPDATE:
                return JournalRecordType.RTT_UPDATE;
            case EventType.BITRATE_BOUNDS:
                return JournalRecordType.BITRATE_BOUNDS;
            case EventType.REMOVE_STREAM:
                return JournalRecordType.REMOVE_STREAM;
            case EventType.SET_REMB_SENDER_SSRC:
                return JournalRecordType.SET_REMB_SENDER_SSRC;
            default:
                return null;
        }
    }

    static int rembBodyBytes(final int ssrcCount) {
        return REMB_BASE_BODY_BYTES + 4 * ssrcCount;
    }

    static int gapBodyBytes(final int sessionCount) {
        return GAP_BASE_BODY_BYTES + 8 * sessionCount;
    }

    // ---- writing (timer and journal threads: no allocation) ----

    static void writeHeader(final MutableDirectBuffer b, final int o, final int reason, final JournalHeader h) {
        b.putInt(o, MAGIC, LE);
        b.putByte(o + 4, (byte) reason);
        b.putInt(o + 5, h.shard(), LE);
        b.putLong(o + 9, h.startWallClockMs(), LE);
        b.putLong(o + 17, h.startClockNs(), LE);
        b.putLong(o + 25, h.tickIntervalNs(), LE);
        b.putInt(o + 33, h.headerCapacityBytes(), LE);
        b.putLong(o + 37, h.rembResendIntervalUs(), LE);
        b.putInt(o + 45, h.rembSenderSsrc(), LE);
        b.putInt(o + 49, h.maxStreamsPerSession(), LE);
        writeEstimatorConfig(b, o + 53, h.defaultEstimatorConfig());
    }

    static void writePacket(final MutableDirectBuffer b, final int o, final PipelineEvent e) {
        b.putLong(o, e.sessionId, LE);
        b.putLong(o + 8, e.timeNs, LE);
        b.putInt(o + 16, e.ssrc, LE);
        b.putShort(o + 20, (short) e.sequenceNumber, LE);
        b.putByte(o + 22, (byte) ((e.hasAbsSendTime ? FLAG_ABS_SEND_TIME : 0)
            | (e.hasAbsCaptureTime ? FLAG_ABS_CAPTURE_TIME : 0) | (e.hasTransmissionOffset ? FLAG_TOFFSET : 0)));
        b.putInt(o + 23, e.absSendTime24, LE);
        b.putLong(o + 27, e.absCaptureTimeNtp, LE);
        b.putInt(o + 35, e.payloadSizeBytes, LE);
        b.putInt(o + 39, e.packetLength, LE);
        b.putByte(o + 43, (byte) e.parseStatus);
        b.putInt(o + 44, e.rtpTimestamp, LE);
        b.putInt(o + 48, e.transmissionOffset, LE);
    }

    static void writeTick(final MutableDirectBuffer b, final int o, final PipelineEvent e) {
        b.putLong(o, e.timeNs, LE);
    }

    static void writeOpenSession(final MutableDirectBuffer b, final int o, final PipelineEvent e) {
        b.putLong(o, e.sessionId, LE);
        b.putLong(o + 8, e.timeNs, LE);
        b.putByte(o + 16, (byte) e.settings.extensionIds().absSendTimeId());
        b.putByte(o + 17, (byte) e.settings.extensionIds().absCaptureTimeId());
        writeEstimatorConfig(b, o + 18, e.settings.estimatorConfig());
        b.putByte(o + 64, (byte) e.settings.extensionIds().transmissionOffsetId());
    }

    /** RTT_UPDATE, BITRATE_BOUNDS, REMOVE_STREAM, SET_REMB_SENDER_SSRC: session, time, then the values. */
    static void writeSessionControl(final MutableDirectBuffer b, final int o, final PipelineEvent e) {
        b.putLong(o, e.sessionId, LE);
        b.putLong(o + 8, e.timeNs, LE);
        switch (e.type) {
            case EventType.RTT_UPDATE:
                b.putLong(o + 16, e.controlA, LE);
                break;
            case EventType.BITRATE_BOUNDS:
                b.putLong(o + 16, e.controlA, LE);
                b.putLong(o + 24, e.controlB, LE);
                break;
            default: // an SSRC
                b.putInt(o + 16, (int) e.controlA, LE);
                break;
        }
    }

    static void writeEstimatorSwitch(final MutableDirectBuffer b, final int o, final long timeNs,
                                     final long sessionId, final int ssrc, final int toKind) {
        b.putLong(o, timeNs, LE);
        b.putLong(o + 8, sessionId, LE);
        b.putInt(o + 16, ssrc, LE);
        b.putByte(o + 20, (byte) toKind);
    }

    static void writeCloseSession(final MutableDirectBuffer b, final int o, final PipelineEvent e) {
        b.putLong(o, e.sessionId, LE);
        b.putLong(o + 8, e.timeNs, LE);
    }

    /** Writes the body of an event of {@code type} (as {@link #eventRecordType} gave it). */
    static void writeEvent(final MutableDirectBuffer b, final int o, final JournalRecordType type,
                           final PipelineEvent e) {
        switch (type) {
            case PACKET:
                writePacket(b, o, e);
                break;
            case TICK:
                writeTick(b, o, e);
                break;
            case OPEN_SESSION:
                writeOpenSession(b, o, e);
                break;
            case CLOSE_SESSION:
                writeCloseSession(b, o, e);
                break;
            case RTT_UPDATE:
            case BITRATE_BOUNDS:
            case REMOVE_STREAM:
            case SET_REMB_SENDER_SSRC:
                writeSessionControl(b, o, e);
                break;
            default:
                throw new IllegalArgumentException(type + " is not an event record");
        }
    }

    static void writeEstimateUpdate(final MutableDirectBuffer b, final int o, final long timeNs, final long sessionId,
                                    final long bitrateBps) {
        b.putLong(o, timeNs, LE);
        b.putLong(o + 8, sessionId, LE);
        b.putLong(o + 16, bitrateBps, LE);
    }

    static void writeRemb(final MutableDirectBuffer b, final int o, final long timeNs, final long sessionId,
                          final long bitrateBps, final SsrcSet ssrcs) {
        b.putLong(o, timeNs, LE);
        b.putLong(o + 8, sessionId, LE);
        b.putLong(o + 16, bitrateBps, LE);
        final int count = ssrcs.size();
        b.putByte(o + 24, (byte) count);
        for (int i = 0; i < count; i++) {
            b.putInt(o + 25 + 4 * i, ssrcs.get(i), LE);
        }
    }

    /** Writes a GAP's fixed part; the caller writes {@code sessionCount} ids from {@code o + 37}. */
    static void writeGapBase(final MutableDirectBuffer b, final int o, final long lostRecords, final long lostPackets,
                             final long firstTimeNs, final long lastTimeNs, final boolean allSessions,
                             final int sessionCount) {
        b.putLong(o, lostRecords, LE);
        b.putLong(o + 8, lostPackets, LE);
        b.putLong(o + 16, firstTimeNs, LE);
        b.putLong(o + 24, lastTimeNs, LE);
        b.putByte(o + 32, (byte) (allSessions ? GAP_FLAG_ALL_SESSIONS : 0));
        b.putInt(o + 33, sessionCount, LE);
    }

    private static void writeEstimatorConfig(final MutableDirectBuffer b, final int o, final EstimatorConfig c) {
        b.putByte(o, (byte) c.delayFilter().ordinal());
        b.putDouble(o + 1, c.backoffFactor(), LE);
        b.putLong(o + 9, c.minBitrateBps(), LE);
        b.putLong(o + 17, c.maxBitrateBps(), LE);
        b.putLong(o + 25, c.startBitrateBps(), LE);
        b.putLong(o + 33, c.streamTimeoutUs(), LE);
        b.putInt(o + 41, c.maxStreams(), LE);
        b.putByte(o + 45, (byte) c.profile().ordinal());
    }

    // ---- reading (replay thread; bodies already checked for length by JournalRecordType) ----

    /** Reads a HEADER body; throws IllegalArgumentException on a value no writer produces. */
    static JournalHeader readHeader(final DirectBuffer b, final int o, final int[] reasonOut) {
        final int magic = b.getInt(o, LE);
        if (magic != MAGIC) {
            throw new IllegalArgumentException("bad magic 0x" + Integer.toHexString(magic) + " (not a bwe journal)");
        }
        final int reason = b.getByte(o + 4) & 0xFF;
        if (reason != REASON_START && reason != REASON_ROLL) {
            throw new IllegalArgumentException("unknown header reason " + reason);
        }
        reasonOut[0] = reason;
        final int shard = b.getInt(o + 5, LE);
        final long wallMs = b.getLong(o + 9, LE);
        final long clockNs = b.getLong(o + 17, LE);
        final long tickNs = b.getLong(o + 25, LE);
        final int capacity = b.getInt(o + 33, LE);
        final long resendUs = b.getLong(o + 37, LE);
        final int senderSsrc = b.getInt(o + 45, LE);
        final int maxStreams = b.getInt(o + 49, LE);
        final EstimatorConfig config = readEstimatorConfig(b, o + 53);
        if (tickNs <= 0 || capacity < 12 || resendUs < 0 || maxStreams < 1) {
            throw new IllegalArgumentException("implausible pipeline settings: tickIntervalNs " + tickNs
                + ", headerCapacityBytes " + capacity + ", rembResendIntervalUs " + resendUs
                + ", maxStreamsPerSession " + maxStreams);
        }
        return new JournalHeader(shard, wallMs, clockNs, tickNs, capacity, resendUs, senderSsrc, maxStreams, config);
    }

    /**
     * Fills {@code e} from an event record's body, as the parse stage would have left the slot (the
     * estimate stage's outputs cleared). Throws IllegalArgumentException on a value no writer produces.
     */
    static void readEvent(final DirectBuffer b, final int o, final JournalRecordType type, final PipelineEvent e) {
        switch (type) {
            case PACKET:
                e.setEvent(EventType.PACKET, b.getLong(o, LE), b.getLong(o + 8, LE), null);
                e.ssrc = b.getInt(o + 16, LE);
                e.sequenceNumber = b.getShort(o + 20, LE) & 0xFFFF;
                final int flags = b.getByte(o + 22) & 0xFF;
                e.hasAbsSendTime = (flags & FLAG_ABS_SEND_TIME) != 0;
                e.hasAbsCaptureTime = (flags & FLAG_ABS_CAPTURE_TIME) != 0;
                e.absSendTime24 = b.getInt(o + 23, LE);
                e.absCaptureTimeNtp = b.getLong(o + 27, LE);
                e.payloadSizeBytes = b.getInt(o + 35, LE);
                e.packetLength = b.getInt(o + 39, LE);
                e.parseStatus = b.getByte(o + 43) & 0xFF;
                e.hasTransmissionOffset = (flags & FLAG_TOFFSET) != 0;
                e.rtpTimestamp = b.getInt(o + 44, LE);
                e.transmissionOffset = b.getInt(o + 48, LE);
                if (!e.hasTransmissionOffset && e.transmissionOffset != 0
                    || (e.transmissionOffset << 8 >> 8) != e.transmissionOffset) {
                    throw new IllegalArgumentException("implausible PACKET: toffset " + e.transmissionOffset
                        + (e.hasTransmissionOffset ? "" : " without its flag"));
                }
                if (e.parseStatus >= ParseStatus.COUNT || (e.absSendTime24 & ~0xFFFFFF) != 0
                    || e.payloadSizeBytes < 0 || e.packetLength < 0 || (flags & ~KNOWN_FLAGS) != 0) {
                    throw new IllegalArgumentException("implausible PACKET: parse status " + e.parseStatus
                        + ", abs-send-time " + e.absSendTime24 + ", payload " + e.payloadSizeBytes
                        + ", length " + e.packetLength + ", flags " + flags);
                }
                break;
            case TICK:
                e.setEvent(EventType.TICK, 0, b.getLong(o, LE), null);
                break;
            case OPEN_SESSION:
                final ExtensionIds ids = ExtensionIds.of(b.getByte(o + 16) & 0xFF, b.getByte(o + 17) & 0xFF,
                    b.getByte(o + 64) & 0xFF);
                e.setEvent(EventType.OPEN_SESSION, b.getLong(o, LE), b.getLong(o + 8, LE),
                    new SessionSettings(ids, readEstimatorConfig(b, o + 18)));
                break;
            case CLOSE_SESSION:
                e.setEvent(EventType.CLOSE_SESSION, b.getLong(o, LE), b.getLong(o + 8, LE), null);
                break;
            case RTT_UPDATE:
                e.setEvent(EventType.RTT_UPDATE, b.getLong(o, LE), b.getLong(o + 8, LE), null);
                e.controlA = b.getLong(o + 16, LE);
                if (e.controlA < 0) {
                    throw new IllegalArgumentException("implausible RTT_UPDATE: rtt " + e.controlA + " us");
                }
                break;
            case BITRATE_BOUNDS:
                e.setEvent(EventType.BITRATE_BOUNDS, b.getLong(o, LE), b.getLong(o + 8, LE), null);
                e.controlA = b.getLong(o + 16, LE);
                e.controlB = b.getLong(o + 24, LE);
                if (e.controlA < 0 || e.controlB < e.controlA) {
                    throw new IllegalArgumentException("implausible BITRATE_BOUNDS: min " + e.controlA + ", max "
                        + e.controlB);
                }
                break;
            case REMOVE_STREAM:
            case SET_REMB_SENDER_SSRC:
                e.setEvent(type == JournalRecordType.REMOVE_STREAM ? EventType.REMOVE_STREAM
                    : EventType.SET_REMB_SENDER_SSRC, b.getLong(o, LE), b.getLong(o + 8, LE), null);
                e.controlA = b.getInt(o + 16, LE) & 0xFFFFFFFFL;
                break;
            default:
                throw new IllegalArgumentException(type + " is not an event record");
        }
    }

    /** Reads an ESTIMATOR_SWITCH body into {@code out}. */
    static void readEstimatorSwitch(final DirectBuffer b, final int o, final EstimatorSwitch out) {
        out.timeNs = b.getLong(o, LE);
        out.sessionId = b.getLong(o + 8, LE);
        out.ssrc = b.getInt(o + 16, LE);
        out.to = EstimatorKind.fromCode(b.getByte(o + 20) & 0xFF);
    }

    /** Reads an ESTIMATE_UPDATE body into {@code out}. */
    static void readEstimateUpdate(final DirectBuffer b, final int o, final MutableEstimate out) {
        out.timeNs = b.getLong(o, LE);
        out.sessionId = b.getLong(o + 8, LE);
        out.bitrateBps = b.getLong(o + 16, LE);
    }

    /** Reads a REMB body of {@code bodyLength} bytes into {@code out} (checks its SSRC count). */
    static void readRemb(final DirectBuffer b, final int o, final int bodyLength, final MutableRemb out) {
        out.timeNs = b.getLong(o, LE);
        out.sessionId = b.getLong(o + 8, LE);
        out.bitrateBps = b.getLong(o + 16, LE);
        final int count = b.getByte(o + 24) & 0xFF;
        if (bodyLength != rembBodyBytes(count)) {
            throw new IllegalArgumentException("REMB lists " + count + " SSRCs but has " + bodyLength + " bytes");
        }
        out.count = count;
        for (int i = 0; i < count; i++) {
            out.ssrcs[i] = b.getInt(o + 25 + 4 * i, LE);
        }
    }

    /** Reads a GAP body of {@code bodyLength} bytes. */
    static ReplayResult.Gap readGap(final DirectBuffer b, final int o, final int bodyLength) {
        final int count = b.getInt(o + 33, LE);
        if (count < 0 || count > GAP_MAX_SESSIONS || bodyLength != gapBodyBytes(count)) {
            throw new IllegalArgumentException("GAP names " + count + " sessions but has " + bodyLength + " bytes");
        }
        final long[] sessions = new long[count];
        for (int i = 0; i < count; i++) {
            sessions[i] = b.getLong(o + 37 + 8 * i, LE);
        }
        return new ReplayResult.Gap(b.getLong(o, LE), b.getLong(o + 8, LE), b.getLong(o + 16, LE), b.getLong(o + 24, LE),
            (b.getByte(o + 32) & GAP_FLAG_ALL_SESSIONS) != 0, sessions);
    }

    private static EstimatorConfig readEstimatorConfig(final DirectBuffer b, final int o) {
        final int filter = b.getByte(o) & 0xFF;
        final DelayFilterKind[] kinds = DelayFilterKind.values();
        if (filter >= kinds.length) {
            throw new IllegalArgumentException("unknown delay filter code " + filter);
        }
        final int profile = b.getByte(o + 45) & 0xFF;
        final EstimatorProfile[] profiles = EstimatorProfile.values();
        if (profile >= profiles.length) {
            throw new IllegalArgumentException("unknown estimator profile code " + profile);
        }
        // The builder validates every value: a corrupt record fails here with the setting's name.
        return EstimatorConfig.builder().profile(profiles[profile]).delayFilter(kinds[filter])
            .backoffFactor(b.getDouble(o + 1, LE)).minBitrateBps(b.getLong(o + 9, LE))
            .maxBitrateBps(b.getLong(o + 17, LE)).startBitrateBps(b.getLong(o + 25, LE))
            .streamTimeoutUs(b.getLong(o + 33, LE)).maxStreams(b.getInt(o + 41, LE)).build();
    }

    /** A REMB read back from the journal; reused record after record. */
    static final class MutableRemb implements SsrcSet {
        long timeNs;
        long sessionId;
        long bitrateBps;
        int count;
        final int[] ssrcs = new int[255];

        @Override
        public int size() {
            return count;
        }

        @Override
        public int get(final int index) {
            if (index >= count) {
                throw new IndexOutOfBoundsException(index);
            }
            return ssrcs[index];
        }
    }

    /** An estimator switch read back from the journal; reused record after record. */
    public static final class EstimatorSwitch {
        long timeNs;
        long sessionId;
        int ssrc;
        EstimatorKind to;

        public long timeNs() {
            return timeNs;
        }

        public long sessionId() {
            return sessionId;
        }

        /** SSRC of the packet that caused the switch. */
        public int ssrc() {
            return ssrc;
        }

        /** The estimator switched to. */
        public EstimatorKind to() {
            return to;
        }

        /** The estimator switched from (there are two). */
        public EstimatorKind from() {
            return to == EstimatorKind.SINGLE_STREAM ? EstimatorKind.ABS_SEND_TIME : EstimatorKind.SINGLE_STREAM;
        }
    }

    /** An estimate update read back from the journal; reused. */
    static final class MutableEstimate {
        long timeNs;
        long sessionId;
        long bitrateBps;
    }
}
