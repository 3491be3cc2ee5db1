package io.constellation.common.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The operator's HTTP endpoint of a service: {@code GET /metrics} (Prometheus text format)
 * and {@code GET /healthz} (200 "ok" when the service can do its work, 503 otherwise, so
 * a load balancer or Kubernetes probe takes it out of rotation).
 *
 * <p>Runs on the JDK's HTTP server with one thread of its own: scrapes are rare and
 * cheap, and keeping them off the service's own threads means a busy service still
 * answers its probes.
 */
public final class OpsHttpServer implements AutoCloseable {

    private final String host;
    private final int requestedPort;
    private final PrometheusMeterRegistry registry;
    private final BooleanSupplier healthy;
    private HttpServer server;
    private ExecutorService executor;

    /**
     * @param host     address to bind, e.g. "127.0.0.1" or "0.0.0.0"
     * @param port     port to bind; 0 picks a free one (read it back with {@link #port()})
     * @param registry the meters to publish
     * @param healthy  whether {@code /healthz} answers 200; called on the HTTP thread
     */
    public OpsHttpServer(String host, int port, PrometheusMeterRegistry registry, BooleanSupplier healthy) {
        this.host = host;
        this.requestedPort = port;
        this.registry = registry;
        this.healthy = healthy;
    }

    /** Binds and starts serving. */
    public synchronized OpsHttpServer start() {
        try {
            server = HttpServer.create(new InetSocketAddress(host, requestedPort), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the metrics port " + host + ":" + requestedPort, e);
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "ops-http-" + requestedPort);
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/metrics", this::metrics);
        server.createContext("/healthz", this::health);
        server.start();
        return this;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void metrics(HttpExchange exchange) throws IOException {
        byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        respond(exchange, 200, body);
    }

    private void health(HttpExchange exchange) throws IOException {
        boolean ok = healthy.getAsBoolean();
        respond(exchange, ok ? 200 : 503, (ok ? "ok\n" : "not ready\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, body.length);
            out.write(body);
        }
    }

    /** Stops at once: scrapes have nothing worth waiting for. */
    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            server = null;
        }
    }
}
