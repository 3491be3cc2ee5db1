package io.constellation.deploy.demo;

import io.constellation.cache.CacheServer;
import io.constellation.cache.client.CacheNode;
import io.constellation.cache.client.SearchClient;
import io.constellation.cache.internal.CacheMetrics.Outcome;
import io.constellation.cache.search.IndexShards;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.deploy.loadgen.ShareLists;
import io.constellation.deploy.loadgen.TrackUniverse;
import io.constellation.deploy.services.SatelliteNodes;
import io.constellation.gateway.GatewayServer;
import io.constellation.gateway.history.HistoricalRun;
import io.constellation.index.IndexServer;
import io.constellation.satellite.node.SatelliteNode;
import io.constellation.web.CounterRate;
import io.constellation.web.LiveStatus;
import io.constellation.web.WebServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole network in one process: the embedded H2 catalog seeded with the bundled corpus,
 * {@value #INDEX_SHARDS} index shards, a gateway, {@value #CACHE_NODES} cache nodes, a
 * {@link SearchClient} over them, {@value #SATELLITE_SERVERS} satellite servers feeding the
 * gateway, simulated satellites that log in, share tracks of the catalog (Zipf
 * popularity: a few are on many satellites, most on few or none) and churn, a trickle of
 * searches of its own ({@link DemoSearches}) and the search page ({@link WebServer}).
 *
 * <p>{@link #start()} returns once every service serves (the satellites then come online
 * at the configured ramp rate; a first start plays "yesterday" first, see
 * {@link #recordHistory}); {@link #close()} stops everything in reverse order of start:
 * the web page, the searches, satellites, satellite servers (a quick drain), the search
 * client, cache nodes, gateway, index shards, catalog. A second start on the same data
 * directory skips the import and loads the saved index.
 *
 * <p>Threads: {@link #start()} once, from one thread; {@link #close()} from any thread, also
 * during the start (a shutdown hook); the accessors from any thread once start has
 * returned. A web front end takes {@link #searchClient()} and {@link #status()}.
 */
public final class DemoCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoCluster.class);

    /** Index shards, each holding half the tracks (by id). */
    public static final int INDEX_SHARDS = 2;
    /** Cache nodes on one consistent-hashing ring. */
    public static final int CACHE_NODES = 2;
    /** Satellite servers; the simulated satellites are spread over them. */
    public static final int SATELLITE_SERVERS = 2;

    /** Tracks the satellites' share lists are drawn from: the whole bundled corpus. */
    private static final int UNIVERSE = 60_000;
    private static final Duration AWAIT_STEP = Duration.ofMillis(200);
    /** Share of the simulated satellites online before the first historical run (churn keeps a few offline). */
    private static final double MOSTLY_ONLINE = 0.9;
    /** Added to the seed of the satellites' share lists for "yesterday's" (see {@link #recordHistory}). */
    private static final long YESTERDAY_SEED = 1;
    /** Tracks whose counts tell when share lists have settled at the gateway, and the time they are watched. */
    private static final int HITS = 100;
    private static final Duration SETTLE = Duration.ofSeconds(1);
    private final DemoConfig config;
    private final DemoServiceConfigs configs;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final List<IndexServer> index = new ArrayList<>();
    private final List<CacheServer> caches = new ArrayList<>();
    private final List<SatelliteNode> satelliteServers = new ArrayList<>();
    private volatile boolean running;
    /** Set by {@link #close()} before it waits for a start in progress, which then gives up at its next step. */
    private volatile boolean closing;
    private Catalog catalog;
    private CatalogSeed.Seeded seeded;
    private GatewayServer gateway;
    private SearchClient searchClient;
    private SimulatedSatellites satellites;
    /** Searches per second, measured over at least a second between two status reads. */
    private final CounterRate searchRate = new CounterRate(Duration.ofSeconds(1));
    /** The catalog's tracks in id order, the oldest imported the most popular (what satellites share and the demo searches). */
    private List<Track> universe;
    private WebServer web;

    public DemoCluster(DemoConfig config) {
        this.config = config;
        this.configs = new DemoServiceConfigs(config);
    }

    /**
     * Seeds the catalog if needed, starts every service and waits until they serve.
     *
     * @throws IllegalStateException if a service does not serve within the ready timeout
     * @throws InterruptedException  if interrupted while waiting (what was started is closed)
     * @throws CancellationException  if {@link #close()} was called meanwhile
     */
    public synchronized DemoCluster start() throws InterruptedException {
        if (running || closing || !started.isEmpty()) {
            throw new IllegalStateException("a demo cluster starts once");
        }
        try {
            startAll();
        } catch (InterruptedException | RuntimeException | Error e) {
            close();
            throw e;
        }
        running = true;
        return this;
    }

    private void startAll() throws InterruptedException {
        long t0 = System.nanoTime();
        createDataDir();
        catalog = started(() -> new Catalog(configs.catalog()));
        catalog.migrate();
        seeded = CatalogSeed.seed(catalog, config.dataDir(), config.satellites());
        for (int i = 0; i < INDEX_SHARDS; i++) {
            int shard = i;
            index.add(started(() -> new IndexServer(configs.index(shard, INDEX_SHARDS), catalog), IndexServer::start));
        }
        gateway = started(() -> new GatewayServer(configs.gateway(SATELLITE_SERVERS), catalog), GatewayServer::start);
        for (int i = 0; i < CACHE_NODES; i++) {
            int node = i;
            caches.add(started(() -> new CacheServer(configs.cache(node, shardSpec(), gatewayAddress()), catalog), CacheServer::start));
        }
        searchClient = started(() -> new SearchClient(configs.searchClient(cacheNodes())));
        byte[] secret = SatelliteNodes.randomSecret();
        for (int i = 0; i < SATELLITE_SERVERS; i++) {
            int server = i;
            satelliteServers.add(started(() -> new SatelliteNode(configs.satelliteServer(server, secret, gatewayAddress()), catalog),
                    SatelliteNode::start));
        }
        // Drawn while the index loads and the satellite servers report to the gateway.
        ShareLists lists = prepareLoad();
        awaitServing();
        startLoad(lists);
        // Last, so that it is closed first: no page asks a service that is gone.
        web = started(() -> new WebServer(configs.web(cacheNodes()), this::liveStatus), WebServer::start);
        log.info("demo up in {} ms: {} tracks ({}), {} users created", (System.nanoTime() - t0) / 1_000_000,
                seeded.tracks(), seeded.imported() ? "imported now" : "imported before", seeded.usersCreated());
    }

    /** Reads the universe of tracks and builds the satellites (not started); their share lists, or null without satellites. */
    private ShareLists prepareLoad() {
        if (config.satellites() > 0 || config.searchesPerSecond() > 0) {
            universe = TrackUniverse.fromCatalog(new TrackStore(catalog), UNIVERSE);
        }
        if (config.satellites() == 0) {
            return null;
        }
        ShareLists lists = new ShareLists(universe, config.zipf());
        satellites = started(() -> new SimulatedSatellites(configs.satellites(satelliteAddresses()), lists));
        return lists;
    }

    /** At a first start the history, then the satellites and the demo's own searches. */
    private void startLoad(ShareLists lists) throws InterruptedException {
        if (lists != null && seeded.imported()) {
            recordHistory(lists);
        }
        if (satellites != null) {
            satellites.start();
        }
        if (config.searchesPerSecond() > 0) {
            started(() -> new DemoSearches(searchClient, universe, config.searchesPerSecond(), config.zipf(),
                    config.seed()), DemoSearches::start);
        }
    }

    private void createDataDir() {
        try {
            Files.createDirectories(config.dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + config.dataDir(), e);
        }
    }

    /**
     * Creates a service unless a close is waiting (then gives up before it), records it to
     * be closed by {@link #close()} (also when its start fails half-way, e.g. a port in
     * use), then starts it.
     */
    private <T extends AutoCloseable> T started(Supplier<T> create, Consumer<T> start) {
        if (closing) {
            throw new CancellationException("the demo was stopped while starting");
        }
        T service = create.get();
        started.push(service);
        start.accept(service);
        return service;
    }

    private <T extends AutoCloseable> T started(Supplier<T> create) {
        return started(create, service -> { });
    }

    /**
     * Gives the catalog a history at the first start, so that the page's "was popular"
     * shows something. A fresh catalog's {@code track_stats} are all 0 and the gateway's
     * daily job would first run tomorrow; and the demo's satellites share the same lists
     * at every login (churn logs a slot out and back in with its list), so a history of
     * today's satellites alone would leave no track popular but unavailable. So this plays
     * "yesterday": the same users log in sharing other draws of the same popularity (a
     * seed of their own), and once {@value #MOSTLY_ONLINE} of them are online the gateway's
     * historical job runs once ({@code hist = current + hist/2}); then they log out and
     * today's satellites come online. The hits are shared on both days (available now, and
     * high in the historical order); yesterday's rare tracks are "was popular". Runs before
     * any search, so no cache node caches rows without their history; later starts keep
     * the history in the data directory, and the gateway's own schedule continues it.
     */
    private void recordHistory(ShareLists lists) throws InterruptedException {
        long t0 = System.nanoTime();
        SimulatedSatellites yesterday = started(() -> new SimulatedSatellites(
                configs.satellites(satelliteAddresses()).seed(config.seed() + YESTERDAY_SEED), lists),
                SimulatedSatellites::start);
        try {
            runHistoricalJobMostlyOnline();
        } finally {
            started.remove(yesterday);
            yesterday.close();
        }
        log.info("history of yesterday's satellites recorded in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }

    private void runHistoricalJobMostlyOnline() throws InterruptedException {
        int wanted = (int) Math.ceil(config.satellites() * MOSTLY_ONLINE);
        long deadline = System.nanoTime() + config.readyTimeout().toNanos();
        await(timeout -> poll(() -> status().satellitesOnline() >= wanted, timeout), deadline,
                "fewer than " + wanted + " satellites came online");
        // Online counts logins; their share lists reach the gateway a little later.
        await(timeout -> hitsSettled(), deadline, "the satellites' share lists did not settle at the gateway");
        try {
            HistoricalRun run = gateway.runHistoricalJob().get();
            log.info("historical availability run with {} satellites online: {} ({} tracks updated)",
                    status().satellitesOnline(), run.outcome(), run.tracksUpdated());
        } catch (ExecutionException e) {
            // The demo still serves, only without "was popular" until the gateway's next run.
            log.warn("the historical availability run failed: {}", e.getCause().toString());
        }
    }

    /**
     * Whether the gateway's counts of the most popular tracks grew by less than 1% over
     * {@link #SETTLE}: the share lists of the satellites online have arrived.
     */
    private boolean hitsSettled() throws InterruptedException {
        long before = sharedHits();
        Thread.sleep(SETTLE.toMillis());
        return sharedHits() <= before + before / 100;
    }

    /** Sum of the gateway's current counts of the {@value #HITS} most popular tracks. */
    private long sharedHits() {
        long n = 0;
        for (int i = 0; i < Math.min(HITS, universe.size()); i++) {
            n += gateway.availability(Math.toIntExact(universe.get(i).id()));
        }
        return n;
    }

    /** Checks {@code condition} every {@link #AWAIT_STEP} for up to {@code timeout}; whether it held. */
    private static boolean poll(BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(Math.min(AWAIT_STEP.toMillis(), Math.max(1, timeout.toMillis())));
        }
        return true;
    }

    /** Waits for the index shards (built or loaded) and the gateway (both satellite servers reporting). */
    private void awaitServing() throws InterruptedException {
        long deadline = System.nanoTime() + config.readyTimeout().toNanos();
        for (IndexServer shard : index) {
            await(shard::awaitServing, deadline, "an index shard did not load its index");
        }
        await(gateway::awaitServing, deadline, "the gateway did not serve");
    }

    /** A service's wait for serving, taking one step at a time so that a close does not wait for it. */
    @FunctionalInterface
    private interface ServingWait {
        boolean await(Duration timeout) throws InterruptedException;
    }

    private void await(ServingWait wait, long deadlineNanos, String failure) throws InterruptedException {
        while (!wait.await(AWAIT_STEP)) {
            if (closing) {
                throw new CancellationException("the demo was stopped while starting");
            }
            if (System.nanoTime() - deadlineNanos > 0) {
                throw new IllegalStateException(failure + " within " + config.readyTimeout());
            }
        }
    }

    private IndexShards shardSpec() {
        List<List<String>> shards = new ArrayList<>();
        for (IndexServer shard : index) {
            shards.add(List.of(config.host() + ":" + shard.grpcPort()));
        }
        return new IndexShards(shards);
    }

    private long searchesTotal() {
        double n = 0;
        for (CacheServer cache : caches) {
            n += cache.metrics().searches(Outcome.MEMORY_HIT) + cache.metrics().searches(Outcome.DISK_HIT)
                    + cache.metrics().searches(Outcome.MISS);
        }
        return (long) n;
    }

    // ---- what the demo runs, for the launcher, a web page and tests ----

    /** This demo's configuration. */
    public DemoConfig config() {
        return config;
    }

    /** The live figures: satellites online (on the servers), searches per second. */
    public DemoStatus status() {
        int online = 0;
        for (SatelliteNode node : satelliteServers) {
            online += node.server().sessions();
        }
        long searches = caches.isEmpty() ? 0 : searchesTotal();
        return new DemoStatus(online, searchRate.sample(searches, System.nanoTime()).orElse(0), searches);
    }

    /** The status strip's figures, from {@link #status()}. */
    private LiveStatus liveStatus() {
        DemoStatus s = status();
        return LiveStatus.of(s.satellitesOnline(), s.searchesPerSecond());
    }

    /** The search page (started last, closed first). */
    public WebServer web() {
        return web;
    }

    /** A client of the cache nodes, as a web front end uses; owned by the demo (closed by {@link #close()}). */
    public SearchClient searchClient() {
        return searchClient;
    }

    /** The cache nodes, as a {@link SearchClient} of one's own is configured. */
    public List<CacheNode> cacheNodes() {
        List<CacheNode> nodes = new ArrayList<>();
        for (int i = 0; i < caches.size(); i++) {
            nodes.add(CacheNode.of(DemoServiceConfigs.cacheId(i), config.host(), caches.get(i).grpcPort()));
        }
        return nodes;
    }

    /** The gateway's gRPC address, {@code host:port}. */
    public String gatewayAddress() {
        return config.host() + ":" + gateway.grpcPort();
    }

    /** The satellite servers' TCP addresses, where satellites connect. */
    public List<InetSocketAddress> satelliteAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (SatelliteNode node : satelliteServers) {
            out.add(new InetSocketAddress(config.host(), node.port()));
        }
        return out;
    }

    /** Every service with its ports: index shards, gateway, cache nodes, satellite servers, the web page. */
    public List<ServiceAddress> services() {
        String host = config.host();
        List<ServiceAddress> out = new ArrayList<>();
        for (int i = 0; i < index.size(); i++) {
            out.add(new ServiceAddress("index-" + i, host, index.get(i).grpcPort(), index.get(i).metricsPort()));
        }
        out.add(new ServiceAddress("gateway", host, gateway.grpcPort(), gateway.metricsPort()));
        for (int i = 0; i < caches.size(); i++) {
            out.add(new ServiceAddress(DemoServiceConfigs.cacheId(i), host, caches.get(i).grpcPort(), caches.get(i).metricsPort()));
        }
        for (SatelliteNode node : satelliteServers) {
            out.add(new ServiceAddress(node.config().server().serverId(), host, node.port(), node.metricsPort()));
        }
        if (web != null) {
            out.add(new ServiceAddress("web", host, web.port(), web.metricsPort()));
        }
        return out;
    }

    /** The index shards (for the launcher's ready lines). */
    public List<IndexServer> indexShards() {
        return List.copyOf(index);
    }

    /** The gateway. */
    public GatewayServer gateway() {
        return gateway;
    }

    /** The cache nodes. */
    public List<CacheServer> caches() {
        return List.copyOf(caches);
    }

    /** The satellite servers. */
    public List<SatelliteNode> satelliteServers() {
        return List.copyOf(satelliteServers);
    }

    /** Whether this start imported the corpus (false: the data directory had it already). */
    public boolean imported() {
        return seeded != null && seeded.imported();
    }

    /** Users this start created for the simulated satellites (0: they were all there already). */
    public int usersCreated() {
        return seeded == null ? 0 : seeded.usersCreated();
    }

    /** Tracks in the catalog. */
    public long tracks() {
        return seeded == null ? 0 : seeded.tracks();
    }

    /**
     * Stops everything started, newest first. Idempotent. Called during {@link #start()}
     * from another thread (a shutdown hook), it waits for the start's current step (the
     * first import is the longest), which then gives up.
     */
    @Override
    public void close() {
        closing = true;
        synchronized (this) {
            closeStarted();
        }
    }

    private void closeStarted() {
        running = false;
        if (started.isEmpty()) {
            return;
        }
        long t0 = System.nanoTime();
        while (!started.isEmpty()) {
            AutoCloseable service = started.pop();
            try {
                service.close();
            } catch (Exception e) {
                log.warn("error while stopping {}: {}", service, e.toString());
            }
        }
        log.info("demo stopped in {} ms", (System.nanoTime() - t0) / 1_000_000);
    }
}
