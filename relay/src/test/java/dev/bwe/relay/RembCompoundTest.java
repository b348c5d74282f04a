package dev.bwe.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.remb.RembDecoder;
import dev.bwe.estimator.remb.RembEncoder;
import java.nio.ByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class RembCompoundTest {
    @Test
    void isAnEmptyReceiverReportFollowedByTheRemb() {
        final UnsafeBuffer remb = new UnsafeBuffer(new byte[64]);
        final int rembLength = new RembEncoder().wrap(remb, 0)
            .encode(0x5EED0001, 1_500_000, new int[] {0xDEADBEEF, 0x12345678}, 2);
        final byte[] out = new byte[128];
        final int length = RembCompound.write(out, 0x5EED0001, remb, rembLength);

        assertThat(length).isEqualTo(8 + 28);
        final ByteBuffer bb = ByteBuffer.wrap(out);
        assertThat(out[0] & 0xFF).as("V=2, P=0, RC=0").isEqualTo(0x80);
        assertThat(out[1] & 0xFF).as("PT=RR").isEqualTo(201);
        assertThat(bb.getShort(2)).as("length: 2 words - 1").isEqualTo((short) 1);
        assertThat(bb.getInt(4)).as("our SSRC").isEqualTo(0x5EED0001);

        // Walk the compound by its length fields: RR, then the REMB, ending exactly at the datagram's end.
        final int second = ((bb.getShort(2) & 0xFFFF) + 1) * 4;
        assertThat(second).isEqualTo(8);
        assertThat(second + ((bb.getShort(second + 2) & 0xFFFF) + 1) * 4).isEqualTo(length);

        final RembDecoder decoder = new RembDecoder();
        assertThat(decoder.wrapCompound(new UnsafeBuffer(out), 0, length)).isTrue();
        assertThat(decoder.offset()).isEqualTo(8);
        assertThat(decoder.senderSsrc()).isEqualTo(0x5EED0001);
        assertThat(decoder.bitrateBps()).isEqualTo(1_500_000);
        assertThat(decoder.ssrc(0)).isEqualTo(0xDEADBEEF);
        assertThat(decoder.ssrc(1)).isEqualTo(0x12345678);
    }
}
