package dev.bwe.tools.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a classic pcap (little-endian, Ethernet) of one video sender that stamps no header extension
 * at all: RTP timestamps only, 30 frames per second of three 1000-byte packets (about 740 kbps), the
 * frame's packets 1 ms apart, as a sender without abs-send-time produces them.
 */
final class RtpOnlyCapture {
    static final int SSRC = 0x0BADCAFE;
    static final int PACKETS_PER_FRAME = 3;
    static final int PAYLOAD_BYTES = 1000;

    private RtpOnlyCapture() {
    }

    /** @return the number of packets written */
    static int write(final Path file, final int seconds) throws IOException {
        final int frames = seconds * 30;
        final ByteBuffer out = ByteBuffer.allocate(24 + frames * PACKETS_PER_FRAME * (16 + 42 + 12 + PAYLOAD_BYTES))
            .order(ByteOrder.LITTLE_ENDIAN);
        out.putInt(0xA1B2C3D4).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt(65_535).putInt(1);
        int sequence = 0;
        for (int frame = 0; frame < frames; frame++) {
            final long frameUs = 1_700_000_000_000_000L + frame * 33_333L;
            final int rtpTimestamp = 0x7FFF0000 + frame * 3000;
            for (int i = 0; i < PACKETS_PER_FRAME; i++) {
                final long arrivalUs = frameUs + 5_000 + i * 1_000L;
                final int udpLength = 8 + 12 + PAYLOAD_BYTES;
                final int frameLength = 14 + 20 + udpLength;
                out.order(ByteOrder.LITTLE_ENDIAN);
                out.putInt((int) (arrivalUs / 1_000_000)).putInt((int) (arrivalUs % 1_000_000))
                    .putInt(frameLength).putInt(frameLength);
                out.order(ByteOrder.BIG_ENDIAN);
                out.put(new byte[] {2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2}).putShort((short) 0x0800);
                out.put((byte) 0x45).put((byte) 0).putShort((short) (20 + udpLength)).putShort((short) sequence)
                    .putShort((short) 0).put((byte) 64).put((byte) 17).putShort((short) 0)
                    .putInt(0x0A000001).putInt(0x0A000002);
                out.putShort((short) 40_000).putShort((short) 50_000).putShort((short) udpLength).putShort((short) 0);
                out.put((byte) 0x80).put((byte) ((i == PACKETS_PER_FRAME - 1 ? 0x80 : 0) | 96))
                    .putShort((short) sequence++).putInt(rtpTimestamp).putInt(SSRC);
                out.put(new byte[PAYLOAD_BYTES]);
            }
        }
        Files.write(file, java.util.Arrays.copyOf(out.array(), out.position()));
        return frames * PACKETS_PER_FRAME;
    }
}
