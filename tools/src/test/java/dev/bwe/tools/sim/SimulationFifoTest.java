package dev.bwe.tools.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The simulator in open loop against FIFO arithmetic: 1200-byte packets (on the wire) every 4.8 ms, that
 * is 2 Mbps, into a 1 Mbps bottleneck with 20 ms of propagation delay. Packet i is sent at 4.8·i ms,
 * starts its 9.6 ms transmission at 9.6·i ms (the queue grows by 4.8 ms per packet), leaves at 9.6·(i+1) ms
 * and arrives 20 ms later: 9.6 ms apart.
 */
class SimulationFifoTest {
    private static final long US = 1_000L;
    private static final long MS = 1_000_000L;
    private static final int PAYLOAD_BYTES = 1200 - SimPacket.HEADER_SIZE_BYTES - SimPacket.IP_UDP_OVERHEAD_BYTES;

    /** Remembers what it is given, and never sends a REMB. */
    private static final class RecordingReceiver implements SimReceiver {
        private final List<long[]> arrivals = new ArrayList<>();
        private final List<SimPacket> packets = new ArrayList<>();
        private final List<Long> ticks = new ArrayList<>();
        private final List<String> opened = new ArrayList<>();

        @Override
        public void openSession(final long sessionId, final int absSendTimeExtensionId) {
            opened.add(sessionId + "/" + absSendTimeExtensionId);
        }

        @Override
        public void onPacket(final long sessionId, final long arrivalTimeNs, final SimPacket packet) {
            arrivals.add(new long[] {sessionId, arrivalTimeNs});
            packets.add(packet);
        }

        @Override
        public void advanceTo(final long nowNs) {
            ticks.add(nowNs);
        }
    }

    private final RecordingReceiver receiver = new RecordingReceiver();

    private SimulationResult run() {
        return Simulation.run(SimulationConfig.builder()
            .durationMs(1_000)
            .receiver(feedback -> receiver)
            .addSession(SessionConfig.builder(9)
                .link(LinkConfig.builder(CapacitySchedule.constant(1_000_000)).propagationDelayMs(20)
                    .queueLimit(QueueLimit.unlimited()).build())
                .sender(SenderConfig.builder().feedbackEnabled(false).build())
                .addStream(StreamConfig.constantRate(0x42, PAYLOAD_BYTES, 4_800 * US))
                .absSendTimeExtensionId(5)
                .build())
            .build());
    }

    @Test
    void everyPacketMatchesTheFifoArithmeticExactly() {
        final List<PacketRecord> packets = run().session(9).packets();

        assertThat(packets).hasSize(209);  // sent at 0, 4.8, ..., 998.4 ms
        for (int i = 0; i < packets.size(); i++) {
            final PacketRecord p = packets.get(i);
            assertThat(p.wireSizeBytes()).isEqualTo(1200);
            assertThat(p.dropped()).isFalse();
            assertThat(p.sendTimeNs()).isEqualTo(i * 4_800 * US);
            assertThat(p.enqueueTimeNs()).isEqualTo(p.sendTimeNs());
            assertThat(p.queueingDelayNs()).as("queue after %d packets", i).isEqualTo(i * 4_800 * US);
            assertThat(p.departureTimeNs()).isEqualTo((i + 1) * 9_600 * US);
            assertThat(p.arrivalTimeNs()).isEqualTo((i + 1) * 9_600 * US + 20 * MS);
        }
    }

    @Test
    void receiverSeesArrivalsOneServiceTimeApart() {
        run();

        // Arrivals at 9.6·(i+1) + 20 ms up to the end at 1 s: i = 0..101.
        assertThat(receiver.arrivals).hasSize(102);
        assertThat(receiver.opened).containsExactly("9/5");
        for (int i = 0; i < receiver.arrivals.size(); i++) {
            assertThat(receiver.arrivals.get(i)[0]).isEqualTo(9);
            assertThat(receiver.arrivals.get(i)[1]).isEqualTo((i + 1) * 9_600 * US + 20 * MS);
            assertThat(receiver.packets.get(i).sequenceNumber())
                .isEqualTo((receiver.packets.get(0).sequenceNumber() + i) & 0xFFFF);
        }
        assertThat(receiver.ticks).hasSize(200);
        assertThat(receiver.ticks.get(0)).isEqualTo(5 * MS);
    }

    @Test
    void samplesAndMetricsFollowTheSameArithmetic() {
        final SessionResult session = run().session(9);

        assertThat(session.samples()).hasSize(10);
        // At 500 ms the last packet in is #104 (sent at 499.2 ms), which leaves at 9.6 × 105 = 1008 ms.
        final Sample half = session.samples().get(4);
        assertThat(half.timeNs()).isEqualTo(500 * MS);
        assertThat(half.queueDelayNs()).isEqualTo(508 * MS);
        assertThat(half.capacityBps()).isEqualTo(1_000_000);
        assertThat(half.targetBps()).isEqualTo(SenderConfig.DEFAULT.startBitrateBps());
        final Sample last = session.samples().get(9);
        assertThat((double) last.sendRateBps()).isCloseTo(2e6, within(2e4));
        assertThat((double) last.receivedRateBps()).isCloseTo(1e6, within(2e4));
        assertThat(last.estimateBps()).isZero();

        final SessionMetrics m = session.metrics();
        assertThat(m.utilisation()).isCloseTo(102 * 9_600 / 1e6, within(1e-12));
        assertThat(m.queueDelayP50Ms()).isCloseTo(50 * 4.8, within(1e-9));   // rank 51 of 102
        assertThat(m.queueDelayP95Ms()).isCloseTo(96 * 4.8, within(1e-9));   // rank 97 of 102
        assertThat(m.queueDelayMaxMs()).isCloseTo(101 * 4.8, within(1e-9));
        assertThat(m.mediaPacketsSent()).isEqualTo(209);
        assertThat(m.mediaPacketsLost()).isZero();
        assertThat(m.rembCount()).isZero();
    }

    @Test
    void packetsCarryTheirAbsSendTimeInARealHeader() {
        run();
        final byte[] header = new byte[SimPacket.HEADER_SIZE_BYTES];

        for (int i = 1; i < receiver.packets.size(); i++) {
            final SimPacket packet = receiver.packets.get(i);
            packet.writeHeader(header, 0, 5);
            assertThat(header[16] & 0xFF).isEqualTo(0x52);
            assertThat(((header[17] & 0xFF) << 16) | ((header[18] & 0xFF) << 8) | (header[19] & 0xFF))
                .isEqualTo(packet.absSendTime24());
            // 4.8 ms in 2^-18 s units is 1258.29: the truncated stamps differ by 1258 or 1259.
            final int delta = (packet.absSendTime24() - receiver.packets.get(i - 1).absSendTime24()) & 0xFFFFFF;
            assertThat(delta).isBetween(1258, 1259);
        }
    }
}
