package dev.bwe.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.remb.RembDecoder;
import dev.bwe.relay.shaper.RateSchedule;
import dev.bwe.relay.shaper.UdpShaper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A bwe endpoint a browser can be pointed at by hand or by a test: the {@link RelayEndpoint}, optionally a
 * {@link UdpShaper} in front of it, and a small HTTP page on 127.0.0.1 that captures the (fake) camera,
 * offers to the endpoint and shows the browser's and bwe's numbers live.
 *
 * <pre>
 * browser page --HTTP POST /offer--> RelayServer --answer-- (candidate: shaper's port, or the endpoint's)
 * browser --RTP--> [UdpShaper: capacity schedule] --> RelayEndpoint --RTP--> bwe --REMB--> browser
 * browser pc1 --RTP--> [reference UdpShaper] --> browser pc2 (libwebrtc's own REMB, observed on the way back)
 * </pre>
 *
 * <p>HTTP routes: {@code GET /} the page (its {@code window.bwe} functions are what tests call);
 * {@code POST /offer} offer SDP in, answer SDP out (400 with the reason when refused); {@code GET /stats.json};
 * {@code POST /reference/target} a port of the page's second peer connection in, the reference shaper's
 * port out.
 *
 * <p>{@link #start(Options)} returns a handle; {@link #close()} stops everything. Media is NOT encrypted.
 */
public final class RelayServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RelayServer.class.getName());
    private static final String PAGE_RESOURCE = "relay.html";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options options;
    private final RelayEndpoint endpoint;
    private final UdpShaper shaper;
    private final HttpServer http;
    private final ExecutorService httpExecutor;
    private final byte[] page;
    private final RembLog referenceRembs = new RembLog();
    private final RembDecoder referenceDecoder = new RembDecoder();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile UdpShaper referenceShaper;

    private RelayServer(final Options options) throws IOException {
        this.options = options;
        this.page = loadPage();
        final List<AutoCloseable> opened = new ArrayList<>();
        try {
            final RelayEndpoint.Builder eb = RelayEndpoint.builder().estimatorConfig(options.estimatorConfig);
            if (options.forcedRemb != null) {
                eb.forcedRembSchedule(options.forcedRemb, options.forcedRembResend);
            }
            this.endpoint = eb.start();
            opened.add(endpoint);
            this.shaper = options.capacity == null ? null : shaperBuilder(options)
                .target(endpoint.address()).start();
            if (shaper != null) {
                opened.add(shaper);
            }
            this.httpExecutor = Executors.newSingleThreadExecutor(r -> {
                final Thread t = new Thread(r, "bwe-relay-http");
                t.setDaemon(true);
                return t;
            });
            opened.add(httpExecutor::shutdownNow);
            this.http = HttpServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), options.httpPort), 16);
            http.setExecutor(httpExecutor);
            http.createContext("/", this::route);
            http.start();
        } catch (final IOException | RuntimeException e) {
            for (int i = opened.size() - 1; i >= 0; i--) {
                try {
                    opened.get(i).close();
                } catch (final Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** Starts endpoint, shaper (when a capacity is set) and the HTTP page; logs the URL and the browser command. */
    public static RelayServer start(final Options options) {
        Objects.requireNonNull(options, "options");
        final RelayServer server;
        try {
            server = new RelayServer(options);
        } catch (final IOException e) {
            throw new UncheckedIOException("could not start the relay server", e);
        }
        LOG.log(Level.WARNING, "bwe relay page at " + server.pageUrl() + " -- media is NOT encrypted. Open it in: "
            + server.chromiumCommandLine());
        return server;
    }

    private static UdpShaper.Builder shaperBuilder(final Options options) {
        return UdpShaper.builder().capacity(options.capacity).queueLimit(options.queueLimit)
            .oneWayDelay(options.oneWayDelay);
    }

    private static byte[] loadPage() throws IOException {
        try (InputStream in = RelayServer.class.getResourceAsStream(PAGE_RESOURCE)) {
            if (in == null) {
                throw new IOException("missing resource " + PAGE_RESOURCE);
            }
            return in.readAllBytes();
        }
    }

    /** The page to open, {@code http://127.0.0.1:<port>/}. */
    public URI pageUrl() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    /** The endpoint behind the page. */
    public RelayEndpoint endpoint() {
        return endpoint;
    }

    /** The shaper in front of the endpoint, when a capacity was set. */
    public Optional<UdpShaper> shaper() {
        return Optional.ofNullable(shaper);
    }

    /** The reference shaper (same settings) once the page connected its reference pair. */
    public Optional<UdpShaper> referenceShaper() {
        return Optional.ofNullable(referenceShaper);
    }

    /** REMBs the reference receiver (the page's pc2: libwebrtc's estimator) sent back through the shaper. */
    public RembLog referenceRembs() {
        return referenceRembs;
    }

    /** A command line to open the page in Debian's Chromium by hand (a fresh profile each run). */
    public String chromiumCommandLine() {
        final String browser = Executables.findOnPath("chromium").map(Object::toString).orElse("chromium");
        return browser + " --no-first-run --user-data-dir=$(mktemp -d)"
            + " --use-fake-device-for-media-stream --use-fake-ui-for-media-stream"
            + " --disable-webrtc-encryption --allow-loopback-in-peer-connection " + pageUrl();
    }

    private void route(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String method = exchange.getRequestMethod();
            final String path = exchange.getRequestURI().getPath();
            if ("GET".equals(method) && "/".equals(path)) {
                respond(exchange, 200, "text/html; charset=utf-8", page);
            } else if ("POST".equals(method) && "/offer".equals(path)) {
                onOffer(exchange);
            } else if ("GET".equals(method) && "/stats.json".equals(path)) {
                respond(exchange, 200, "application/json", statsJson());
            } else if ("POST".equals(method) && "/reference/target".equals(path)) {
                onReferenceTarget(exchange);
            } else {
                respondText(exchange, 404, "no such page: " + method + " " + path);
            }
        } catch (final RuntimeException e) {
            LOG.log(Level.ERROR, "HTTP handler failed", e);
            throw e;
        }
    }

    private void onOffer(final HttpExchange exchange) throws IOException {
        final String offer = body(exchange);
        final int candidatePort = shaper != null ? shaper.port() : endpoint.port();
        try {
            respondText(exchange, 200, endpoint.answer(offer, candidatePort));
        } catch (final IllegalArgumentException e) {
            // UnsupportedOfferException, or a malformed line (SdpExtmap names it).
            LOG.log(Level.WARNING, "refused an offer: " + e.getMessage());
            respondText(exchange, 400, e.getMessage());
        } catch (final IllegalStateException e) {
            respondText(exchange, 409, e.getMessage());
        }
    }

    private synchronized void onReferenceTarget(final HttpExchange exchange) throws IOException {
        if (options.capacity == null) {
            respondText(exchange, 400, "the reference pair needs a capacity schedule (a shaper) to compare on");
            return;
        }
        if (referenceShaper != null) {
            respondText(exchange, 409, "the reference pair is already connected");
            return;
        }
        final int port;
        try {
            port = Integer.parseInt(body(exchange).strip());
        } catch (final NumberFormatException e) {
            respondText(exchange, 400, "expected a port number");
            return;
        }
        if (port < 1 || port > 65_535) {
            respondText(exchange, 400, "port out of range: " + port);
            return;
        }
        final UdpShaper started = shaperBuilder(options).reverseObserver(this::observeReferenceRtcp)
            .target(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)).start();
        if (closed.get()) {
            started.close();
            respondText(exchange, 503, "closing");
            return;
        }
        referenceShaper = started;
        respondText(exchange, 200, Integer.toString(started.port()));
    }

    /** On the reference shaper's thread: keeps libwebrtc's REMBs from pc2 to pc1. */
    private void observeReferenceRtcp(final byte[] datagram) {
        if (PacketKind.of(datagram, 0, datagram.length) != PacketKind.RTCP
            || !referenceDecoder.wrapCompound(new UnsafeBuffer(datagram), 0, datagram.length)) {
            return;
        }
        final int[] ssrcs = new int[referenceDecoder.ssrcCount()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = referenceDecoder.ssrc(i);
        }
        final UdpShaper ref = referenceShaper;
        referenceRembs.add(new RembRecord(System.nanoTime(), ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()),
            referenceDecoder.bitrateBps(), ssrcs, datagram, ref == null ? null : ref.target(),
            ref == null ? null : ref.address(), RembRecord.Source.OBSERVED));
    }

    private byte[] statsJson() throws IOException {
        return JSON.writeValueAsBytes(stats());
    }

    private Map<String, Object> stats() {
        final Map<String, Object> out = new LinkedHashMap<>();
        final RelayEndpoint.Stats s = endpoint.stats();
        out.put("encrypted", false);
        out.put("rembSource", endpoint.forcedSchedule() == null ? "bwe" : "forced " + endpoint.forcedSchedule());
        out.put("bweEstimateBps", s.lastEstimateBps());
        out.put("lastRembSentBps", s.lastSentRembBps());
        out.put("rembsSent", s.rembsSent());
        out.put("rtpPackets", s.rtpPackets());
        out.put("rtpBytes", s.rtpBytes());
        out.put("stunResponded", s.stunResponded());
        out.put("stunRejected", s.stunRejected());
        out.put("peer", String.valueOf(endpoint.peer()));
        if (shaper != null) {
            out.put("shaper", shaperStats(shaper));
        }
        final UdpShaper ref = referenceShaper;
        if (ref != null) {
            final Map<String, Object> reference = shaperStats(ref);
            final RembRecord last = referenceRembs.last();
            reference.put("libwebrtcRembBps", last == null ? 0 : last.bitrateBps());
            out.put("reference", reference);
        }
        return out;
    }

    private static Map<String, Object> shaperStats(final UdpShaper s) {
        final Map<String, Object> out = new LinkedHashMap<>();
        final long origin = s.originNs();
        out.put("capacityBps", s.capacity().bitrateBpsAt(origin == 0 ? 0 : System.nanoTime() - origin));
        final UdpShaper.Stats st = s.stats();
        out.put("shapedPackets", st.shapedPackets());
        out.put("droppedPackets", st.droppedPackets());
        out.put("shapedBytes", st.shapedBytes());
        return out;
    }

    private static String body(final HttpExchange exchange) throws IOException {
        final byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IOException("request body over " + MAX_BODY_BYTES + " bytes");
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void respondText(final HttpExchange exchange, final int status, final String text)
        throws IOException {
        respond(exchange, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(final HttpExchange exchange, final int status, final String type,
                                final byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Stops the page, the shapers and the endpoint. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            http.stop(0);
            httpExecutor.shutdownNow();
            try {
                if (!httpExecutor.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.log(Level.WARNING, "HTTP thread did not stop in time");
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } finally {
            synchronized (this) {
                if (referenceShaper != null) {
                    referenceShaper.close();
                }
            }
            if (shaper != null) {
                shaper.close();
            }
            endpoint.close();
        }
    }

    /**
     * Runs a server until Ctrl-C (or {@code --duration}): {@code --capacity 2.5mbps@0s,300kbps@10s}
     * {@code --forced-remb 1.5mbps@0s,300kbps@10s} {@code --queue 300} {@code --delay 20} (ms; the names of {@code bwe relay})
     * {@code --http-port 8080} {@code --duration 120s}.
     */
    public static void main(final String[] args) throws InterruptedException {
        final Options options = new Options();
        Duration duration = null;
        for (int i = 0; i < args.length; i++) {
            final String name = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            final String value = args[++i];
            switch (name) {
                case "--capacity" -> options.capacity(RateSchedule.parse(value));
                case "--forced-remb" -> options.forcedRemb(RateSchedule.parse(value));
                case "--queue" -> options.queueLimit(Duration.ofMillis(Long.parseLong(value)));
                case "--delay" -> options.oneWayDelay(Duration.ofMillis(Long.parseLong(value)));
                case "--http-port" -> options.httpPort(Integer.parseInt(value));
                case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(value.replaceFirst("s$", "")));
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        final CountDownLatch stop = new CountDownLatch(1);
        try (RelayServer server = RelayServer.start(options)) {
            System.out.println("bwe relay: media is NOT encrypted (plain RTP on 127.0.0.1).");
            System.out.println("page:    " + server.pageUrl());
            System.out.println("browser: " + server.chromiumCommandLine());
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "bwe-relay-shutdown"));
            if (duration == null) {
                stop.await();
            } else if (!stop.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                System.out.println("bwe relay: --duration " + duration.toSeconds() + "s reached, stopping");
            }
        }
    }

    /** Settings of a {@link RelayServer}. */
    public static final class Options {
        private RateSchedule capacity;
        private Duration queueLimit = Duration.ofMillis(300);
        private Duration oneWayDelay = Duration.ofMillis(20);
        private RateSchedule forcedRemb;
        private Duration forcedRembResend = Duration.ofMillis(500);
        private int httpPort;
        private EstimatorConfig estimatorConfig = EstimatorConfig.DEFAULT;

        /** A bottleneck in front of the endpoint with this capacity (t = 0 at the first media packet). */
        public Options capacity(final RateSchedule schedule) {
            this.capacity = schedule;
            return this;
        }

        /** The bottleneck's queue bound. Default 300 ms. */
        public Options queueLimit(final Duration limit) {
            this.queueLimit = Objects.requireNonNull(limit, "queueLimit");
            return this;
        }

        /** The bottleneck's fixed one-way delay. Default 20 ms. */
        public Options oneWayDelay(final Duration delay) {
            this.oneWayDelay = Objects.requireNonNull(delay, "oneWayDelay");
            return this;
        }

        /** Send this schedule's REMBs instead of bwe's estimate (t = 0 at the first RTP packet). */
        public Options forcedRemb(final RateSchedule schedule) {
            this.forcedRemb = schedule;
            return this;
        }

        /** How often a forced REMB is repeated. Default 500 ms. */
        public Options forcedRembResend(final Duration interval) {
            this.forcedRembResend = Objects.requireNonNull(interval, "interval");
            return this;
        }

        /** The page's port on 127.0.0.1; 0 (default) picks a free one. */
        public Options httpPort(final int port) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException("httpPort out of range: " + port);
            }
            this.httpPort = port;
            return this;
        }

        /** bwe's estimator settings. */
        public Options estimatorConfig(final EstimatorConfig config) {
            this.estimatorConfig = Objects.requireNonNull(config, "estimatorConfig");
            return this;
        }
    }
}
