package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class SimPacketTest {
    private final SimPacket packet = new SimPacket(0xCAFEBABE, 0xABCD, 0x12345678, 0x0A0B0C, 1000, true, 5);

    @Test
    void writesAnRtpHeaderWithTheAbsSendTimeExtension() {
        final byte[] buf = new byte[32];

        final int written = packet.writeHeader(buf, 4, 3);

        assertThat(written).isEqualTo(SimPacket.HEADER_SIZE_BYTES).isEqualTo(20);
        final ByteBuffer bb = ByteBuffer.wrap(buf, 4, 20);
        assertThat(bb.get() & 0xFF).as("V=2, X=1").isEqualTo(0x90);
        assertThat(bb.get() & 0xFF).as("M=1, PT=96").isEqualTo(0x80 | 96);
        assertThat(bb.getShort() & 0xFFFF).isEqualTo(0xABCD);
        assertThat(bb.getInt()).isEqualTo(0x12345678);
        assertThat(bb.getInt()).isEqualTo(0xCAFEBABE);
        assertThat(bb.getShort() & 0xFFFF).as("RFC 8285 one-byte profile").isEqualTo(0xBEDE);
        assertThat(bb.getShort()).as("extension length in words").isEqualTo((short) 1);
        assertThat(bb.get() & 0xFF).as("id 3, length 3 bytes").isEqualTo(0x32);
        assertThat(bb.get() & 0xFF).isEqualTo(0x0A);
        assertThat(bb.get() & 0xFF).isEqualTo(0x0B);
        assertThat(bb.get() & 0xFF).isEqualTo(0x0C);
        assertThat(buf[0]).as("nothing before the offset").isZero();
        assertThat(buf[24]).as("nothing after the header").isZero();
    }

    @Test
    void agronaBufferGetsTheSameBytes() {
        final byte[] expected = new byte[SimPacket.HEADER_SIZE_BYTES];
        packet.writeHeader(expected, 0, 14);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[40]);

        assertThat(packet.writeHeader(buffer, 8, 14)).isEqualTo(20);

        final byte[] actual = new byte[SimPacket.HEADER_SIZE_BYTES];
        buffer.getBytes(8, actual);
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void markerBitIsClearOnOtherPackets() {
        final byte[] buf = new byte[20];
        new SimPacket(1, 0, 0, 0, 10, false, 0).writeHeader(buf, 0, 1);

        assertThat(buf[1] & 0xFF).isEqualTo(96);
    }

    @Test
    void sizesAddUp() {
        assertThat(packet.rtpSizeBytes()).isEqualTo(1020);
        assertThat(packet.wireSizeBytes()).isEqualTo(1048).isEqualTo(SimPacket.wireSizeForPayload(1000));
    }

    @Test
    void refusesOneByteExtensionIdsOutsideOneToFourteen() {
        assertThatThrownBy(() -> packet.writeHeader(new byte[20], 0, 0)).hasMessageContaining("1..14");
        assertThatThrownBy(() -> packet.writeHeader(new byte[20], 0, 15)).hasMessageContaining("1..14");
        assertThatThrownBy(() -> packet.writeHeader(new byte[19], 0, 3))
            .isInstanceOf(IndexOutOfBoundsException.class);
    }
}
