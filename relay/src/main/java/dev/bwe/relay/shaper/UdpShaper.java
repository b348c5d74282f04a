package dev.bwe.relay.shaper;

import dev.bwe.relay.PacketKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A bottleneck on loopback: a UDP relay with one socket between a client (the browser) and a target
 * (the endpoint), advertised to the client in place of the target.
 *
 * <pre>
 * client --media--> [ token bucket (capacity schedule) + drop-tail queue (ms) ] --+ one-way delay +--> target
 * client --STUN---------------------------------------------------------------------------------> target
 * client <------------------------------------ everything, at once ----------------------------- target
 * </pre>
 *
 * <p>Datagrams from the target go to the client (the last loopback address that sent anything else), at
 * once. Datagrams from the client are STUN (passed at once: ICE consent must not starve) or media (RTP and
 * RTCP: shaped by a {@link Bottleneck}, then held for the fixed delay). The capacity schedule's t = 0 is
 * the first shaped packet. Datagrams from non-loopback addresses are ignored and counted.
 *
 * <p>One thread does everything, so the bottleneck arithmetic is single-threaded and deterministic; its
 * timing error is the selector's wake-up delay (about a millisecond), never a drift in the rate.
 */
public final class UdpShaper implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(UdpShaper.class.getName());
    private static final int MAX_DATAGRAM_BYTES = 65_536;
    private static final int SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;
    // Wakes at least this often even with nothing pending, so a lost wake-up can never hang close().
    private static final long MAX_IDLE_MS = 100;
    private static final int MAX_SAMPLES = 500_000;

    private final Bottleneck bottleneck;
    private volatile RateSchedule capacity;
    private final AtomicReference<RateSchedule> pendingCapacity = new AtomicReference<>();
    private final long oneWayDelayNs;
    private final long queueLimitNs;
    private final Consumer<byte[]> reverseObserver;
    private final DatagramChannel channel;
    private final Selector selector;
    private final InetSocketAddress localAddress;
    private final Thread thread;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ArrayDeque<Pending> delayLine = new ArrayDeque<>();
    private final List<Sample> samples = new ArrayList<>();
    private final AtomicLong shapedPackets = new AtomicLong();
    private final AtomicLong shapedBytes = new AtomicLong();
    private final AtomicLong droppedPackets = new AtomicLong();
    private final AtomicLong passedStun = new AtomicLong();
    private final AtomicLong reversePackets = new AtomicLong();
    private final AtomicLong ignoredPackets = new AtomicLong();
    private volatile InetSocketAddress target;
    private volatile InetSocketAddress client;
    private volatile long originNs;
    private volatile boolean started;

    private UdpShaper(final Builder b) throws IOException {
        this.capacity = b.capacity;
        this.bottleneck = new Bottleneck(b.capacity, b.burstBytes, b.queueLimit.toNanos());
        this.oneWayDelayNs = b.oneWayDelay.toNanos();
        this.queueLimitNs = b.queueLimit.toNanos();
        this.reverseObserver = b.reverseObserver;
        this.target = b.target;
        final DatagramChannel ch = DatagramChannel.open();
        Selector sel = null;
        try {
            ch.setOption(StandardSocketOptions.SO_RCVBUF, SOCKET_BUFFER_BYTES);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, SOCKET_BUFFER_BYTES);
            ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ch.configureBlocking(false);
            sel = Selector.open();
            ch.register(sel, SelectionKey.OP_READ);
        } catch (final IOException | RuntimeException e) {
            ch.close();
            if (sel != null) {
                sel.close();
            }
            throw e;
        }
        this.channel = ch;
        this.selector = sel;
        this.localAddress = (InetSocketAddress) ch.getLocalAddress();
        this.thread = new Thread(this::run, "bwe-shaper-" + localAddress.getPort());
        this.thread.setDaemon(true);
    }

    public static Builder builder() {
        return new Builder();
    }

    private UdpShaper start() {
        started = true;
        thread.start();
        LOG.log(Level.INFO, "bottleneck shaper on " + localAddress + ": capacity " + capacity + ", queue "
            + TimeUnit.NANOSECONDS.toMillis(queueLimitNs) + " ms, one-way delay "
            + TimeUnit.NANOSECONDS.toMillis(oneWayDelayNs) + " ms");
        return this;
    }

    /** The port to advertise to the client instead of the target's. */
    public int port() {
        return localAddress.getPort();
    }

    /** The shaper's own address, 127.0.0.1:{@link #port()}. */
    public InetSocketAddress address() {
        return localAddress;
    }

    /**
     * Where shaped traffic goes; set once, before or after start (a browser's own port is known only once
     * it has gathered its candidates).
     *
     * @throws IllegalArgumentException for a non-loopback address
     * @throws IllegalStateException when a target is already set
     */
    public synchronized void target(final InetSocketAddress address) {
        requireLoopback(address);
        if (target != null) {
            throw new IllegalStateException("target already set to " + target);
        }
        target = address;
    }

    /** The target, or null while unset. */
    public InetSocketAddress target() {
        return target;
    }

    /** The capacity schedule (after {@link #changeCapacity}, the spliced one: the past, then the new one). */
    public RateSchedule capacity() {
        return capacity;
    }

    /**
     * Follows {@code fromNow} from this moment on (its t = 0 is now), keeping what already happened; before the
     * first media packet it simply replaces the schedule. Any thread; the shaper's thread applies it before it
     * shapes its next packet.
     *
     * @return the whole schedule in force from now on, on the shaper's clock (t = 0 at the first media packet)
     */
    public synchronized RateSchedule changeCapacity(final RateSchedule fromNow) {
        Objects.requireNonNull(fromNow, "fromNow");
        final long origin = originNs;
        final RateSchedule spliced = origin == 0 ? fromNow
            : capacity.switchingAt(System.nanoTime() - origin, fromNow);
        capacity = spliced;
        pendingCapacity.set(spliced);
        selector.wakeup();
        LOG.log(Level.INFO, "shaper on " + localAddress + ": capacity now " + fromNow + " (from now on)");
        return spliced;
    }

    /** {@link System#nanoTime()} at the first shaped packet (the capacity schedule's t = 0), or 0 before it. */
    public long originNs() {
        return originNs;
    }

    /** The one-way delay added to every shaped packet, ns. */
    public long oneWayDelayNs() {
        return oneWayDelayNs;
    }

    /** The longest a shaped packet may queue before it is dropped, ns. */
    public long queueLimitNs() {
        return queueLimitNs;
    }

    /** Counters so far. */
    public Stats stats() {
        return new Stats(shapedPackets.get(), shapedBytes.get(), droppedPackets.get(), passedStun.get(),
            reversePackets.get(), ignoredPackets.get());
    }

    /** Every shaped packet so far (at most 500,000): arrival, size and queueing delay or drop. */
    public List<Sample> samples() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    /** Shaped packets from index {@code from} on (see {@link #samples()}), for a reader that keeps its place. */
    public List<Sample> samplesFrom(final int from) {
        synchronized (samples) {
            return from >= samples.size() ? List.of() : new ArrayList<>(samples.subList(Math.max(0, from),
                samples.size()));
        }
    }

    private void run() {
        final ByteBuffer buffer = ByteBuffer.allocate(MAX_DATAGRAM_BYTES);
        try {
            while (!closed.get()) {
                selector.select(timeoutMs());
                selector.selectedKeys().clear();
                final RateSchedule changed = pendingCapacity.getAndSet(null);
                if (changed != null) {
                    bottleneck.capacity(changed);
                }
                receiveAll(buffer);
                deliverDue(System.nanoTime());
            }
        } catch (final IOException | RuntimeException e) {
            if (!closed.get()) {
                LOG.log(Level.ERROR, "shaper on " + localAddress + " stopped", e);
            }
        }
    }

    private long timeoutMs() {
        final Pending head = delayLine.peekFirst();
        if (head == null) {
            return MAX_IDLE_MS;
        }
        final long waitNs = head.deliverAtNs - System.nanoTime();
        // select(0) would block for ever; round up so we never wake before the packet is due.
        return Math.max(1, Math.min(MAX_IDLE_MS, (waitNs + 999_999) / 1_000_000));
    }

    private void receiveAll(final ByteBuffer buffer) throws IOException {
        while (true) {
            buffer.clear();
            final SocketAddress from = channel.receive(buffer);
            if (from == null) {
                return;
            }
            final long nowNs = System.nanoTime();
            buffer.flip();
            onDatagram((InetSocketAddress) from, buffer, nowNs);
        }
    }

    private void onDatagram(final InetSocketAddress from, final ByteBuffer datagram, final long nowNs)
        throws IOException {
        if (!from.getAddress().isLoopbackAddress()) {
            ignoredPackets.incrementAndGet();
            return;
        }
        final InetSocketAddress to = target;
        if (from.equals(to)) {
            reversePackets.incrementAndGet();
            final InetSocketAddress back = client;
            if (reverseObserver != null) {
                reverseObserver.accept(copy(datagram));
            }
            if (back != null) {
                channel.send(datagram, back);
            }
            return;
        }
        client = from;
        if (to == null) {
            ignoredPackets.incrementAndGet();
            return;
        }
        final int size = datagram.remaining();
        if (PacketKind.of(datagram) == PacketKind.STUN) {
            passedStun.incrementAndGet();
            channel.send(datagram, to);
            return;
        }
        if (originNs == 0) {
            originNs = nowNs;
        }
        final long arrivalNs = nowNs - originNs;
        final long departureNs = bottleneck.offer(arrivalNs, size);
        if (departureNs == Bottleneck.DROPPED) {
            droppedPackets.incrementAndGet();
            record(new Sample(arrivalNs, size, Sample.DROPPED));
            return;
        }
        shapedPackets.incrementAndGet();
        shapedBytes.addAndGet(size);
        record(new Sample(arrivalNs, size, departureNs - arrivalNs));
        delayLine.addLast(new Pending(originNs + departureNs + oneWayDelayNs, copy(datagram)));
    }

    private void deliverDue(final long nowNs) throws IOException {
        final InetSocketAddress to = target;
        while (!delayLine.isEmpty() && delayLine.peekFirst().deliverAtNs <= nowNs) {
            channel.send(ByteBuffer.wrap(delayLine.pollFirst().bytes), to);
        }
    }

    private void record(final Sample sample) {
        synchronized (samples) {
            if (samples.size() < MAX_SAMPLES) {
                samples.add(sample);
            }
        }
    }

    private static byte[] copy(final ByteBuffer datagram) {
        final byte[] bytes = new byte[datagram.remaining()];
        datagram.duplicate().get(bytes);
        return bytes;
    }

    private static void requireLoopback(final InetSocketAddress address) {
        Objects.requireNonNull(address, "address");
        if (address.getAddress() == null || !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the shaper only talks to loopback addresses, not " + address);
        }
    }

    /** Stops the thread and closes the socket; packets still in the queue are discarded. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        selector.wakeup();
        if (started) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            channel.close();
        } catch (final IOException e) {
            LOG.log(Level.WARNING, "closing the shaper's socket failed", e);
        }
        try {
            selector.close();
        } catch (final IOException e) {
            LOG.log(Level.WARNING, "closing the shaper's selector failed", e);
        }
    }

    /**
     * One shaped packet.
     *
     * @param arrivalNs    when it reached the shaper, ns after the capacity schedule's t = 0
     * @param sizeBytes    UDP payload size
     * @param queueDelayNs how long it waited in the bottleneck (before the fixed delay), or {@link #DROPPED}
     */
    public record Sample(long arrivalNs, int sizeBytes, long queueDelayNs) {
        /** The queue delay of a dropped packet. */
        public static final long DROPPED = -1;

        public boolean dropped() {
            return queueDelayNs == DROPPED;
        }
    }

    /**
     * Counters of a shaper.
     *
     * @param shapedPackets   media packets that passed the bottleneck
     * @param shapedBytes     their bytes
     * @param droppedPackets  media packets dropped by the full queue
     * @param passedStun      STUN datagrams passed through unshaped
     * @param reversePackets  datagrams from the target to the client
     * @param ignoredPackets  datagrams from non-loopback addresses, or before a target was set
     */
    public record Stats(long shapedPackets, long shapedBytes, long droppedPackets, long passedStun,
                        long reversePackets, long ignoredPackets) {
    }

    /** A shaped datagram waiting for its delivery time. */
    private static final class Pending {
        final long deliverAtNs;
        final byte[] bytes;

        Pending(final long deliverAtNs, final byte[] bytes) {
            this.deliverAtNs = deliverAtNs;
            this.bytes = bytes;
        }
    }

    /** Settings of a shaper. */
    public static final class Builder {
        private RateSchedule capacity;
        private Duration queueLimit = Duration.ofMillis(300);
        private Duration oneWayDelay = Duration.ofMillis(20);
        private long burstBytes = 3_000;
        private InetSocketAddress target;
        private Consumer<byte[]> reverseObserver;

        private Builder() {
        }

        /** The link rate over time; t = 0 is the first shaped packet. Required. */
        public Builder capacity(final RateSchedule schedule) {
            this.capacity = Objects.requireNonNull(schedule, "capacity");
            return this;
        }

        /** The longest a packet may queue at the bottleneck; longer and it is dropped. Default 300 ms. */
        public Builder queueLimit(final Duration limit) {
            this.queueLimit = requireNotNegative("queueLimit", limit);
            return this;
        }

        /** Fixed delay added to every shaped packet after the bottleneck (propagation). Default 20 ms. */
        public Builder oneWayDelay(final Duration delay) {
            this.oneWayDelay = requireNotNegative("oneWayDelay", delay);
            return this;
        }

        /** Token bucket depth, bytes. Default 3000 (two full-size packets back to back). */
        public Builder burstBytes(final long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("burstBytes must be positive, was " + bytes);
            }
            this.burstBytes = bytes;
            return this;
        }

        /** Where shaped traffic goes (loopback only); or set it later with {@link #target(InetSocketAddress)}. */
        public Builder target(final InetSocketAddress address) {
            requireLoopback(address);
            this.target = address;
            return this;
        }

        /** Sees a copy of every datagram going back from the target to the client (on the shaper's thread). */
        public Builder reverseObserver(final Consumer<byte[]> observer) {
            this.reverseObserver = observer;
            return this;
        }

        /** Binds 127.0.0.1 on a free port and starts the shaper's thread. */
        public UdpShaper start() {
            if (capacity == null) {
                throw new IllegalStateException("a shaper needs a capacity schedule");
            }
            try {
                return new UdpShaper(this).start();
            } catch (final IOException e) {
                throw new UncheckedIOException("could not open the shaper's socket", e);
            }
        }

        private static Duration requireNotNegative(final String name, final Duration value) {
            if (value.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative, was " + value);
            }
            return value;
        }
    }
}
