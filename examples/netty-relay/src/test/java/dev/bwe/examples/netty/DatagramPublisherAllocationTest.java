package dev.bwe.examples.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.TickSource;
import dev.bwe.pipeline.rtp.ExtensionIds;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** bwe adds no allocation per packet to what Netty does: publishing from a ByteBuf allocates nothing. */
class DatagramPublisherAllocationTest {
    private static final int PACKETS = 200_000;

    @Test
    void publishingFromDirectAndHeapBuffersAllocatesNothing() {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (BwePipeline bwe = BwePipeline.builder().tickSource(TickSource.MANUAL).ringSize(1 << 14).build()) {
            bwe.openSession(1, ExtensionIds.of(2, 0));
            final DatagramPublisher publisher = new DatagramPublisher(bwe);
            final ByteBuf direct = rtp(PooledByteBufAllocator.DEFAULT.directBuffer(1200));
            final ByteBuf heap = rtp(PooledByteBufAllocator.DEFAULT.heapBuffer(1200));
            assertThat(direct.hasMemoryAddress() || direct.hasArray()).isTrue();
            assertThat(heap.hasArray()).isTrue();
            for (final ByteBuf buffer : new ByteBuf[] {direct, heap}) {
                publishMany(bwe, publisher, buffer); // warm-up: JIT, class loading
                final long before = threads.getCurrentThreadAllocatedBytes();
                publishMany(bwe, publisher, buffer);
                final long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                assertThat(allocated).as("bytes allocated publishing %d packets from a %s buffer", PACKETS,
                    buffer.isDirect() ? "direct" : "heap").isLessThan(PACKETS / 100);
            }
            assertThat(bwe.counters().packetsPublished().get()).isEqualTo(4L * PACKETS);
            direct.release();
            heap.release();
        }
    }

    private static void publishMany(final BwePipeline bwe, final DatagramPublisher publisher, final ByteBuf buffer) {
        for (int i = 0; i < PACKETS; i++) {
            if (!publisher.publish(1, buffer)) {
                bwe.awaitDrained(Duration.ofSeconds(10));
            }
        }
        bwe.awaitDrained(Duration.ofSeconds(10));
    }

    /** An RTP packet with abs-send-time (one-byte extension id 2) and a 1000-byte payload. */
    private static ByteBuf rtp(final ByteBuf buffer) {
        buffer.writeByte(0x90).writeByte(96).writeShort(1).writeInt(1000).writeInt(0xEEDF3944);
        buffer.writeShort(0xBEDE).writeShort(1).writeByte(0x22).writeMedium(0x123456);
        buffer.writeZero(1000);
        return buffer;
    }
}
