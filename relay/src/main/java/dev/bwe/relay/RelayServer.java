package dev.bwe.relay;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.bwe.estimator.EstimatorConfig;
import dev.bwe.estimator.EstimatorProfile;
import dev.bwe.estimator.remb.RembDecoder;
import dev.bwe.relay.chart.BrowserReadings;
import dev.bwe.relay.chart.RunTimeline;
import dev.bwe.relay.chart.TimelineEvent;
import dev.bwe.relay.chart.TimelineFormats;
import dev.bwe.relay.chart.TimelineSampler;
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
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
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
 * port out; {@code GET /series.json?window=120} the chart's last seconds, {@code GET /series.csv} the whole run
 * (see {@link TimelineFormats}); {@code POST /browser-stats} the page's getStats figures in (see
 * {@link BrowserReadings}); {@code POST /profile} {@code parity|adaptive}; {@code POST /capacity} a schedule
 * that starts now; {@code GET /uplot/...} the chart library from its webjar.
 *
 * <p>{@link #start(Options)} returns a handle; {@link #close()} stops everything. Media is NOT encrypted.
 */
public final class RelayServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RelayServer.class.getName());
    private static final String PAGE_RESOURCE = "relay.html";
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CHART_SAMPLE_MS = 500;
    private static final double DEFAULT_WINDOW_S = 120;
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";
    private static final Map<String, String> UPLOT_FILES = Map.of(
        "/uplot/uPlot.iife.min.js", "application/javascript; charset=utf-8",
        "/uplot/uPlot.min.css", "text/css; charset=utf-8");

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
    private final long startNs = System.nanoTime();
    private final RunTimeline timeline = new RunTimeline();
    private final BrowserReadings browser = new BrowserReadings();
    private final Map<String, byte[]> uplot;
    private final TimelineSampler sampler;
    private final ScheduledExecutorService chartTicker;

    private RelayServer(final Options options) throws IOException {
        this.options = options;
        this.page = loadPage();
        this.uplot = loadUplot();
        final List<AutoCloseable> opened = new ArrayList<>();
        try {
            final RelayEndpoint.Builder eb = RelayEndpoint.builder().estimatorConfig(options.estimatorConfig);
            if (options.journalDir != null) {
                eb.journal(options.journalDir);
            }
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
            this.sampler = new TimelineSampler(startNs, endpoint, () -> shaper, () -> referenceShaper,
                referenceRembs, browser, timeline);
            this.chartTicker = Executors.newSingleThreadScheduledExecutor(r -> {
                final Thread t = new Thread(r, "bwe-relay-chart");
                t.setDaemon(true);
                return t;
            });
            opened.add(chartTicker::shutdownNow);
            chartTicker.scheduleAtFixedRate(sampler, CHART_SAMPLE_MS, CHART_SAMPLE_MS, TimeUnit.MILLISECONDS);
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

    /** The chart library's files, read from its webjar (no network at run time). */
    private static Map<String, byte[]> loadUplot() throws IOException {
        final Properties pom = new Properties();
        try (InputStream in = RelayServer.class.getResourceAsStream(UPLOT_POM)) {
            if (in == null) {
                throw new IOException("the uPlot webjar is not on the class path (" + UPLOT_POM + ")");
            }
            pom.load(in);
        }
        final String dist = "/META-INF/resources/webjars/uplot/" + pom.getProperty("version") + "/dist/";
        final Map<String, byte[]> files = new LinkedHashMap<>();
        for (final String route : UPLOT_FILES.keySet()) {
            final String resource = dist + route.substring("/uplot/".length());
            try (InputStream in = RelayServer.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IOException("missing " + resource + " in the uPlot webjar");
                }
                files.put(route, in.readAllBytes());
            }
        }
        return files;
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

    /** The run's time series so far (what the page charts and the CSV download holds). */
    public RunTimeline timeline() {
        return timeline;
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
            } else if ("GET".equals(method) && UPLOT_FILES.containsKey(path)) {
                respond(exchange, 200, UPLOT_FILES.get(path), uplot.get(path));
            } else if ("GET".equals(method) && "/series.json".equals(path)) {
                onSeries(exchange);
            } else if ("GET".equals(method) && "/series.csv".equals(path)) {
                exchange.getResponseHeaders().set("Content-Disposition", "attachment; filename=\"bwe-relay-run.csv\"");
                respond(exchange, 200, "text/csv; charset=utf-8", TimelineFormats.csv(timeline.rows(0),
                    timeline.rembs(0)).getBytes(StandardCharsets.UTF_8));
            } else if ("POST".equals(method) && "/browser-stats".equals(path)) {
                onBrowserStats(exchange);
            } else if ("POST".equals(method) && "/profile".equals(path)) {
                onProfile(exchange);
            } else if ("POST".equals(method) && "/capacity".equals(path)) {
                onCapacity(exchange);
            } else {
                respondText(exchange, 404, "no such page: " + method + " " + path);
            }
        } catch (final RuntimeException e) {
            LOG.log(Level.ERROR, "HTTP handler failed", e);
            throw e;
        }
    }

    private void onSeries(final HttpExchange exchange) throws IOException {
        double windowS = DEFAULT_WINDOW_S;
        final String query = exchange.getRequestURI().getQuery();
        if (query != null && query.startsWith("window=")) {
            try {
                windowS = Double.parseDouble(query.substring("window=".length()));
            } catch (final NumberFormatException e) {
                respondText(exchange, 400, "window must be a number of seconds: " + query);
                return;
            }
        }
        final double fromS = timeline.lastTimeS() - windowS;
        respond(exchange, 200, "application/json", TimelineFormats.json(timeline.rows(fromS), timeline.rembs(fromS),
            timeline.events(fromS)));
    }

    private void onBrowserStats(final HttpExchange exchange) throws IOException {
        try {
            browser.accept(body(exchange), System.nanoTime());
            respondText(exchange, 200, "ok");
        } catch (final IllegalArgumentException e) {
            respondText(exchange, 400, e.getMessage());
        }
    }

    private void onProfile(final HttpExchange exchange) throws IOException {
        final EstimatorProfile profile;
        try {
            profile = EstimatorProfile.parse(body(exchange));
        } catch (final IllegalArgumentException e) {
            respondText(exchange, 400, e.getMessage());
            return;
        }
        try {
            final long session = endpoint.switchProfile(profile);
            mark("profile " + profile.cliName() + " (session " + session + ")");
            respondText(exchange, 200, Long.toString(session));
        } catch (final IllegalStateException e) {
            respondText(exchange, 409, e.getMessage());
        }
    }

    private void onCapacity(final HttpExchange exchange) throws IOException {
        if (shaper == null) {
            respondText(exchange, 409, "no bottleneck to change: start the relay with --capacity");
            return;
        }
        final RateSchedule next;
        try {
            next = RateSchedule.parse(body(exchange));
        } catch (final IllegalArgumentException e) {
            respondText(exchange, 400, e.getMessage());
            return;
        }
        changeCapacity(next);
        respondText(exchange, 200, shaper.capacity().toString());
    }

    /**
     * Changes the bottleneck's schedule from now on ({@code next}'s t = 0 is now), the reference's too so the two
     * stay comparable, and marks it on the chart.
     *
     * @throws IllegalStateException without a shaper
     */
    public synchronized void changeCapacity(final RateSchedule next) {
        if (shaper == null) {
            throw new IllegalStateException("no bottleneck to change: start the relay with a capacity");
        }
        shaper.changeCapacity(next);
        if (referenceShaper != null) {
            referenceShaper.changeCapacity(next);
        }
        mark("capacity " + next + " from here");
    }

    private void mark(final String label) {
        timeline.addEvent(new TimelineEvent(sampler.seconds(System.nanoTime()), label));
    }

    private void onOffer(final HttpExchange exchange) throws IOException {
        final String offer = body(exchange);
        final int candidatePort = shaper != null ? shaper.port() : endpoint.port();
        try {
            respondText(exchange, 200, endpoint.answer(offer, candidatePort));
            mark("connected: bwe session " + endpoint.sessionId() + " (" + endpoint.profile().cliName() + ")");
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
        // Keeps the reference comparable after a capacity change made before it connected.
        final RateSchedule current = shaper.capacity();
        if (!current.equals(options.capacity)) {
            started.changeCapacity(current);
        }
        referenceShaper = started;
        mark("reference connected (Chromium to Chromium)");
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
        out.put("encryption", "none: plain RTP/AVPF on 127.0.0.1 (no DTLS-SRTP)");
        out.put("profile", endpoint.profile().cliName());
        out.put("sessionId", endpoint.sessionId());
        out.put("journal", endpoint.journalDir() == null ? null : endpoint.journalDir().toAbsolutePath().toString());
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
            chartTicker.shutdownNow();
            http.stop(0);
            httpExecutor.shutdownNow();
            try {
                if (!httpExecutor.awaitTermination(5, TimeUnit.SECONDS)
                    || !chartTicker.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.log(Level.WARNING, "HTTP or chart thread did not stop in time");
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
     * {@code --forced-remb 1.5mbps@0s,300kbps@10s} {@code --queue 300} {@code --delay 20} (ms; the names of
     * {@code bwe relay}) {@code --http-port 8080} {@code --duration 120s} {@code --profile adaptive}
     * {@code --journal DIR}.
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
                case "--profile" -> options.profile(EstimatorProfile.parse(value));
                case "--journal" -> options.journal(Path.of(value));
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
        private Path journalDir;

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

        /** bwe's estimator profile (the rest of the estimator settings unchanged). Default parity. */
        public Options profile(final EstimatorProfile profile) {
            this.estimatorConfig = estimatorConfig.toBuilder().profile(profile).build();
            return this;
        }

        /** Journals the run into {@code dir} ({@code bwe replay --journal dir} replays it). Default: none. */
        public Options journal(final Path dir) {
            this.journalDir = Objects.requireNonNull(dir, "journal");
            return this;
        }
    }
}
