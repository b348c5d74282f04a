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
import dev.bwe.pipeline.rtp.ParseStatus;
import net.openhft.chronicle.bytes.Bytes;

/**
 * The journal's record layouts: one fixed-layout binary record per Chronicle excerpt, written and read
 * with Chronicle's {@code Bytes} (little-endian on every platform Chronicle runs on). Every record
 * starts with its type and the layout version; a reader refuses a version it does not know rather
 * than guess. Field order and sizes of a version never change: a new field means a new version.
 *
 * <pre>
 * record         bytes  fields (offset: type)
 * HEADER           101  0 type=16, 1 version, 2 magic "BWEJ" i32, 6 reason u8 (1 start, 2 roll), 7 shard i32,
 *                       11 startWallClockMs i64, 19 startClockNs i64, 27 tickIntervalNs i64,
 *                       35 headerCapacityBytes i32, 39 rembResendIntervalUs i64, 47 rembSenderSsrc i32,
 *                       51 maxStreamsPerSession i32, 55 estimator config (46 bytes, below)
 * PACKET            54  0 type=1, 1 version, 2 sessionId i64, 10 arrivalTimeNs i64, 18 ssrc u32, 22 seq u16,
 *                       24 flags u8 (bit 0 abs-send-time, bit 1 abs-capture-time, bit 2 toffset),
 *                       25 absSendTime24 i32, 29 absCaptureTimeNtp i64 (UQ32.32), 37 payloadSizeBytes i32,
 *                       41 packetLengthBytes i32, 45 parseStatus u8, 46 rtpTimestamp u32, 50 toffset i32
 * TICK              10  0 type=2, 1 version, 2 timeNs i64
 * OPEN_SESSION      67  0 type=3, 1 version, 2 sessionId i64, 10 timeNs i64, 18 absSendTimeId u8,
 *                       19 absCaptureTimeId u8, 20 estimator config (46 bytes), 66 toffsetId u8
 * CLOSE_SESSION     18  0 type=4, 1 version, 2 sessionId i64, 10 timeNs i64
 * RTT_UPDATE        26  0 type=5, 1 version, 2 sessionId i64, 10 timeNs i64, 18 rttUs i64
 * BITRATE_BOUNDS    34  0 type=6, 1 version, 2 sessionId i64, 10 timeNs i64, 18 minBps i64, 26 maxBps i64
 * REMOVE_STREAM     22  0 type=7, 1 version, 2 sessionId i64, 10 timeNs i64, 18 ssrc u32
 * SET_REMB_SENDER_SSRC 22  0 type=8, 1 version, 2 sessionId i64, 10 timeNs i64, 18 ssrc u32
 * REMB        27 + 4n  0 type=17, 1 version, 2 timeNs i64, 10 sessionId i64, 18 bitrateBps i64, 26 n u8,
 *                       27 n SSRCs u32, ascending unsigned
 * ESTIMATOR_SWITCH  23  0 type=30, 1 version, 2 timeNs i64, 10 sessionId i64, 18 ssrc u32,
 *                       22 to u8 (EstimatorKind code: 1 abs-send-time, 2 single-stream); in the REMB queue
 * estimator config  46  0 delayFilter u8 (0 KALMAN, 1 TRENDLINE), 1 backoffFactor f64, 9 minBitrateBps i64,
 *                       17 maxBitrateBps i64, 25 startBitrateBps i64, 33 streamTimeoutUs i64, 41 maxStreams i32,
 *                       45 profile u8 (0 PARITY, 1 ADAPTIVE)
 * </pre>
 *
 * <p>Event types reuse {@link EventType}'s codes. Chronicle adds a 4-byte length header to each excerpt.
 */
public final class JournalRecords {
    /** The only layout this code writes and reads. */
    public static final int LAYOUT_VERSION = 3;
    /** "BWEJ" read as a little-endian int: tells a bwe journal from any other Chronicle queue. */
    public static final int MAGIC = 0x4A455742;

