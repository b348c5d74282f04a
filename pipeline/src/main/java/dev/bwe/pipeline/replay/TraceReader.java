package dev.bwe.pipeline.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads a CSV packet trace, one row per received packet in processing order.
 *
 * <p>The contract: a header line is required; columns are found by name, in any order; unknown
 * columns are ignored; fields are plain (no quoting), surrounding spaces trimmed; blank lines are
 * skipped.
 * <table>
 *   <caption>columns</caption>
 *   <tr><th>column</th><th></th><th>value</th></tr>
 *   <tr><td>{@value #ARRIVAL_US}</td><td>required</td><td>arrival time, µs, signed 64-bit integer</td></tr>
 *   <tr><td>{@value #SSRC}</td><td>required</td><td>unsigned 32-bit decimal</td></tr>
 *   <tr><td>{@value #ABS_SEND_TIME}</td><td>required</td><td>raw 24-bit abs-send-time, 0..16777215;
 *       empty when the packet has none</td></tr>
 *   <tr><td>{@value #PAYLOAD_SIZE}</td><td>required</td><td>bytes after the RTP header, 0..2^31-1</td></tr>
 *   <tr><td>{@value #SESSION}</td><td>optional</td><td>signed 64-bit session id; default 0</td></tr>
 *   <tr><td>{@value #SEQ}</td><td>optional</td><td>RTP sequence number, 0..65535</td></tr>
 *   <tr><td>{@value #ABS_CAPTURE_TIME}</td><td>optional</td><td>raw 64-bit abs-capture-time (UQ32.32 NTP),
 *       unsigned decimal; empty when none</td></tr>
 *   <tr><td>{@value #RTP_TIMESTAMP}</td><td>optional</td><td>the RTP timestamp, unsigned 32-bit decimal; empty
 *       when unknown. A packet with it but without abs-send-time and abs-capture-time feeds the
 *       single-stream estimator</td></tr>
 *   <tr><td>{@value #TOFFSET}</td><td>optional</td><td>the toffset extension (RFC 5450), signed 24-bit
 *       decimal RTP ticks; empty when none</td></tr>
 * </table>
 * A value that breaks the contract throws {@link TraceFormatException} with the line and column.
 */
public final class TraceReader implements AutoCloseable {
    public static final String ARRIVAL_US = "arrival_us";
    public static final String SSRC = "ssrc";
    public static final String ABS_SEND_TIME = "abs_send_time";
    public static final String PAYLOAD_SIZE = "payload_size";
    public static final String SESSION = "session";
    public static final String SEQ = "seq";
    public static final String ABS_CAPTURE_TIME = "abs_capture_time";
    public static final String RTP_TIMESTAMP = "rtp_timestamp";
    public static final String TOFFSET = "toffset";
    private static final int TOFFSET_LIMIT = 1 << 23;

    private static final long MAX_ABS_SEND_TIME = (1 << 24) - 1;
    private static final long MAX_UNSIGNED_32 = 0xFFFF_FFFFL;

    private final BufferedReader in;
    private final String source;
    private final int columns;
    private final int arrivalColumn;
    private final int ssrcColumn;
    private final int absSendTimeColumn;
    private final int payloadColumn;
    private final int sessionColumn;
    private final int seqColumn;
    private final int captureColumn;
    private final int rtpTimestampColumn;
    private final int toffsetColumn;
    private final String[] fields;
    /** The line read last, 1-based. */
    private long lineNumber;

    /** One packet of the trace; the reader refills the same row for every line. */
    public static final class Row {
        public long lineNumber;
        public long sessionId;
        public long arrivalUs;
        public int ssrc;
        public int sequenceNumber;
        public boolean hasAbsSendTime;
        public int absSendTime24;
        public boolean hasAbsCaptureTime;
        public long absCaptureTimeNtp;
        public boolean hasRtpTimestamp;
        public int rtpTimestamp;
        public boolean hasTransmissionOffset;
        public int transmissionOffset;
        public int payloadSizeBytes;
    }

    /**
     * Reads the header line.
     *
     * @param source names the trace in error messages (a file name)
     * @throws TraceFormatException when the header is missing or lacks a required column
     */
    public TraceReader(final BufferedReader in, final String source) {
        this.in = in;
        this.source = source;
        final String header = readLine();
        if (header == null || header.isBlank()) {
            throw new TraceFormatException(source, 1, null, "no header line (expected at least " + ARRIVAL_US + ","
                + SSRC + "," + ABS_SEND_TIME + "," + PAYLOAD_SIZE + ")");
        }
        final String[] names = header.split(",", -1);
        final Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            final String name = names[i].trim();
            if (index.putIfAbsent(name, i) != null && !name.isEmpty()) {
                throw new TraceFormatException(source, 1, name, "column named twice in the header");
            }
        }
        columns = names.length;
        arrivalColumn = required(index, ARRIVAL_US);
        ssrcColumn = required(index, SSRC);
        absSendTimeColumn = required(index, ABS_SEND_TIME);
        payloadColumn = required(index, PAYLOAD_SIZE);
        sessionColumn = index.getOrDefault(SESSION, -1);
        seqColumn = index.getOrDefault(SEQ, -1);
        captureColumn = index.getOrDefault(ABS_CAPTURE_TIME, -1);
        rtpTimestampColumn = index.getOrDefault(RTP_TIMESTAMP, -1);
        toffsetColumn = index.getOrDefault(TOFFSET, -1);
        fields = new String[columns];
    }

    private int required(final Map<String, Integer> index, final String name) {
        final Integer column = index.get(name);
        if (column == null) {
            throw new TraceFormatException(source, 1, name, "required column missing from the header "
                + index.keySet());
        }
        return column;
    }

    /**
     * Reads the next packet into {@code row}.
     *
     * @return false at the end of the trace
     * @throws TraceFormatException on a line that breaks the contract
     */
    public boolean next(final Row row) {
        String line;
        do {
            line = readLine();
            if (line == null) {
                return false;
            }
        } while (line.isBlank());
        split(line);
        row.lineNumber = lineNumber;
        row.arrivalUs = parseLong(arrivalColumn, ARRIVAL_US);
        if (row.arrivalUs > Long.MAX_VALUE / 1000 || row.arrivalUs < Long.MIN_VALUE / 1000) {
            throw error(ARRIVAL_US, "'" + fields[arrivalColumn] + "' µs overflows a time in ns");
        }
        row.ssrc = (int) parseUnsigned(ssrcColumn, SSRC, MAX_UNSIGNED_32, "an unsigned 32-bit decimal");
        row.hasAbsSendTime = !fields[absSendTimeColumn].isEmpty();
        row.absSendTime24 = row.hasAbsSendTime
            ? (int) parseUnsigned(absSendTimeColumn, ABS_SEND_TIME, MAX_ABS_SEND_TIME, "a raw 24-bit abs-send-time")
            : 0;
        row.payloadSizeBytes = (int) parseUnsigned(payloadColumn, PAYLOAD_SIZE, Integer.MAX_VALUE, "a size in bytes");
        row.sessionId = sessionColumn < 0 || fields[sessionColumn].isEmpty() ? 0 : parseLong(sessionColumn, SESSION);
        row.sequenceNumber = seqColumn < 0 || fields[seqColumn].isEmpty() ? 0
            : (int) parseUnsigned(seqColumn, SEQ, 0xFFFF, "a sequence number");
        row.hasAbsCaptureTime = captureColumn >= 0 && !fields[captureColumn].isEmpty();
        row.absCaptureTimeNtp = row.hasAbsCaptureTime ? parseUnsigned64(captureColumn, ABS_CAPTURE_TIME) : 0;
        readRtpTimes(row);
        return true;
    }

    /** The optional columns the single-stream estimator reads. */
    private void readRtpTimes(final Row row) {
        row.hasRtpTimestamp = rtpTimestampColumn >= 0 && !fields[rtpTimestampColumn].isEmpty();
        row.rtpTimestamp = row.hasRtpTimestamp
            ? (int) parseUnsigned(rtpTimestampColumn, RTP_TIMESTAMP, MAX_UNSIGNED_32,
                "an unsigned 32-bit RTP timestamp")
            : 0;
        row.hasTransmissionOffset = toffsetColumn >= 0 && !fields[toffsetColumn].isEmpty();
        row.transmissionOffset = 0;
        if (row.hasTransmissionOffset) {
            final long value = parseLong(toffsetColumn, TOFFSET);
            if (value < -TOFFSET_LIMIT || value >= TOFFSET_LIMIT) {
                throw error(TOFFSET, "'" + fields[toffsetColumn] + "' is not a signed 24-bit toffset ("
                    + -TOFFSET_LIMIT + ".." + (TOFFSET_LIMIT - 1) + ")");
            }
            row.transmissionOffset = (int) value;
        }
    }

    private void split(final String line) {
        int start = 0;
        int count = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == ',') {
                if (count == columns) {
                    throw new TraceFormatException(source, lineNumber, null, "more fields than the header's "
                        + columns + " columns");
                }
                fields[count++] = line.substring(start, i).trim();
                start = i + 1;
            }
        }
        if (count < columns) {
            throw new TraceFormatException(source, lineNumber, null, count + " fields, the header has " + columns
                + " columns");
        }
    }

    private long parseLong(final int column, final String name) {
        try {
            return Long.parseLong(fields[column]);
        } catch (final NumberFormatException e) {
            throw error(name, "'" + fields[column] + "' is not a 64-bit integer");
        }
    }

    private long parseUnsigned(final int column, final String name, final long max, final String what) {
        final String text = fields[column];
        final long value;
        try {
            value = Long.parseLong(text);
        } catch (final NumberFormatException e) {
            throw error(name, "'" + text + "' is not " + what + " (0.." + max + ")");
        }
        if (value < 0 || value > max) {
            throw error(name, "'" + text + "' is not " + what + " (0.." + max + ")");
        }
        return value;
    }

    private long parseUnsigned64(final int column, final String name) {
        final String text = fields[column];
        try {
            if (text.startsWith("+") || text.startsWith("-")) {
                throw new NumberFormatException();
            }
            return Long.parseUnsignedLong(text);
        } catch (final NumberFormatException e) {
            throw error(name, "'" + text + "' is not an unsigned 64-bit decimal (UQ32.32)");
        }
    }

    private TraceFormatException error(final String column, final String problem) {
        return new TraceFormatException(source, lineNumber, column, problem);
    }

    private String readLine() {
        try {
            final String line = in.readLine();
            if (line != null) {
                lineNumber++;
            }
            return line;
        } catch (final IOException e) {
            throw new UncheckedIOException(source + ": reading line " + (lineNumber + 1) + " failed", e);
        }
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
