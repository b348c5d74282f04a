package dev.bwe.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Serves a {@link PrometheusMeterRegistry}'s scrape at {@code GET /metrics} (Prometheus text format 0.0.4)
 * from the JDK's HTTP server, on one daemon thread of its own: a scrape runs there, never on a relay or
 * pipeline thread. Binds the loopback address unless told otherwise. {@link #close()} stops it (idempotent).
 */
public final class PrometheusEndpoint implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PrometheusEndpoint.class.getName());
    /** The Prometheus text exposition format Prometheus itself scrapes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final HttpServer server;
    private final ExecutorService executor;
    private boolean closed;

    private PrometheusEndpoint(final PrometheusMeterRegistry registry, final HttpServer server,
                               final ExecutorService executor) {
        this.registry = registry;
        this.server = server;
        this.executor = executor;
    }

    /** Serves {@code registry} on 127.0.0.1:{@code port} (0: any free port). */
    public static PrometheusEndpoint start(final PrometheusMeterRegistry registry, final int port) {
        return start(registry, new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /** Serves {@code registry} on {@code address}. */
    public static PrometheusEndpoint start(final PrometheusMeterRegistry registry, final InetSocketAddress address) {
        Objects.requireNonNull(registry, "registry");
        final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            final Thread t = new Thread(r, "bwe-metrics-http");
            t.setDaemon(true);
            return t;
        });
        final HttpServer server;
        try {
            server = HttpServer.create(address, 16);
        } catch (final IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot serve /metrics on " + address + ": " + e.getMessage(), e);
        }
        final PrometheusEndpoint endpoint = new PrometheusEndpoint(registry, server, executor);
        server.setExecutor(executor);
        server.createContext("/metrics", endpoint::handle);
        server.start();
        return endpoint;
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            final byte[] body;
            try {
                body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            } catch (final RuntimeException e) {
                LOG.log(Level.WARNING, "scrape failed", e);
                exchange.sendResponseHeaders(500, -1);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://host:port/metrics}. */
    public URI uri() {
        final InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/metrics");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