    public static final byte PACKET = EventType.PACKET;
    public static final byte TICK = EventType.TICK;
    public static final byte OPEN_SESSION = EventType.OPEN_SESSION;
    public static final byte CLOSE_SESSION = EventType.CLOSE_SESSION;
    public static final byte RTT_UPDATE = EventType.RTT_UPDATE;
    public static final byte BITRATE_BOUNDS = EventType.BITRATE_BOUNDS;
    public static final byte REMOVE_STREAM = EventType.REMOVE_STREAM;
    public static final byte SET_REMB_SENDER_SSRC = EventType.SET_REMB_SENDER_SSRC;
    public static final byte HEADER = 16;
    public static final byte REMB = 17;
    /** A session switched estimator (libwebrtc's switch rule); written by the timer stage into the REMB queue. */
    public static final byte ESTIMATOR_SWITCH = 30;

    /** HEADER reason: the pipeline started (replay starts fresh stages here). */
    public static final int REASON_START = 1;
    /** HEADER reason: the queue rolled to a new cycle file (so every file describes itself). */
    public static final int REASON_ROLL = 2;

    static final int ESTIMATOR_CONFIG_BYTES = 46;
    public static final int HEADER_BYTES = 55 + ESTIMATOR_CONFIG_BYTES;
    public static final int PACKET_BYTES = 54;
    public static final int TICK_BYTES = 10;
    public static final int OPEN_SESSION_BYTES = 21 + ESTIMATOR_CONFIG_BYTES;
    public static final int ESTIMATOR_SWITCH_BYTES = 23;
    public static final int CLOSE_SESSION_BYTES = 18;
    /** Session controls: the CLOSE_SESSION layout plus their values. */
    public static final int RTT_UPDATE_BYTES = 26;
    public static final int BITRATE_BOUNDS_BYTES = 34;
    public static final int SSRC_CONTROL_BYTES = 22;
    /** A REMB record without its SSRCs. */
    public static final int REMB_BASE_BYTES = 27;

    private static final int FLAG_ABS_SEND_TIME = 1;
    private static final int FLAG_ABS_CAPTURE_TIME = 2;
    private static final int FLAG_TOFFSET = 4;
    private static final int KNOWN_FLAGS = FLAG_ABS_SEND_TIME | FLAG_ABS_CAPTURE_TIME | FLAG_TOFFSET;

    private JournalRecords() {
    }

    /** The record size of an event, or -1 for a type the journal does not record. */
    static int eventBytes(final byte type) {
        switch (type) {
            case PACKET:
                return PACKET_BYTES;
            case TICK:
                return TICK_BYTES;
            case OPEN_SESSION:
                return OPEN_SESSION_BYTES;
            case CLOSE_SESSION:
                return CLOSE_SESSION_BYTES;
            case RTT_UPDATE:
                return RTT_UPDATE_BYTES;
            case BITRATE_BOUNDS:
                return BITRATE_BOUNDS_BYTES;
            case REMOVE_STREAM:
            case SET_REMB_SENDER_SSRC:
                return SSRC_CONTROL_BYTES;
            default:
                return -1;
        }
    }

    static String typeName(final int type) {
        switch (type) {
            case HEADER:
                return "HEADER";
            case REMB:
                return "REMB";
            case ESTIMATOR_SWITCH:
                return "ESTIMATOR_SWITCH";
            default:
                return EventType.name((byte) type);
        }
    }

    // ---- writing (journal and timer threads: no allocation) ----

    static void writeHeader(final Bytes<?> out, final int reason, final JournalHeader h) {
        out.writeByte(HEADER);
        out.writeByte((byte) LAYOUT_VERSION);
        out.writeInt(MAGIC);
        out.writeByte((byte) reason);
        out.writeInt(h.shard());
        out.writeLong(h.startWallClockMs());
        out.writeLong(h.startClockNs());
        out.writeLong(h.tickIntervalNs());
        out.writeInt(h.headerCapacityBytes());
        out.writeLong(h.rembResendIntervalUs());
        out.writeInt(h.rembSenderSsrc());
        out.writeInt(h.maxStreamsPerSession());
        writeEstimatorConfig(out, h.defaultEstimatorConfig());
    }

