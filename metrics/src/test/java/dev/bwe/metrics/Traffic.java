package dev.bwe.metrics;

import dev.bwe.estimator.AbsSendTime;
import dev.bwe.pipeline.BwePipeline;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Drives a pipeline with manual ticks: one session's stream of 1200-byte RTP packets (abs-send-time,
 * extension id {@link #AST_ID}) every 10 ms (~1 Mbps) through an 800 kbps bottleneck, so the queue builds,
 * the detector over-uses and estimates come; a tick every 5 ms.
 */
final class Traffic {
    static final int AST_ID = 3;
    private final byte[] packet = new byte[1500];
    private final UnsafeBuffer buffer = new UnsafeBuffer(packet);
    private long nowNs = 1_000_000_000L;
    private long queueFreeAtNs;
    private int seq;
    long published;

    /** Runs {@code durationMs} of simulated time for {@code sessionId} with SSRC {@code ssrc}. */
    void run(final BwePipeline pipeline, final long sessionId, final int ssrc, final long durationMs) {
        final long endNs = nowNs + durationMs * 1_000_000L;
        long nextTickNs = nowNs;
        for (long sendNs = nowNs; sendNs < endNs; sendNs += 10_000_000L) {
            final long txNs = 1220L * 8 * 1_000_000_000L / 800_000L;
            final long arrivalNs = Math.max(sendNs, queueFreeAtNs) + txNs;
            queueFreeAtNs = arrivalNs;
            while (nextTickNs <= arrivalNs) {
                pipeline.tick(nextTickNs);
                nextTickNs += 5_000_000L;
            }
            final int length = write(ssrc, seq++, AbsSendTime.fromMicros(sendNs / 1000), 1180);
            if (pipeline.publishPacket(sessionId, buffer, 0, length, arrivalNs)) {
                published++;
            }
        }
        nowNs = Math.max(endNs, queueFreeAtNs);
    }

    /** A packet too short to be RTP: rejected by the parse stage with reason "too short". */
    void publishRunt(final BwePipeline pipeline, final long sessionId) {
        pipeline.publishPacket(sessionId, buffer, 0, 5, nowNs);
        published++;
    }

    private int write(final int ssrc, final int sequence, final int absSendTime24, final int payloadBytes) {
        packet[0] = (byte) 0x90; // V=2, X=1
        packet[1] = 96;
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        for (int i = 4; i < 8; i++) {
            packet[i] = 0;
        }
        packet[8] = (byte) (ssrc >>> 24);
        packet[9] = (byte) (ssrc >>> 16);
        packet[10] = (byte) (ssrc >>> 8);
        packet[11] = (byte) ssrc;
        packet[12] = (byte) 0xBE;
        packet[13] = (byte) 0xDE;
        packet[14] = 0;
        packet[15] = 1;
        packet[16] = (byte) ((AST_ID << 4) | 2);
        packet[17] = (byte) (absSendTime24 >>> 16);
        packet[18] = (byte) (absSendTime24 >>> 8);
        packet[19] = (byte) absSendTime24;
        return 20 + payloadBytes;
    }
}
