package dev.bwe.tools.capture;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Walks a classic pcap file's record headers (not the packets) to find where its last complete record
 * ends, so that a capture cut short can be read up to there.
 */
final class PcapRecords {
    private static final int GLOBAL_HEADER_BYTES = 24;
    private static final int RECORD_HEADER_BYTES = 16;

    private PcapRecords() {
    }

    /** Bytes from the start of the file to the end of its last complete record. */
    static long completeLength(final Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (size < GLOBAL_HEADER_BYTES) {
                throw new IllegalArgumentException("pcap " + path + " is shorter than its " + GLOBAL_HEADER_BYTES
                    + "-byte file header");
            }
            final ByteBuffer header = ByteBuffer.allocate(RECORD_HEADER_BYTES);
            channel.read(header, 0);
            final int magic = header.order(ByteOrder.BIG_ENDIAN).getInt(0);
            final ByteOrder order = magic == 0xA1B2C3D4 || magic == 0xA1B23C4D ? ByteOrder.BIG_ENDIAN
                : ByteOrder.LITTLE_ENDIAN;
            long position = GLOBAL_HEADER_BYTES;
            while (position + RECORD_HEADER_BYTES <= size) {
                header.clear();
                readFully(channel, header, position);
                final long capturedBytes = header.order(order).getInt(8) & 0xFFFFFFFFL;
                final long end = position + RECORD_HEADER_BYTES + capturedBytes;
                if (end > size) {
                    break;
                }
                position = end;
            }
            return position;
        }
    }

    private static void readFully(final FileChannel channel, final ByteBuffer buffer, final long position)
        throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            final int n = channel.read(buffer, at);
            if (n < 0) {
                throw new IOException("unexpected end of file at " + at);
            }
            at += n;
        }
    }
}
