package dev.bwe.pipeline;

import dev.bwe.pipeline.rtp.SdpExtmap;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The README's "Embed it in a relay" snippet, kept here so that it always compiles and runs
 * ({@code EmbedInRelayExampleTest}). Between the BEGIN/END markers it must match the README.
 */
final class EmbedInRelayExample {
    private EmbedInRelayExample() {
    }

    static void run(final List<String> sdpLines, final byte[] rtp, final int length,
                    final BiConsumer<Long, byte[]> sendRtcp, final Path countersFile) {
        // BEGIN README
        try (BwePipeline bwe = BwePipeline.builder()
                .rembSenderSsrc(0x5EED)                       // the relay's RTCP SSRC
                .countersFile(countersFile)                   // readable by `bwe stat`
                .rembSink(remb -> sendRtcp.accept(remb.sessionId(), remb.toByteArray()))
                .build()) {
            long sessionId = 42;                              // one per peer connection
            bwe.openSession(sessionId, SdpExtmap.parse(sdpLines));
            UnsafeBuffer packet = new UnsafeBuffer(new byte[0]); // one view per receive thread, made once
            // On the relay's receive thread, for every RTP packet: never blocks, never allocates.
            packet.wrap(rtp, 0, length);                      // or wrap(address, length) for direct memory
            boolean queued = bwe.publishPacket(sessionId, packet, 0, length);
            // When RTCP gives the round-trip time, or the relay wants to cap what this peer sends:
            bwe.updateRtt(sessionId, 80);
            bwe.setBitrateBounds(sessionId, 30_000, 2_500_000);
            long estimateBps = bwe.latestEstimateBps(sessionId); // any thread, no lock
            // ... when the peer connection goes away:
            bwe.closeSession(sessionId);
        }
        // END README
    }
}
