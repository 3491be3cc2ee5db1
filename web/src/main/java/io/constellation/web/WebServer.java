package io.constellation.web;

import com.sun.net.httpserver.HttpServer;
import io.constellation.cache.client.SearchClient;
import io.constellation.cache.client.SearchClientConfig;
import io.constellation.common.concurrent.Executors2;
import io.constellation.common.ops.OpsHttpServer;
import io.constellation.common.ops.ServiceMetrics;
import io.constellation.web.internal.ApiHandler;
import io.constellation.web.internal.AssetHandler;
import io.constellation.web.internal.SearchRate;
import io.constellation.web.internal.WebMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference web front end: serves the search page and its JSON API on one HTTP port and
 * searches the cache nodes over gRPC through a {@link SearchClient} (one per server, closed
 * with it). {@code /metrics} and {@code /healthz} are on a second port
 * ({@link OpsHttpServer}); {@code /healthz} is 200 while at least one cache node is not
 * marked down.
 *
 * <p>HTTP runs on the JDK's server with {@link WebServerConfig#httpThreads} threads and a
 * queue of {@link WebServerConfig#queueCapacity}: past it a connection is closed at once.
 * {@link #start()} once, then {@link #close()}. Thread-safe.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** Time {@link #close()} gives requests in flight, seconds (the JDK server counts whole seconds). */
    private static final int STOP_GRACE_SECONDS = 1;

    private final WebServerConfig config;
    private final PrometheusMeterRegistry registry = ServiceMetrics.create("web");
    private final WebMetrics metrics = new WebMetrics(registry);
    private final SearchRate searchRate = new SearchRate(System::nanoTime);
    private final StatusSource status;
    private final SearchClient client;
    private final OpsHttpServer ops;
    private HttpServer http;
    private ThreadPoolExecutor executor;

    /**
     * A server whose status strip shows this front end's own searches per second and no
     * satellite count.
     */
    public WebServer(WebServerConfig config) {
        this(config, null);
    }

    /**
     * @param status the status strip's figures; null for this front end's own searches per
     *               second (figures it leaves unknown are not filled in)
     */
    public WebServer(WebServerConfig config, StatusSource status) {
        this.config = config;
        this.status = status != null ? status
                : () -> new LiveStatus(OptionalLong.empty(), OptionalDouble.of(searchRate.perSecond()));
        // Half the deadline per node leaves the other half to the secondary; a lone node has none.
        Duration attempt = config.cacheNodes().size() == 1 ? config.searchDeadline()
                : config.searchDeadline().dividedBy(2);
        this.client = new SearchClient(SearchClientConfig.builder().nodes(config.cacheNodes())
                .deadline(config.searchDeadline()).attemptTimeout(attempt).meterRegistry(registry).build());
        this.ops = new OpsHttpServer(config.host(), config.metricsPort(), registry, this::isServing);
    }

    /** Binds both ports and starts serving. @throws UncheckedIOException if a port is taken */
    public synchronized WebServer start() {
        if (http != null) {
            throw new IllegalStateException("the web server is started already");
        }
        try {
            http = HttpServer.create(new InetSocketAddress(config.host(), config.port()), 128);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the web port " + config.host() + ":" + config.port(), e);
        }
        executor = executor();
        http.setExecutor(executor);
        http.createContext("/api/", new ApiHandler(client, config.pageSize(), status, searchRate, metrics));
        http.createContext("/", new AssetHandler(metrics));
        http.start();
        ops.start();
        log.info("web front end serving http://{}:{}/ (metrics on {}), searching {} cache node(s)", config.host(),
                port(), ops.port(), config.cacheNodes().size());
        return this;
    }

    /** The page's bound HTTP port. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The bound port of {@code /metrics} and {@code /healthz}. */
    public int metricsPort() {
        return ops.port();
    }

    /** The page's address, e.g. {@code http://127.0.0.1:8080/}. */
    public String url() {
        String host = config.host().indexOf(':') >= 0 ? "[" + config.host() + "]" : config.host();
        return "http://" + host + ":" + port() + "/";
    }

    public WebServerConfig config() {
        return config;
    }

    /** The meters this server publishes (its own, the search client's, the JVM's). */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Whether it is started and at least one cache node is not marked down. */
    public boolean isServing() {
        synchronized (this) {
            if (http == null) {
                return false;
            }
        }
        return client.nodes().stream().anyMatch(n -> !client.isMarkedDown(n.id()));
    }

    /**
     * Stops taking connections, gives requests in flight {@value #STOP_GRACE_SECONDS} s and
     * the HTTP threads 5 s more, then interrupts them; closes the search client and the
     * metrics port.
     */
    @Override
    public synchronized void close() {
        if (http != null) {
            http.stop(STOP_GRACE_SECONDS);
            Executors2.shutdownGracefully(executor, Duration.ofSeconds(5));
            http = null;
        }
        ops.close();
        client.close();
        registry.close();
    }

    /** Bounded threads and queue; a request past the queue has its connection closed by the JDK server. */
    private ThreadPoolExecutor executor() {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(config.httpThreads(), config.httpThreads(), 60, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(config.queueCapacity()), r -> {
                    Thread t = new Thread(r, "web-http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, (r, pool) -> {
                    metrics.rejected();
                    throw new RejectedExecutionException("the web server's request queue is full");
                });
    }
}
