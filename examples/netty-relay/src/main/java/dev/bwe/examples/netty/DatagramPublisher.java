package dev.bwe.examples.netty;

import dev.bwe.pipeline.BwePipeline;
import io.netty.buffer.ByteBuf;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Hands one received datagram to bwe straight from Netty's buffer: the {@link UnsafeBuffer} view is
 * re-pointed at the {@code ByteBuf}'s memory (no copy, no allocation) and bwe copies the RTP header into
 * its ring slot. One per event-loop thread: the view is not shared.
 */
public final class DatagramPublisher {
    private final BwePipeline bwe;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[0]);
    /** Only for a buffer that is neither direct with an address nor array-backed (a composite): rare. */
    private final byte[] scratch = new byte[2048];

    public DatagramPublisher(final BwePipeline bwe) {
        this.bwe = bwe;
    }

    /**
     * Publishes the readable bytes of {@code content} as a packet of {@code sessionId}, arrival time now.
     *
     * @return false when bwe's ring was full (the packet is counted as dropped; the relay goes on)
     */
    public boolean publish(final long sessionId, final ByteBuf content) {
        final int length = content.readableBytes();
        final int index = content.readerIndex();
        if (content.hasMemoryAddress()) {
            view.wrap(content.memoryAddress() + index, length);
        } else if (content.hasArray()) {
            view.wrap(content.array(), content.arrayOffset() + index, length);
        } else {
            final int copied = Math.min(length, scratch.length);
            content.getBytes(index, scratch, 0, copied);
            view.wrap(scratch, 0, copied);
            return bwe.publishPacket(sessionId, view, 0, copied);
        }
        return bwe.publishPacket(sessionId, view, 0, length);
    }

    /** True for RTCP multiplexed on the RTP port (RFC 5761: packet types 192..223): not for the estimator. */
    public static boolean isRtcp(final ByteBuf content) {
        if (content.readableBytes() < 2) {
            return false;
        }
        final int packetType = content.getUnsignedByte(content.readerIndex() + 1);
        return packetType >= 192 && packetType <= 223;
    }
}
