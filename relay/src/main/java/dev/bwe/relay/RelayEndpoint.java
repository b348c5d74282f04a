package dev.bwe.relay;

import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.estimator.SsrcSet;
import dev.bwe.estimator.remb.RembEncoder;
import dev.bwe.pipeline.BwePipeline;
import dev.bwe.pipeline.RembView;
import dev.bwe.pipeline.SessionSettings;
import dev.bwe.pipeline.ThreadingMode;
import dev.bwe.pipeline.journal.JournalConfig;
import dev.bwe.pipeline.rtp.ExtensionIds;
import dev.bwe.pipeline.rtp.SdpExtmap;
import dev.bwe.relay.ice.IceCredentials;
import dev.bwe.relay.ice.StunResponder;
import dev.bwe.relay.ice.StunVerdict;
import dev.bwe.relay.sdp.SdpAnswer;
import dev.bwe.relay.sdp.SdpOffer;
import dev.bwe.relay.shaper.RateSchedule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A minimal WebRTC receive endpoint for one browser peer connection, on one UDP socket on 127.0.0.1: an
 * ICE-lite STUN responder, plain (unencrypted) RTP into a {@link BwePipeline} session, and bwe's REMBs back
 * to the browser as compound RTCP (empty RR + REMB).
 *
 * <pre>
 *                 +-- STUN ----> StunResponder --> Binding success (learns the peer's address)
 * UDP socket --demux-- RTP -----> BwePipeline.publishPacket --> ... --> RembSink --+
 *                 +-- RTCP ----> counted                                         |
 * UDP socket <------------------------ RR + REMB (or a forced schedule's REMB) <--+
 * </pre>
 *
 * <p><b>Media is not encrypted</b>: the browser must run with {@code --disable-webrtc-encryption} and offer
 * {@code RTP/AVPF}; an SAVPF offer is rejected. This is a test and demonstration endpoint, not a relay to
 * expose to a network: it binds loopback only and ignores datagrams from other addresses.
 *
 * <p>Threads: one receive thread (STUN answers and RTP publishing), the pipeline's single stage thread
 * ({@link ThreadingMode#COMPACT}: these machines have two cores) which sends bwe's REMBs, and in forced
 * mode a scheduler thread that sends the schedule's REMBs instead.
 */
public final class RelayEndpoint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RelayEndpoint.class.getName());
    private static final long FIRST_SESSION_ID = 1;
    private static final int MAX_DATAGRAM_BYTES = 65_536;
    private static final int MAX_TRACKED_SSRCS = 16;
    private static final int RTP_SSRC_OFFSET = 8;
    private static final int RTP_MIN_HEADER_BYTES = 12;
    private static final long FORCED_TICK_MS = 10;

    private final IceCredentials credentials;
    private final int senderSsrc;
    private final RateSchedule forcedSchedule;
    private final long forcedResendNs;
    private final DatagramChannel channel;
    private final InetSocketAddress localAddress;
    private final BwePipeline pipeline;
    private final Thread receiveThread;
    private final ScheduledExecutorService forcedTicker;
    private final RembLog sentRembs = new RembLog();
    private final RembLog bweEstimates = new RembLog();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Map<StunVerdict, AtomicLong> stunVerdicts = new EnumMap<>(StunVerdict.class);
    private final AtomicLong rtpPackets = new AtomicLong();
    private final AtomicLong rtpBytes = new AtomicLong();
    private final AtomicLong rtpDropped = new AtomicLong();
    private final AtomicLong rtcpPackets = new AtomicLong();
    private final AtomicLong otherPackets = new AtomicLong();
    private final AtomicLong ignoredPackets = new AtomicLong();
    private final AtomicLong rembsUnsent = new AtomicLong();
    private final int[] mediaSsrcs = new int[MAX_TRACKED_SSRCS];
    private int mediaSsrcCount;
    // REMB assembly: guarded by sendLock (the pipeline's thread and the forced ticker both send). Not 'this':
    // answer() holds 'this' while it waits for the pipeline, whose thread may be in the sink.
    private final Object sendLock = new Object();
    private final byte[] rembDatagram = new byte[RembCompound.RECEIVER_REPORT_BYTES + 20 + 4 * 255];
    private final UnsafeBuffer forcedRemb = new UnsafeBuffer(new byte[20 + 4 * MAX_TRACKED_SSRCS]);
    private final RembEncoder forcedEncoder = new RembEncoder().wrap(forcedRemb, 0);
    private long forcedLastBps = -1;
    private long forcedLastSentNs;
    private volatile StunResponder responder;
    private volatile InetSocketAddress peer;
    private volatile boolean nominated;
    private volatile boolean sessionOpen;
    private volatile long mediaStartNs;
    private volatile String answer;
    // The bwe session packets go to: a profile change opens the next id and closes this one, as a relay would.
    private volatile long sessionId = FIRST_SESSION_ID;
    private volatile EstimatorConfig estimatorConfig;
    private ExtensionIds extensionIds;
    private final Path journalDir;

    private RelayEndpoint(final Builder b) throws IOException {
        this.credentials = b.credentials == null ? IceCredentials.random() : b.credentials;
        this.senderSsrc = b.senderSsrc;
        this.forcedSchedule = b.forcedSchedule;
        this.forcedResendNs = b.forcedResendInterval.toNanos();
        this.estimatorConfig = b.estimatorConfig;
        this.journalDir = b.journalDir;
        for (final StunVerdict verdict : StunVerdict.values()) {
            stunVerdicts.put(verdict, new AtomicLong());
        }
        this.responder = new StunResponder(credentials, null);
        final DatagramChannel ch = DatagramChannel.open();
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (final IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        this.channel = ch;
        this.localAddress = (InetSocketAddress) ch.getLocalAddress();
        BwePipeline built = null;
        try {
            final BwePipeline.Builder pb = BwePipeline.builder()
                .threadingMode(ThreadingMode.COMPACT)
                .ringSize(4096)
                .rembSenderSsrc(senderSsrc)
                .estimatorConfig(b.estimatorConfig)
                .rembSink(this::onBweRemb);
            if (b.journalDir != null) {
                pb.journal(JournalConfig.of(b.journalDir));
            }
            built = pb.build();
        } catch (final RuntimeException e) {
            ch.close();
            throw e;
        }
        this.pipeline = built;
        this.receiveThread = new Thread(this::receiveLoop, "bwe-relay-rx-" + localAddress.getPort());
        this.receiveThread.setDaemon(true);
        this.forcedTicker = forcedSchedule == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "bwe-relay-forced-remb-" + localAddress.getPort());
            t.setDaemon(true);
            return t;
        });
    }

    public static Builder builder() {
        return new Builder();
    }

    private RelayEndpoint start() {
        receiveThread.start();
        if (forcedTicker != null) {
            forcedTicker.scheduleAtFixedRate(this::forcedTick, FORCED_TICK_MS, FORCED_TICK_MS, TimeUnit.MILLISECONDS);
        }
        LOG.log(Level.WARNING, "bwe relay endpoint on " + localAddress + ": media is NOT encrypted (plain RTP/AVPF, "
            + "for a browser started with --disable-webrtc-encryption); loopback only, for tests and demos");
        LOG.log(Level.INFO, "REMBs come from " + (forcedSchedule == null ? "bwe's estimate"
            : "a forced schedule " + forcedSchedule + " (t = 0 at the first RTP packet), not bwe's estimate"));
        return this;
    }

    /** The endpoint's UDP port on 127.0.0.1. */
    public int port() {
        return localAddress.getPort();
    }

    /** The endpoint's UDP address. */
    public InetSocketAddress address() {
        return localAddress;
    }

    /** Our ICE credentials (also in the answer). */
    public IceCredentials credentials() {
        return credentials;
    }

    /** Our RTCP SSRC (the RR's and the REMB's sender SSRC). */
    public int senderSsrc() {
        return senderSsrc;
    }

    /** Answers with our own port as the candidate; see {@link #answer(String, int)}. */
    public String answer(final String offerSdp) {
        return answer(offerSdp, port());
    }

    /**
     * Answers the browser's offer and opens the bwe session with the answer's extension ids. One offer per
     * endpoint.
     *
     * @param offerSdp      the browser's offer
     * @param candidatePort the port our one candidate advertises: {@link #port()}, or a shaper's in front of us
     * @return the answer SDP
     * @throws dev.bwe.relay.sdp.UnsupportedOfferException when the offer is encrypted or lacks what we need
     * @throws IllegalStateException when an offer was already answered or the endpoint is closed
     */
    public synchronized String answer(final String offerSdp, final int candidatePort) {
        if (closed.get()) {
            throw new IllegalStateException("endpoint is closed");
        }
        if (answer != null) {
            throw new IllegalStateException("this endpoint already answered an offer: one peer connection each");
        }
        final SdpOffer offer = SdpOffer.parse(offerSdp);
        final String sdp = SdpAnswer.build(offer, credentials, candidatePort);
        extensionIds = SdpExtmap.parse(Arrays.asList(sdp.split("\r\n")));
        pipeline.openSession(sessionId, new SessionSettings(extensionIds, estimatorConfig));
        responder = new StunResponder(credentials, offer.iceUfrag());
        sessionOpen = true;
        answer = sdp;
        LOG.log(Level.INFO, "answered an offer (mid " + offer.mid() + ", abs-send-time id " + offer.absSendTimeId()
            + ", VP8 pt " + offer.vp8PayloadType() + (offer.offersTransportCc() ? ", transport-cc left out" : "")
            + "), candidate 127.0.0.1:" + candidatePort);
        return sdp;
    }

    /**
     * Switches bwe to another estimator profile while media flows: opens the next session id with the same
     * extension ids and the new profile, moves the packets to it, then closes the old session (every stage lets
     * go of it). The new session starts from scratch, as a relay's would after a renegotiation.
     *
     * @return the new session id
     * @throws IllegalStateException before an offer was answered, or when the endpoint is closed
     */
    public synchronized long switchProfile(final EstimatorProfile profile) {
        Objects.requireNonNull(profile, "profile");
        if (closed.get() || extensionIds == null) {
            throw new IllegalStateException(closed.get() ? "endpoint is closed"
                : "no session yet: connect the browser first");
        }
        final EstimatorConfig next = estimatorConfig.toBuilder().profile(profile).build();
        final long oldId = sessionId;
        final long newId = oldId + 1;
        pipeline.openSession(newId, new SessionSettings(extensionIds, next));
        estimatorConfig = next;
        sessionId = newId;
        pipeline.closeSession(oldId);
        LOG.log(Level.INFO, "estimator profile " + profile.cliName() + ": session " + oldId + " closed, session "
            + newId + " opened");
        return newId;
    }

    /** The bwe session packets go to now (1, then one more at each {@link #switchProfile}). */
    public long sessionId() {
        return sessionId;
    }

    /** bwe's latest estimate for the current session (every update, not only those sent as REMB), or 0. */
    public long latestEstimateBps() {
        return pipeline.latestEstimateBps(sessionId);
    }

    /** The estimator profile of the current session. */
    public EstimatorProfile profile() {
        return estimatorConfig.profile();
    }

    /** The journal directory, or null when not journaling. */
    public Path journalDir() {
        return journalDir;
    }

    private void receiveLoop() {
        final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        final byte[] bytes = buffer.array();
        final byte[] stunOut = new byte[StunResponder.MAX_RESPONSE_BYTES];
        try {
            while (!closed.get()) {
                buffer.clear();
                final SocketAddress from = channel.receive(buffer);
                final long nowNs = System.nanoTime();
                onDatagram((InetSocketAddress) from, bytes, buffer.position(), nowNs, stunOut);
            }
        } catch (final ClosedChannelException e) {
            // close(): the normal way out.
        } catch (final IOException | RuntimeException e) {
            if (!closed.get()) {
                LOG.log(Level.ERROR, "relay endpoint receive loop on " + localAddress + " stopped", e);
            }
        }
    }

    private void onDatagram(final InetSocketAddress from, final byte[] bytes, final int length, final long nowNs,
                            final byte[] stunOut) throws IOException {
        if (!from.getAddress().isLoopbackAddress()) {
            ignoredPackets.incrementAndGet();
            return;
        }
        switch (PacketKind.of(bytes, 0, length)) {
            case STUN -> onStun(from, bytes, length, stunOut);
            case RTP -> onRtp(bytes, length, nowNs);
            case RTCP -> rtcpPackets.incrementAndGet();
            default -> otherPackets.incrementAndGet();
        }
    }

    private void onStun(final InetSocketAddress from, final byte[] bytes, final int length, final byte[] out)
        throws IOException {
        final StunResponder.Result result = responder.respond(bytes, 0, length, from, out);
        stunVerdicts.get(result.verdict()).incrementAndGet();
        if (result.verdict() != StunVerdict.RESPONDED) {
            return;
        }
        // ICE-lite: the media peer is the address of the nominated pair; until one is nominated, the first
        // address that passed a check.
        if (result.nominated() || peer == null) {
            if (!from.equals(peer)) {
                LOG.log(Level.INFO, "media peer " + from + (result.nominated() ? " (nominated)" : ""));
            }
            peer = from;
            nominated |= result.nominated();
        }
        channel.send(ByteBuffer.wrap(out, 0, result.responseLength()), from);
    }

    private void onRtp(final byte[] bytes, final int length, final long nowNs) {
        if (!sessionOpen || length < RTP_MIN_HEADER_BYTES) {
            otherPackets.incrementAndGet();
            return;
        }
        rtpPackets.incrementAndGet();
        rtpBytes.addAndGet(length);
        if (mediaStartNs == 0) {
            mediaStartNs = nowNs;
        }
        trackSsrc(((bytes[RTP_SSRC_OFFSET] & 0xFF) << 24) | ((bytes[RTP_SSRC_OFFSET + 1] & 0xFF) << 16)
            | ((bytes[RTP_SSRC_OFFSET + 2] & 0xFF) << 8) | (bytes[RTP_SSRC_OFFSET + 3] & 0xFF));
        if (!pipeline.publishPacket(sessionId, bytes, 0, length, nowNs)) {
            rtpDropped.incrementAndGet();
        }
    }

    private void trackSsrc(final int ssrc) {
        synchronized (mediaSsrcs) {
            for (int i = 0; i < mediaSsrcCount; i++) {
                if (mediaSsrcs[i] == ssrc) {
                    return;
                }
            }
            if (mediaSsrcCount < mediaSsrcs.length) {
                mediaSsrcs[mediaSsrcCount++] = ssrc;
            }
        }
    }

    /** The media SSRCs seen so far (at most 16), ascending unsigned. */
    public int[] mediaSsrcs() {
        final int[] copy;
        synchronized (mediaSsrcs) {
            copy = Arrays.copyOf(mediaSsrcs, mediaSsrcCount);
        }
        return Arrays.stream(copy).boxed().sorted(Integer::compareUnsigned).mapToInt(Integer::intValue).toArray();
    }

    /** Called on the pipeline's thread for each of bwe's REMBs: logged always, sent unless a schedule is forced. */
    private void onBweRemb(final RembView remb) {
        if (remb.sessionId() != sessionId) {
            return; // the session a profile change just closed
        }
        final int[] ssrcs = toArray(remb.ssrcs());
        bweEstimates.add(new RembRecord(remb.timeNs(), epochMicros(), remb.bitrateBps(), ssrcs, remb.toByteArray(),
            localAddress, null, RembRecord.Source.BWE));
        if (forcedSchedule == null) {
            sendRemb(remb.timeNs(), remb.bitrateBps(), ssrcs, remb.buffer(), remb.length(), RembRecord.Source.BWE);
        }
    }

    private void forcedTick() {
        try {
            final long startNs = mediaStartNs;
            if (startNs == 0 || peer == null) {
                return;
            }
            final long nowNs = System.nanoTime();
            final long bps = forcedSchedule.bitrateBpsAt(nowNs - startNs);
            synchronized (sendLock) {
                if (bps == forcedLastBps && nowNs - forcedLastSentNs < forcedResendNs) {
                    return;
                }
                final int[] ssrcs = mediaSsrcs();
                final int length = forcedEncoder.encode(senderSsrc, bps, ssrcs, ssrcs.length);
                if (sendRemb(nowNs, bps, ssrcs, forcedRemb, length, RembRecord.Source.FORCED)) {
                    forcedLastBps = bps;
                    forcedLastSentNs = nowNs;
                }
            }
        } catch (final RuntimeException e) {
            // A scheduled task that throws is silently cancelled; log and go on instead.
            LOG.log(Level.ERROR, "forced REMB tick failed", e);
        }
    }

    private boolean sendRemb(final long timeNs, final long bitrateBps, final int[] ssrcs, final DirectBuffer remb,
                             final int rembLength, final RembRecord.Source source) {
        synchronized (sendLock) {
            return sendRembLocked(timeNs, bitrateBps, ssrcs, remb, rembLength, source);
        }
    }

    private boolean sendRembLocked(final long timeNs, final long bitrateBps, final int[] ssrcs,
                                   final DirectBuffer remb, final int rembLength, final RembRecord.Source source) {
        final InetSocketAddress to = peer;
        if (to == null || closed.get()) {
            rembsUnsent.incrementAndGet();
            return false;
        }
        final int length = RembCompound.write(rembDatagram, senderSsrc, remb, rembLength);
        try {
            channel.send(ByteBuffer.wrap(rembDatagram, 0, length), to);
        } catch (final IOException e) {
            rembsUnsent.incrementAndGet();
            if (!closed.get()) {
                LOG.log(Level.WARNING, "sending a REMB to " + to + " failed", e);
            }
            return false;
        }
        sentRembs.add(new RembRecord(timeNs, epochMicros(), bitrateBps, ssrcs,
            Arrays.copyOf(rembDatagram, length), localAddress, to, source));
        return true;
    }

    private static int[] toArray(final SsrcSet set) {
        final int[] out = new int[set.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = set.get(i);
        }
        return out;
    }

    private static long epochMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** The bwe pipeline this endpoint feeds (for metrics: counters, latest estimates). */
    public BwePipeline pipeline() {
        return pipeline;
    }

    /** Every REMB sent to the browser, with its exact datagram. */
    public RembLog sentRembs() {
        return sentRembs;
    }

    /** Every REMB bwe's pipeline produced (its estimate over time), whether sent or not. */
    public RembLog bweEstimates() {
        return bweEstimates;
    }

    /** {@link System#nanoTime()} of the first RTP packet (a forced schedule's t = 0), or 0 before it. */
    public long mediaStartNs() {
        return mediaStartNs;
    }

    /** The browser's address learned from STUN, or null before the first valid check. */
    public InetSocketAddress peer() {
        return peer;
    }

    /** The answer given, or null before {@link #answer}. */
    public String answerSdp() {
        return answer;
    }

    /** The forced REMB schedule, or null when bwe's estimate is sent. */
    public RateSchedule forcedSchedule() {
        return forcedSchedule;
    }

    /** Counters so far. */
    public Stats stats() {
        final RembRecord lastEstimate = bweEstimates.last();
        final RembRecord lastSent = sentRembs.last();
        return new Stats(stunVerdicts.get(StunVerdict.RESPONDED).get(), stunRejected(), nominated,
            rtpPackets.get(), rtpBytes.get(), rtpDropped.get(), rtcpPackets.get(), otherPackets.get(),
            ignoredPackets.get(), sentRembs.count(), rembsUnsent.get(),
            lastEstimate == null ? 0 : lastEstimate.bitrateBps(), lastSent == null ? 0 : lastSent.bitrateBps());
    }

    private long stunRejected() {
        long sum = 0;
        for (final Map.Entry<StunVerdict, AtomicLong> e : stunVerdicts.entrySet()) {
            if (e.getKey() != StunVerdict.RESPONDED) {
                sum += e.getValue().get();
            }
        }
        return sum;
    }

    /** How many STUN datagrams got each verdict. */
    public Map<StunVerdict, Long> stunVerdicts() {
        final Map<StunVerdict, Long> out = new EnumMap<>(StunVerdict.class);
        stunVerdicts.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Stops receiving and sending, closes the pipeline, the socket and every thread. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (forcedTicker != null) {
            forcedTicker.shutdownNow();
        }
        try {
            channel.close();
        } catch (final IOException e) {
            LOG.log(Level.WARNING, "closing the endpoint's socket failed", e);
        }
        try {
            receiveThread.join(TimeUnit.SECONDS.toMillis(5));
            if (forcedTicker != null && !forcedTicker.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(Level.WARNING, "forced REMB thread did not stop in time");
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            pipeline.close();
        }
    }

    /**
     * Counters of an endpoint.
     *
     * @param stunResponded       Binding requests answered
     * @param stunRejected        STUN datagrams not answered (bad integrity, wrong username, ...)
     * @param nominated           whether the browser nominated our candidate pair
     * @param rtpPackets          RTP packets published to bwe
     * @param rtpBytes            their bytes (UDP payload)
     * @param rtpDropped          RTP packets the pipeline dropped (ring full)
     * @param rtcpPackets         RTCP datagrams from the browser
     * @param otherPackets        datagrams of no known kind, or RTP before the answer
     * @param ignoredPackets      datagrams from non-loopback addresses
     * @param rembsSent           REMBs sent
     * @param rembsUnsent         REMBs that could not go out (no peer yet, send failed)
     * @param lastEstimateBps     bwe's latest estimate, 0 before the first
     * @param lastSentRembBps     the latest REMB sent, 0 before the first
     */
    public record Stats(long stunResponded, long stunRejected, boolean nominated, long rtpPackets, long rtpBytes,
                        long rtpDropped, long rtcpPackets, long otherPackets, long ignoredPackets, long rembsSent,
                        long rembsUnsent, long lastEstimateBps, long lastSentRembBps) {
    }

    /** Settings of an endpoint. */
    public static final class Builder {
        private IceCredentials credentials;
        private int senderSsrc = 0x5EED0001;
        private RateSchedule forcedSchedule;
        private Duration forcedResendInterval = Duration.ofMillis(500);
        private EstimatorConfig estimatorConfig = EstimatorConfig.DEFAULT;
        private Path journalDir;

        private Builder() {
        }

        /** Our ICE ufrag and password; random by default. */
        public Builder credentials(final IceCredentials credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Our RTCP SSRC. */
        public Builder senderSsrc(final int ssrc) {
            this.senderSsrc = ssrc;
            return this;
        }

        /**
         * Send this schedule's bitrates instead of bwe's estimate (t = 0 at the first RTP packet): each change
         * at once, and the current value again every {@code resendInterval}. bwe still runs; its estimate is
         * in {@link #bweEstimates()}.
         */
        public Builder forcedRembSchedule(final RateSchedule schedule, final Duration resendInterval) {
            this.forcedSchedule = Objects.requireNonNull(schedule, "schedule");
            if (resendInterval.isNegative() || resendInterval.isZero()) {
                throw new IllegalArgumentException("resendInterval must be positive, was " + resendInterval);
            }
            this.forcedResendInterval = resendInterval;
            return this;
        }

        /** bwe's estimator settings. */
        public Builder estimatorConfig(final EstimatorConfig config) {
            this.estimatorConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /** Journals everything bwe sees into {@code dir} (replay it with {@code bwe replay --journal dir}). */
        public Builder journal(final Path dir) {
            this.journalDir = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /** Binds 127.0.0.1 on a free port, starts the pipeline and the receive thread. */
        public RelayEndpoint start() {
            try {
                return new RelayEndpoint(this).start();
            } catch (final IOException e) {
                throw new UncheckedIOException("could not open the endpoint's socket", e);
            }
        }
    }
}