    /** Writes the event's record; the event must be of a type {@link #eventBytes} knows. */
    static void writeEvent(final Bytes<?> out, final PipelineEvent e) {
        out.writeByte(e.type);
        out.writeByte((byte) LAYOUT_VERSION);
        switch (e.type) {
            case PACKET:
                out.writeLong(e.sessionId);
                out.writeLong(e.timeNs);
                out.writeInt(e.ssrc);
                out.writeUnsignedShort(e.sequenceNumber & 0xFFFF);
                out.writeByte((byte) ((e.hasAbsSendTime ? FLAG_ABS_SEND_TIME : 0)
                    | (e.hasAbsCaptureTime ? FLAG_ABS_CAPTURE_TIME : 0)
                    | (e.hasTransmissionOffset ? FLAG_TOFFSET : 0)));
                out.writeInt(e.absSendTime24);
                out.writeLong(e.absCaptureTimeNtp);
                out.writeInt(e.payloadSizeBytes);
                out.writeInt(e.packetLength);
                out.writeByte((byte) e.parseStatus);
                writeRtpTimes(out, e);
                break;
            case TICK:
                out.writeLong(e.timeNs);
                break;
            case OPEN_SESSION:
                out.writeLong(e.sessionId);
                out.writeLong(e.timeNs);
                out.writeByte((byte) e.settings.extensionIds().absSendTimeId());
                out.writeByte((byte) e.settings.extensionIds().absCaptureTimeId());
                writeEstimatorConfig(out, e.settings.estimatorConfig());
                out.writeByte((byte) e.settings.extensionIds().transmissionOffsetId());
                break;
            case RTT_UPDATE:
            case BITRATE_BOUNDS:
            case REMOVE_STREAM:
            case SET_REMB_SENDER_SSRC:
                writeSessionControl(out, e);
                break;
            default: // CLOSE_SESSION
                out.writeLong(e.sessionId);
                out.writeLong(e.timeNs);
                break;
        }
    }

    /** RTT_UPDATE, BITRATE_BOUNDS, REMOVE_STREAM, SET_REMB_SENDER_SSRC: session, time, then the values. */
    private static void writeSessionControl(final Bytes<?> out, final PipelineEvent e) {
        out.writeLong(e.sessionId);
        out.writeLong(e.timeNs);
        switch (e.type) {
            case RTT_UPDATE:
                out.writeLong(e.controlA);
                break;
            case BITRATE_BOUNDS:
                out.writeLong(e.controlA);
                out.writeLong(e.controlB);
                break;
            default: // an SSRC
                out.writeInt((int) e.controlA);
                break;
        }
    }

    /** Reads what {@link #writeSessionControl} wrote into {@code e}; refuses values no writer produces. */
    private static void readSessionControl(final Bytes<?> in, final byte type, final PipelineEvent e) {
        e.sessionId = in.readLong();
        e.timeNs = in.readLong();
        switch (type) {
            case RTT_UPDATE:
                e.controlA = in.readLong();
                if (e.controlA < 0) {
                    throw new IllegalArgumentException("implausible RTT_UPDATE: rtt " + e.controlA + " us");
                }
                break;
            case BITRATE_BOUNDS:
                e.controlA = in.readLong();
                e.controlB = in.readLong();
                if (e.controlA < 0 || e.controlB < e.controlA) {
                    throw new IllegalArgumentException("implausible BITRATE_BOUNDS: min " + e.controlA + ", max "
                        + e.controlB);
                }
                break;
            default: // an SSRC
                e.controlA = in.readInt() & 0xFFFFFFFFL;
                break;
        }
    }

    /** The PACKET fields the single-stream estimator needs: RTP timestamp and toffset. */
    private static void writeRtpTimes(final Bytes<?> out, final PipelineEvent e) {
        out.writeInt(e.rtpTimestamp);
        out.writeInt(e.transmissionOffset);
    }

