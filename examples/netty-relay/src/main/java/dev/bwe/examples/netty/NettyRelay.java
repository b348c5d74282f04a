package dev.bwe.examples.netty;

import dev.bwe.metrics.BweMetrics;
import dev.bwe.metrics.PrometheusEndpoint;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.journal.JournalConfig;
import dev.bwe.pipeline.rtp.ExtensionIds;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small relay's receive side on Netty 4.2: one UDP channel; each peer (source address) is a bwe
 * session, opened on its first datagram; every RTP datagram goes into bwe from Netty's own buffer
 * ({@link DatagramPublisher}); every REMB goes back to the peer on the same channel.
 */
public final class NettyRelay implements AutoCloseable {
    private final BwePipeline bwe;
    private final EventLoopGroup group;
    private final Channel channel;
    /** session id -> peer, read on bwe's timer thread when a REMB goes out. */
    private final Map<Long, InetSocketAddress> peersBySession = new ConcurrentHashMap<>();
    private final AtomicLong rembsSent = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once by {@link #serveMetrics}; closed with the relay. */
    private volatile BweMetrics metrics;
    private volatile PrometheusEndpoint metricsEndpoint;

    /** What the relay needs to know: where to listen and what the peers negotiated. */
    public record Options(InetSocketAddress bind, ExtensionIds extensionIds, EstimatorConfig estimatorConfig,
                          int rembSenderSsrc, Path journalDirectory) {
    }

    private NettyRelay(final Options options) throws InterruptedException {
        final BwePipeline.Builder builder = BwePipeline.builder().estimatorConfig(options.estimatorConfig())
            .rembSenderSsrc(options.rembSenderSsrc()).rembSink(this::sendRemb);
        if (options.journalDirectory() != null) {
            builder.journal(JournalConfig.of(options.journalDirectory()));
        }
        bwe = builder.build();
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            final SessionSettings settings = new SessionSettings(options.extensionIds(), options.estimatorConfig());
            channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new Receiver(bwe, settings, peersBySession))
                .bind(options.bind()).sync().channel();
        } catch (final InterruptedException | RuntimeException e) {
            group.shutdownGracefully();
            bwe.close();
            throw e;
        }
    }

    /** Binds the channel and starts bwe. */
    public static NettyRelay start(final Options options) throws InterruptedException {
        return new NettyRelay(options);
    }

    /** Where the relay listens. */
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The pipeline (counters, latest estimates, run-time controls such as {@code updateRtt}). */
    public BwePipeline bwe() {
        return bwe;
    }

    /**
     * Serves the pipeline's meters (and per-session estimate gauges for up to {@code maxSessionMeters}
     * sessions) in the Prometheus text format at {@code http://address/metrics}, until the relay closes.
     *
     * @return the endpoint's address
     */
    public synchronized URI serveMetrics(final InetSocketAddress address, final int maxSessionMeters) {
        if (metricsEndpoint != null) {
            throw new IllegalStateException("metrics are already served at " + metricsEndpoint.uri());
        }
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metrics = BweMetrics.of(bwe).sessionMeters(maxSessionMeters);
        metrics.bindTo(registry);
        metricsEndpoint = PrometheusEndpoint.start(registry, address);
        return metricsEndpoint.uri();
    }

    /** REMBs handed to Netty so far. */
    public long rembsSent() {
        return rembsSent.get();
    }

    /** On bwe's timer thread: copy the REMB (the view is valid during the call only) and send it. */
    private void sendRemb(final RembView remb) {
        final InetSocketAddress peer = peersBySession.get(remb.sessionId());
        if (peer == null) {
            return;
        }
        // A copy per REMB (a few per second per session), never per packet.
        channel.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(remb.toByteArray()), peer));
        rembsSent.incrementAndGet();
    }

    /**
     * Stops bwe first (no REMB after that), then the channel (REMBs already written are flushed), then the
     * event loop. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (metricsEndpoint != null) {
            metricsEndpoint.close();
            metrics.close();
        }
        bwe.close();
        channel.close().syncUninterruptibly();
        group.shutdownGracefully().syncUninterruptibly();
    }

    /** The event loop's handler: peers to sessions, datagrams into bwe. */
    private static final class Receiver extends SimpleChannelInboundHandler<DatagramPacket> {
        private final BwePipeline bwe;
        private final SessionSettings settings;
        private final Map<Long, InetSocketAddress> peersBySession;
        private final DatagramPublisher publisher;
        /** Event-loop thread only. */
        private final Map<InetSocketAddress, Long> sessionsByPeer = new HashMap<>();
        private long nextSessionId = 1;

        Receiver(final BwePipeline bwe, final SessionSettings settings,
                 final Map<Long, InetSocketAddress> peersBySession) {
            this.bwe = bwe;
            this.settings = settings;
            this.peersBySession = peersBySession;
            this.publisher = new DatagramPublisher(bwe);
        }

        @Override
        protected void channelRead0(final ChannelHandlerContext ctx, final DatagramPacket packet) {
            final ByteBuf content = packet.content();
            if (DatagramPublisher.isRtcp(content)) {
                return;
            }
            Long sessionId = sessionsByPeer.get(packet.sender());
            if (sessionId == null) {
                // A new peer: once per peer, so the short wait for bwe's control slot is fine here.
                sessionId = nextSessionId++;
                bwe.openSession(sessionId, settings);
                sessionsByPeer.put(packet.sender(), sessionId);
                peersBySession.put(sessionId, packet.sender());
            }
            publisher.publish(sessionId, content);
        }
    }
}
