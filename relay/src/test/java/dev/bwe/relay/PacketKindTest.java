package dev.bwe.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class PacketKindTest {
    @Test
    void splitsByFirstByteAsRfc7983Says() {
        assertThat(kind(0x00, 0x01)).isEqualTo(PacketKind.STUN);
        assertThat(kind(0x03, 0x00)).isEqualTo(PacketKind.STUN);
        assertThat(kind(0x04, 0x00)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(19, 0)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(20, 0)).isEqualTo(PacketKind.DTLS);
        assertThat(kind(63, 0)).isEqualTo(PacketKind.DTLS);
        assertThat(kind(64, 0)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(127, 96)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(kind(128, 96)).isEqualTo(PacketKind.RTP);
        assertThat(kind(191, 96)).isEqualTo(PacketKind.RTP);
        assertThat(kind(192, 96)).isEqualTo(PacketKind.UNKNOWN);
    }

    @Test
    void tellsRtcpFromRtpByTheSecondByte() {
        assertThat(kind(0x80, 191)).isEqualTo(PacketKind.RTP);
        assertThat(kind(0x80, 192)).isEqualTo(PacketKind.RTCP);
        assertThat(kind(0x80, 200)).isEqualTo(PacketKind.RTCP); // SR
        assertThat(kind(0x81, 206)).isEqualTo(PacketKind.RTCP); // PSFB
        assertThat(kind(0x80, 223)).isEqualTo(PacketKind.RTCP);
        assertThat(kind(0x80, 224)).isEqualTo(PacketKind.RTP); // marker bit set, payload type 96
        assertThat(kind(0x90, 0x60)).isEqualTo(PacketKind.RTP);
    }

    @Test
    void emptyAndOneByteDatagramsAreHandled() {
        assertThat(PacketKind.of(new byte[0], 0, 0)).isEqualTo(PacketKind.UNKNOWN);
        assertThat(PacketKind.of(new byte[] {0x00}, 0, 1)).isEqualTo(PacketKind.STUN);
        assertThat(PacketKind.of(new byte[] {(byte) 0x80}, 0, 1)).isEqualTo(PacketKind.UNKNOWN);
    }

    @Test
    void byteBufferFormLooksAtThePositionAndLeavesIt() {
        final ByteBuffer buffer = ByteBuffer.wrap(new byte[] {0, 0, (byte) 0x80, (byte) 201});
        buffer.position(2);
        assertThat(PacketKind.of(buffer)).isEqualTo(PacketKind.RTCP);
        assertThat(buffer.position()).isEqualTo(2);
    }

    private static PacketKind kind(final int first, final int second) {
        return PacketKind.of(new byte[] {(byte) first, (byte) second, 0, 0}, 0, 4);
    }
}