    private static void readRtpTimes(final Bytes<?> in, final PipelineEvent e) {
        e.rtpTimestamp = in.readInt();
        e.transmissionOffset = in.readInt();
        if (!e.hasTransmissionOffset && e.transmissionOffset != 0
            || (e.transmissionOffset << 8 >> 8) != e.transmissionOffset) {
            throw new IllegalArgumentException("implausible PACKET: toffset " + e.transmissionOffset
                + (e.hasTransmissionOffset ? "" : " without its flag"));
        }
    }

    static void writeEstimatorSwitch(final Bytes<?> out, final long timeNs, final long sessionId, final int ssrc,
                                     final int toKind) {
        out.writeByte(ESTIMATOR_SWITCH);
        out.writeByte((byte) LAYOUT_VERSION);
        out.writeLong(timeNs);
        out.writeLong(sessionId);
        out.writeInt(ssrc);
        out.writeByte((byte) toKind);
    }

    /** Reads an ESTIMATOR_SWITCH's body into {@code out}. */
    static void readEstimatorSwitch(final Bytes<?> in, final EstimatorSwitch out) {
        out.timeNs = in.readLong();
        out.sessionId = in.readLong();
        out.ssrc = in.readInt();
        out.to = EstimatorKind.fromCode(in.readUnsignedByte());
    }

    static void writeRemb(final Bytes<?> out, final long timeNs, final long sessionId, final long bitrateBps,
                          final SsrcSet ssrcs) {
        out.writeByte(REMB);
        out.writeByte((byte) LAYOUT_VERSION);
        out.writeLong(timeNs);
        out.writeLong(sessionId);
        out.writeLong(bitrateBps);
        final int count = ssrcs.size();
        out.writeByte((byte) count);
        for (int i = 0; i < count; i++) {
            out.writeInt(ssrcs.get(i));
        }
    }

    private static void writeEstimatorConfig(final Bytes<?> out, final EstimatorConfig c) {
        out.writeByte((byte) c.delayFilter().ordinal());
        out.writeDouble(c.backoffFactor());
        out.writeLong(c.minBitrateBps());
        out.writeLong(c.maxBitrateBps());
        out.writeLong(c.startBitrateBps());
        out.writeLong(c.streamTimeoutUs());
        out.writeInt(c.maxStreams());
        out.writeByte((byte) c.profile().ordinal());
    }

    // ---- reading (replay thread; positioned after the type and version bytes) ----

    /** Reads a HEADER's body; returns its reason in {@code reasonOut[0]}. */
    static JournalHeader readHeader(final Bytes<?> in, final int[] reasonOut) {
        final int magic = in.readInt();
        if (magic != MAGIC) {
            throw new IllegalArgumentException("bad magic 0x" + Integer.toHexString(magic) + " (not a bwe journal)");
        }
        final int reason = in.readUnsignedByte();
        if (reason != REASON_START && reason != REASON_ROLL) {
            throw new IllegalArgumentException("unknown header reason " + reason);
        }
        reasonOut[0] = reason;
        final int shard = in.readInt();
        final long wallMs = in.readLong();
        final long clockNs = in.readLong();
        final long tickNs = in.readLong();
        final int capacity = in.readInt();
        final long resendUs = in.readLong();
        final int senderSsrc = in.readInt();
        final int maxStreams = in.readInt();
        final EstimatorConfig config = readEstimatorConfig(in);
        if (tickNs <= 0 || capacity < 12 || resendUs < 0 || maxStreams < 1) {
            throw new IllegalArgumentException("implausible pipeline settings: tickIntervalNs " + tickNs
                + ", headerCapacityBytes " + capacity + ", rembResendIntervalUs " + resendUs
                + ", maxStreamsPerSession " + maxStreams);
        }
        return new JournalHeader(shard, wallMs, clockNs, tickNs, capacity, resendUs, senderSsrc, maxStreams, config);
    }

