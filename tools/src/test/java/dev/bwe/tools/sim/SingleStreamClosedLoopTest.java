package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.pipeline.BwePipeline;
import org.junit.jupiter.api.Test;

/**
 * The capacity-drop scenario through the real pipeline twice: senders that stamp abs-send-time, and
 * senders that stamp none (the pipeline estimates from RTP timestamps with the single-stream estimator).
 * Both must fill the link and follow the drop; the figures are printed side by side.
 */
class SingleStreamClosedLoopTest {
    private static final long S = 1_000_000_000L;

    private record Run(SessionMetrics metrics, long accepted, long rejected, int rembs) {
    }

    private static Run run(final boolean absSendTime) {
        final PipelineReceiver.Factory factory = PipelineReceiver.factory(BwePipeline::builder, absSendTime);
        final SimulationResult result = Simulation.run(Scenarios.byName("capacity-drop").config().toBuilder()
            .receiver(factory).build());
        try (PipelineReceiver receiver = factory.lastCreated()) {
            final SessionResult session = result.sessions().get(0);
            return new Run(session.metrics(), receiver.pipeline().counters().packetsAccepted().get(),
                receiver.pipeline().counters().rejectedTotal(), session.rembs().size());
        }
    }

    @Test
    void rtpTimestampsAloneFillTheLinkAndFollowTheDrop() {
        final Run ast = run(true);
        final Run rtp = run(false);
        final CapacityResponse astDrop = ast.metrics().decreases().get(0);
        final CapacityResponse rtpDrop = rtp.metrics().decreases().get(0);
        System.out.printf("capacity-drop (2.5 -> 1 Mbps at 30 s), through the pipeline:%n"
                + "  abs-send-time: utilisation %.1f %%, queue p95 %.0f ms, drop answered in %.2f s, %d REMBs%n"
                + "  RTP timestamps (single-stream): utilisation %.1f %%, queue p95 %.0f ms, drop answered in %.2f s,"
                + " %d REMBs%n",
            100 * ast.metrics().utilisation(), ast.metrics().queueDelayP95Ms(), astDrop.responseTimeNs() / 1e9,
            ast.rembs(), 100 * rtp.metrics().utilisation(), rtp.metrics().queueDelayP95Ms(),
            rtpDrop.responseTimeNs() / 1e9, rtp.rembs());

        // Every packet fed the single-stream estimator: nothing waited for abs-send-time.
        assertThat(rtp.rejected()).isZero();
        assertThat(rtp.accepted()).isGreaterThan(3_000);
        assertThat(rtp.rembs()).isGreaterThan(50);
        // Observed (one run): abs-send-time 50.9 %, RTP timestamps 48.8 % of the link over the 60 s (the
        // 2.5 Mbps phase is spent ramping up from nothing, in both).
        assertThat(rtp.metrics().utilisation()).isGreaterThan(0.8 * ast.metrics().utilisation());
        assertThat(rtpDrop.reached()).isTrue();
        assertThat(rtpDrop.responseTimeNs()).isBetween(0L, 5 * S);
        assertThat(astDrop.reached()).isTrue();
    }
}
