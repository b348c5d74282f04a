package dev.bwe.relay.browser;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Headless Chromium driven through Debian's {@code chromedriver} over W3C WebDriver (HTTP + JSON, the JDK's
 * {@link HttpClient}): starts the driver on a free loopback port, opens a session with the flags a WebRTC
 * loopback test needs, navigates, runs scripts, and on {@link #close()} deletes the session and kills the
 * driver and every browser process it started, whatever state they are in.
 *
 * <pre>
 * try (ChromeDriverSession chrome = ChromeDriverSession.builder().workDir(tmp).start()) {
 *     chrome.navigate(server.pageUrl());
 *     Object result = chrome.executeAsync("arguments[0](1 + 1)");
 * }
 * </pre>
 *
 * <p>The browser runs with {@code --disable-webrtc-encryption}: WebRTC media is plain RTP. Loopback only.
 */
public final class ChromeDriverSession implements AutoCloseable {
    /** Integers as Long, decimals as Double: what the tests' scripts return, whatever their size. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);
    private static final System.Logger LOG = System.getLogger(ChromeDriverSession.class.getName());
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DELETE_TIMEOUT = Duration.ofSeconds(5);
    private static final long PROCESS_EXIT_WAIT_MS = 5_000;

    /** The flags every session gets (chromium-interop.md): headless, no sandbox (root), loopback WebRTC. */
    public static final List<String> BASE_ARGS = List.of(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        "--disable-webrtc-encryption",
        "--allow-loopback-in-peer-connection");

    private final Process driver;
    private final List<ProcessHandle> knownProcesses = new ArrayList<>();
    private final Path profileDir;
    private final URI base;
    private final HttpClient http;
    private final AtomicBoolean closed = new AtomicBoolean();
    private String sessionId;
    private Duration scriptTimeout = Duration.ofSeconds(30);

    private ChromeDriverSession(final Builder b) throws IOException {
        Files.createDirectories(b.workDir);
        this.profileDir = Files.createTempDirectory(b.workDir, "chromium-profile-");
        final int port = freeLoopbackPort();
        this.base = URI.create("http://127.0.0.1:" + port);
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        final Path log = b.workDir.resolve("chromedriver-" + port + ".log");
        final ProcessBuilder pb = new ProcessBuilder(b.chromedriver.toString(), "--port=" + port,
            "--allowed-ips=127.0.0.1", "--log-path=" + log)
            .redirectErrorStream(true)
            .redirectOutput(b.workDir.resolve("chromedriver-" + port + ".out").toFile());
        this.driver = pb.start();
        knownProcesses.add(driver.toHandle());
        boolean ok = false;
        try {
            awaitReady(b.startTimeout);
            openSession(b);
            ok = true;
        } finally {
            if (!ok) {
                close();
            }
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The first executable called {@code name} on the PATH, as {@code command -v} finds it. */
    public static Optional<Path> findOnPath(final String name) {
        return dev.bwe.relay.Executables.findOnPath(name);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return socket.getLocalPort();
        }
    }

    private void awaitReady(final Duration timeout) {
        final long deadlineNs = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() - deadlineNs < 0) {
            if (!driver.isAlive()) {
                throw new WebDriverException("chromedriver exited with " + driver.exitValue() + " before it was ready");
            }
            try {
                final HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/status"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                final Object value = valueOf(response.body());
                final Object ready = value instanceof Map<?, ?> m ? m.get("ready") : null;
                if (Boolean.TRUE.equals(ready)) {
                    return;
                }
                last = response.body();
            } catch (final IOException e) {
                last = e.toString();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new WebDriverException("interrupted while waiting for chromedriver", e);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new WebDriverException("chromedriver not ready within " + timeout + ": " + last);
    }

    private void openSession(final Builder b) {
        final List<String> args = new ArrayList<>(BASE_ARGS);
        args.add("--user-data-dir=" + profileDir);
        if (b.fakeVideo != null) {
            args.add("--use-file-for-fake-video-capture=" + b.fakeVideo);
        }
        args.addAll(b.extraArgs);
        final Map<String, Object> chromeOptions = new LinkedHashMap<>();
        chromeOptions.put("binary", b.chromium.toString());
        chromeOptions.put("args", args);
        final Map<String, Object> alwaysMatch = new LinkedHashMap<>();
        alwaysMatch.put("browserName", "chrome");
        alwaysMatch.put("goog:chromeOptions", chromeOptions);
        final Map<?, ?> value = asMap(call("POST", "/session",
            Map.of("capabilities", Map.of("alwaysMatch", alwaysMatch)), HTTP_TIMEOUT.plus(b.startTimeout)));
        sessionId = (String) value.get("sessionId");
        if (sessionId == null) {
            throw new WebDriverException("chromedriver answered POST /session without a sessionId: " + value);
        }
        rememberDescendants();
        final Object caps = value.get("capabilities");
        LOG.log(Level.INFO, "chromium session " + sessionId + " (" + (caps instanceof Map<?, ?> m
            ? m.get("browserName") + " " + m.get("browserVersion") : "?") + ") with " + args);
    }

    /** Opens {@code url} and waits for it to load. */
    public void navigate(final String url) {
        call("POST", sessionPath("/url"), Map.of("url", url), HTTP_TIMEOUT);
    }

    /** Runs a synchronous script; {@code arguments[i]} are {@code args}. Returns its JSON-converted result. */
    public Object execute(final String script, final Object... args) {
        return call("POST", sessionPath("/execute/sync"), Map.of("script", script, "args", List.of(args)),
            HTTP_TIMEOUT);
    }

    /**
     * Runs an asynchronous script: it gets a callback as its last argument and must call it with the result
     * within the script timeout ({@link #scriptTimeout(Duration)}, 30 s by default).
     */
    public Object executeAsync(final String script, final Object... args) {
        return call("POST", sessionPath("/execute/async"), Map.of("script", script, "args", List.of(args)),
            scriptTimeout.plus(HTTP_TIMEOUT));
    }

    /** How long an async script may take before the driver fails it. */
    public void scriptTimeout(final Duration timeout) {
        call("POST", sessionPath("/timeouts"), Map.of("script", timeout.toMillis()), HTTP_TIMEOUT);
        this.scriptTimeout = timeout;
    }

    /** A PNG of the page as the browser renders it now. */
    public byte[] screenshot() {
        return java.util.Base64.getDecoder().decode(String.valueOf(call("GET", sessionPath("/screenshot"), null,
            HTTP_TIMEOUT)));
    }

    /** The fresh profile directory the browser runs with. */
    public Path profileDir() {
        return profileDir;
    }

    private String sessionPath(final String suffix) {
        if (sessionId == null || closed.get()) {
            throw new IllegalStateException("no open WebDriver session");
        }
        return "/session/" + sessionId + suffix;
    }

    /** Sends a W3C command; returns the response's {@code value}. */
    private Object call(final String method, final String path, final Object body,
                                     final Duration timeout) {
        final HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8");
        if ("DELETE".equals(method)) {
            request.DELETE();
        } else if ("GET".equals(method)) {
            request.GET();
        } else {
            request.POST(HttpRequest.BodyPublishers.ofString(writeJson(body)));
        }
        final HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (final IOException e) {
            throw new WebDriverException(method + " " + path + " failed: " + e, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WebDriverException(method + " " + path + " interrupted", e);
        }
        final Object value = valueOf(response.body());
        if (response.statusCode() != 200) {
            final Map<?, ?> error = value instanceof Map<?, ?> m ? m : Map.of();
            throw new WebDriverException(method + " " + path + " -> HTTP " + response.statusCode() + " "
                + error.get("error") + ": " + error.get("message"));
        }
        return value;
    }

    private static String writeJson(final Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (final JsonProcessingException e) {
            throw new WebDriverException("cannot write a WebDriver command as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** The {@code value} member every W3C response has. */
    private static Object valueOf(final String body) {
        final Object parsed;
        try {
            parsed = JSON.readValue(body, Object.class);
        } catch (final JsonProcessingException e) {
            throw new WebDriverException("not a WebDriver response: " + body, e);
        }
        if (!(parsed instanceof Map<?, ?> top) || !top.containsKey("value")) {
            throw new WebDriverException("not a WebDriver response: " + body);
        }
        return top.get("value");
    }

    private static Map<?, ?> asMap(final Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            throw new WebDriverException("expected a JSON object from chromedriver, got " + value);
        }
        return map;
    }

    private void rememberDescendants() {
        driver.descendants().forEach(knownProcesses::add);
    }

    /**
     * Deletes the session (the browser quits), then kills chromedriver and every process it started, waits
     * for them, and deletes the profile directory. Never throws; idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            if (sessionId != null && driver.isAlive()) {
                rememberDescendants();
                try {
                    http.send(HttpRequest.newBuilder(base.resolve("/session/" + sessionId)).timeout(DELETE_TIMEOUT)
                        .DELETE().build(), HttpResponse.BodyHandlers.discarding());
                } catch (final IOException e) {
                    LOG.log(Level.WARNING, "DELETE session failed: " + e);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        } finally {
            killAll();
            deleteProfile();
        }
    }

    private void killAll() {
        // Snapshot first: once chromedriver dies, its children are re-parented and no longer its descendants.
        if (driver.isAlive()) {
            rememberDescendants();
        }
        for (final ProcessHandle p : knownProcesses) {
            p.destroy();
        }
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROCESS_EXIT_WAIT_MS);
        for (final ProcessHandle p : knownProcesses) {
            while (p.isAlive() && System.nanoTime() - deadlineNs < 0) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        try {
            driver.waitFor(PROCESS_EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteProfile() {
        try (Stream<Path> walk = Files.walk(profileDir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (final IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "could not delete " + profileDir + ": " + e);
        }
    }

    /** Every process this session started that is still alive (for leak checks). */
    public List<ProcessHandle> liveProcesses() {
        return knownProcesses.stream().filter(ProcessHandle::isAlive).toList();
    }

    /** Settings of a session. */
    public static final class Builder {
        private Path chromedriver;
        private Path chromium;
        private Path workDir;
        private Path fakeVideo;
        private final List<String> extraArgs = new ArrayList<>();
        private Duration startTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** The driver executable; by default {@code chromedriver} on the PATH. */
        public Builder chromedriver(final Path path) {
            this.chromedriver = Objects.requireNonNull(path, "chromedriver");
            return this;
        }

        /** The browser executable; by default {@code chromium} on the PATH (Debian's, which honours
         * {@code --disable-webrtc-encryption}). */
        public Builder chromium(final Path path) {
            this.chromium = Objects.requireNonNull(path, "chromium");
            return this;
        }

        /** Where the profile and the driver's logs go. Required. */
        public Builder workDir(final Path dir) {
            this.workDir = Objects.requireNonNull(dir, "workDir");
            return this;
        }

        /** A .y4m file the fake camera plays in a loop instead of its test pattern. */
        public Builder fakeVideo(final Path y4m) {
            this.fakeVideo = y4m;
            return this;
        }

        /** More browser flags. */
        public Builder arg(final String... args) {
            extraArgs.addAll(List.of(args));
            return this;
        }

        /** How long the driver and the browser may take to start. */
        public Builder startTimeout(final Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Starts chromedriver and opens a session.
         *
         * @throws WebDriverException when either does not come up; everything started is stopped again
         */
        public ChromeDriverSession start() {
            if (workDir == null) {
                throw new IllegalStateException("workDir is required");
            }
            final Path driverPath = chromedriver != null ? chromedriver : findOnPath("chromedriver")
                .orElseThrow(() -> new WebDriverException(
                    "no chromedriver on the PATH (apt-get install chromium-driver)"));
            final Path browserPath = chromium != null ? chromium : findOnPath("chromium")
                .orElseThrow(() -> new WebDriverException("no chromium on the PATH (apt-get install chromium)"));
            final Builder resolved = copy();
            resolved.chromedriver = driverPath;
            resolved.chromium = browserPath;
            try {
                return new ChromeDriverSession(resolved);
            } catch (final IOException e) {
                throw new WebDriverException("could not start chromedriver: " + e, e);
            }
        }

        private Builder copy() {
            final Builder b = new Builder();
            b.workDir = workDir;
            b.fakeVideo = fakeVideo;
            b.extraArgs.addAll(extraArgs);
            b.startTimeout = startTimeout;
            return b;
        }
    }
}