    /**
     * Fills {@code e} from an event record's body, as the parse stage would have left the slot (the
     * estimate stage's outputs cleared).
     */
    static void readEvent(final Bytes<?> in, final byte type, final PipelineEvent e) {
        // Session and time are read per type below.
        e.setEvent(type, 0, 0, null);
        switch (type) {
            case PACKET:
                e.sessionId = in.readLong();
                e.timeNs = in.readLong();
                e.ssrc = in.readInt();
                e.sequenceNumber = in.readUnsignedShort();
                final int flags = in.readUnsignedByte();
                e.hasAbsSendTime = (flags & FLAG_ABS_SEND_TIME) != 0;
                e.hasAbsCaptureTime = (flags & FLAG_ABS_CAPTURE_TIME) != 0;
                e.hasTransmissionOffset = (flags & FLAG_TOFFSET) != 0;
                e.absSendTime24 = in.readInt();
                e.absCaptureTimeNtp = in.readLong();
                e.payloadSizeBytes = in.readInt();
                e.packetLength = in.readInt();
                e.parseStatus = in.readUnsignedByte();
                readRtpTimes(in, e);
                if (e.parseStatus >= ParseStatus.COUNT || (e.absSendTime24 & ~0xFFFFFF) != 0
                    || e.payloadSizeBytes < 0 || e.packetLength < 0 || (flags & ~KNOWN_FLAGS) != 0) {
                    throw new IllegalArgumentException("implausible PACKET: parse status " + e.parseStatus
                        + ", abs-send-time " + e.absSendTime24 + ", payload " + e.payloadSizeBytes
                        + ", length " + e.packetLength + ", flags " + flags);
                }
                break;
            case TICK:
                e.sessionId = 0;
                e.timeNs = in.readLong();
                break;
            case OPEN_SESSION:
                e.sessionId = in.readLong();
                e.timeNs = in.readLong();
                final int astId = in.readUnsignedByte();
                final int actId = in.readUnsignedByte();
                final EstimatorConfig config = readEstimatorConfig(in);
                final int toffsetId = in.readUnsignedByte();
                e.settings = new SessionSettings(ExtensionIds.of(astId, actId, toffsetId), config);
                break;
            case RTT_UPDATE:
            case BITRATE_BOUNDS:
            case REMOVE_STREAM:
            case SET_REMB_SENDER_SSRC:
                readSessionControl(in, type, e);
                break;
            default: // CLOSE_SESSION
                e.sessionId = in.readLong();
                e.timeNs = in.readLong();
                break;
        }
    }

    /** Reads a REMB's body into {@code out}; {@code remaining} is the body's length (checks n). */
    static void readRemb(final Bytes<?> in, final long remaining, final MutableRemb out) {
        out.timeNs = in.readLong();
        out.sessionId = in.readLong();
        out.bitrateBps = in.readLong();
        final int count = in.readUnsignedByte();
        if (remaining != REMB_BASE_BYTES - 2 + 4L * count) {
            throw new IllegalArgumentException("REMB lists " + count + " SSRCs but has " + (remaining + 2) + " bytes");
        }
        out.count = count;
        for (int i = 0; i < count; i++) {
            out.ssrcs[i] = in.readInt();
        }
    }

    private static EstimatorConfig readEstimatorConfig(final Bytes<?> in) {
        final int filter = in.readUnsignedByte();
        final DelayFilterKind[] kinds = DelayFilterKind.values();
        if (filter >= kinds.length) {
            throw new IllegalArgumentException("unknown delay filter code " + filter);
        }
        final double backoff = in.readDouble();
        final long minBps = in.readLong();
        final long maxBps = in.readLong();
        final long startBps = in.readLong();
        final long timeoutUs = in.readLong();
        final int maxStreams = in.readInt();
        final int profile = in.readUnsignedByte();
        final EstimatorProfile[] profiles = EstimatorProfile.values();
        if (profile >= profiles.length) {
            throw new IllegalArgumentException("unknown estimator profile code " + profile);
        }
        // The builder validates every value: a corrupt record fails here with the setting's name.
        return EstimatorConfig.builder().profile(profiles[profile]).delayFilter(kinds[filter]).backoffFactor(backoff).minBitrateBps(minBps)
            .maxBitrateBps(maxBps).startBitrateBps(startBps).streamTimeoutUs(timeoutUs).maxStreams(maxStreams)
            .build();
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
}
