package dev.bwe.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bwe.estimator.remb.RembDecoder;
import dev.bwe.relay.ice.Stun;
import dev.bwe.relay.ice.StunIntegrity;
import dev.bwe.relay.ice.StunWriter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.agrona.concurrent.UnsafeBuffer;

/** A browser's UDP side in a few lines: ICE checks with the endpoint's credentials, RTP with abs-send-time. */
public final class FakeBrowser implements AutoCloseable {
    public static final int VP8 = 96;
    public static final int AST_ID = 2;

    private final DatagramSocket socket;
    private final SecureRandom random = new SecureRandom();
    private int sequence;

    public FakeBrowser() throws IOException {
        socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        socket.setSoTimeout(5);
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    /** Sends a Binding request as Chromium would (USERNAME, PRIORITY, ICE-CONTROLLING, MI, FINGERPRINT). */
    public byte[] sendCheck(final RelayEndpoint to, final String remoteUfrag, final String password,
                            final boolean useCandidate) throws IOException {
        final byte[] out = new byte[200];
        final byte[] transactionId = new byte[12];
        random.nextBytes(transactionId);
        final StunWriter writer = new StunWriter(out).header(Stun.BINDING_REQUEST, transactionId)
            .attribute(Stun.ATTR_USERNAME, (to.credentials().ufrag() + ":" + remoteUfrag)
                .getBytes(StandardCharsets.UTF_8), (byte) 0)
            .attribute(Stun.ATTR_PRIORITY, new byte[] {0x6e, 0, 0x1e, (byte) 0xff}, (byte) 0)
            .attribute(Stun.ATTR_ICE_CONTROLLING, new byte[8], (byte) 0);
        if (useCandidate) {
            writer.attribute(Stun.ATTR_USE_CANDIDATE, new byte[0], (byte) 0);
        }
        final int length = writer.messageIntegrity(new StunIntegrity(password)).fingerprint().length();
        socket.send(new DatagramPacket(out, length, to.address()));
        return Arrays.copyOf(out, length);
    }

    /** A nominating check with the right credentials; returns the response (same transaction id asserted). */
    public byte[] connect(final RelayEndpoint to) throws IOException {
        final byte[] request = sendCheck(to, ChromiumOffer.ICE_UFRAG, to.credentials().password(), true);
        final byte[] response = receive(Duration.ofSeconds(5));
        assertThat(response).as("a STUN response").isNotNull();
        assertThat(Arrays.copyOfRange(response, 8, 20)).isEqualTo(Arrays.copyOfRange(request, 8, 20));
        return response;
    }

    /**
     * Sends 500-byte RTP packets of each SSRC in turn every 5 ms, stamped with abs-send-time, collecting RTCP from
     * the endpoint, until {@code count} REMBs arrived (and, if given, one announcing {@code untilBps}).
     */
    public List<byte[]> streamUntilRembs(final RelayEndpoint to, final int[] ssrcs, final int count,
                                         final long timeoutMs, final Long untilBps) throws IOException {
        final List<byte[]> rtcp = new ArrayList<>();
        final byte[] packet = new byte[500];
        final RembDecoder decoder = new RembDecoder();
        final long startNs = System.nanoTime();
        boolean seenTarget = untilBps == null;
        while (rtcp.size() < count || !seenTarget) {
            assertThat(System.nanoTime() - startNs).as("REMBs within " + timeoutMs + " ms")
                .isLessThan(timeoutMs * 1_000_000L);
            final int ssrc = ssrcs[sequence % ssrcs.length];
            final int length = RtpPackets.write(packet, packet.length, VP8, sequence++, ssrc, AST_ID,
                System.nanoTime());
            socket.send(new DatagramPacket(packet, length, to.address()));
            // The 5 ms receive timeout paces the stream.
            final byte[] got = receive(Duration.ofMillis(5));
            if (got != null && PacketKind.of(got, 0, got.length) == PacketKind.RTCP) {
                rtcp.add(got);
                if (decoder.wrapCompound(new UnsafeBuffer(got), 0, got.length) && untilBps != null
                    && decoder.bitrateBps() == untilBps) {
                    seenTarget = true;
                }
            }
        }
        return rtcp;
    }

    /** The next datagram within {@code timeout}, or null. */
    public byte[] receive(final Duration timeout) throws IOException {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        final DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        while (System.nanoTime() < deadlineNs) {
            try {
                socket.receive(packet);
                return Arrays.copyOf(packet.getData(), packet.getLength());
            } catch (final SocketTimeoutException e) {
                // poll again until the deadline
            }
        }
        return null;
    }

    @Override
    public void close() {
        socket.close();
    }
}
