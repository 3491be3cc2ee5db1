package io.constellation.bench.cache;

import io.constellation.bench.gateway.BenchCatalog;
import io.constellation.bench.gateway.GatewayProcess;
import io.constellation.bench.gateway.SyntheticFeed;
import io.constellation.cache.CacheServer;
import io.constellation.cache.CacheServerConfig;
import io.constellation.cache.client.CacheNode;
import io.constellation.cache.search.IndexShards;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.corpus.Corpus;
import io.constellation.common.corpus.CorpusImporter;
import io.constellation.common.corpus.ImportReport;
import io.constellation.gateway.GatewayServer;
import io.constellation.index.IndexServer;
import io.constellation.index.IndexServerConfig;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Everything behind a web front end's searches, in this JVM over loopback sockets: a
 * catalog of generated tracks, index shards over it, a gateway fed by a synthetic
 * satellite server, and cache nodes in front of them. Built by {@link #start}, stopped by
 * {@link #close()} in reverse order. A kept catalog and work directory are reused by the
 * next run (the import and the index segments cost minutes at millions of tracks); the
 * nodes' caches never are.
 */
final class SearchStack implements AutoCloseable {

    private final List<AutoCloseable> owned = new ArrayList<>();
    private final List<CacheServer> nodes = new ArrayList<>();
    private BenchCatalog catalog;
    private Path work;
    /** Whether {@link #work} is ours to delete. */
    private boolean temporaryWork;
    /** The nodes' cache directories: always fresh (a run starts cold), deleted on close. */
    private Path caches;

    private SearchStack() {
    }

    /** Starts the stack {@code o} describes, logging each step to {@code log}. */
    static SearchStack start(StackOptions o, PrintStream log) throws Exception {
        SearchStack stack = new SearchStack();
        try {
            stack.startAll(o, log);
            return stack;
        } catch (Exception | Error e) {
            stack.close();
            throw e;
        }
    }

    private void startAll(StackOptions o, PrintStream log) throws Exception {
        temporaryWork = o.work() == null;
        work = temporaryWork ? Files.createTempDirectory("search-bench") : Files.createDirectories(Path.of(o.work()));
        catalog = o.catalog().equals("h2") ? BenchCatalog.open(null, 16)
                : o.catalog().startsWith("h2:") ? BenchCatalog.openH2(Path.of(o.catalog().substring(3)), 16)
                : BenchCatalog.open(o.catalog(), 16);
        owned.add(catalog);
        fill(o, log);
        IndexShards shards = startShards(o, log);
        GatewayServer gateway = GatewayProcess.start("127.0.0.1", 0, catalog);
        owned.add(gateway);
        feed(gateway, o.available(), log);
        caches = Files.createTempDirectory(work, "caches-");
        for (int n = 0; n < o.nodes(); n++) {
            String id = "cache-" + n;
            CacheServerConfig config = CacheServerConfig.builder(id, caches.resolve(id), shards,
                    List.of("127.0.0.1:" + gateway.grpcPort())).memoryBytes(o.memoryBytes())
                    .maxResults(o.maxResults()).build();
            CacheServer node = new CacheServer(config, catalog.catalog()).start();
            owned.add(node);
            nodes.add(node);
        }
        awaitHistory(log);
        log.printf(Locale.ROOT, "stack: catalog %s, %d index shard(s), gateway, %d cache node(s) (%,d MB memory "
                + "each), work dir %s%n", catalog.describe(), o.shards(), o.nodes(), o.memoryBytes() >> 20, work);
    }

    /** Waits (up to 5 min) until every node has its history table, so misses are measured as a warm node's. */
    private void awaitHistory(PrintStream log) throws InterruptedException {
        long t0 = System.nanoTime();
        long deadline = t0 + Duration.ofMinutes(5).toNanos();
        while (!nodes.stream().allMatch(CacheServer::historyLoaded) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        log.printf(Locale.ROOT, "history tables %s after %.1f s%n",
                nodes.stream().allMatch(CacheServer::historyLoaded) ? "loaded" : "NOT loaded",
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Imports the generated tracks into an empty catalog. A catalog holding tracks already
     * is used as it is: generated tracks repeat now and then, so a complete one holds fewer
     * than asked, and importing again (idempotent) would cost as long as the first time.
     */
    private void fill(StackOptions o, PrintStream log) {
        long have = new TrackStore(catalog.catalog()).countTracks();
        if (have > 0) {
            log.printf(Locale.ROOT, "catalog holds %,d tracks already: not importing%n", have);
            return;
        }
        long t0 = System.nanoTime();
        ImportReport report = new CorpusImporter(new TrackStore(catalog.catalog()))
                .importGenerated(Corpus.bundled(), o.tracks(), o.seed());
        log.printf(Locale.ROOT, "imported %s in %.0f s%n", report, (System.nanoTime() - t0) / 1e9);
    }

    private IndexShards startShards(StackOptions o, PrintStream log) throws InterruptedException {
        long t0 = System.nanoTime();
        List<List<String>> replicas = new ArrayList<>();
        for (int s = 0; s < o.shards(); s++) {
            IndexServer shard = new IndexServer(IndexServerConfig.builder(s, o.shards(), work.resolve("shard-" + s))
                    .build(), catalog.catalog()).start();
            owned.add(shard);
            replicas.add(List.of("127.0.0.1:" + shard.grpcPort()));
        }
        for (AutoCloseable c : owned) {
            if (c instanceof IndexServer shard && !shard.awaitServing(o.indexWait())) {
                throw new IllegalStateException("an index shard was not serving after " + o.indexWait());
            }
        }
        log.printf(Locale.ROOT, "%d index shard(s) serving after %.1f s%n", o.shards(), (System.nanoTime() - t0) / 1e9);
        return new IndexShards(replicas);
    }

    /** Tracks 1..available shared by a synthetic satellite server, for as long as the stack runs. */
    private void feed(GatewayServer gateway, int available, PrintStream log) throws InterruptedException {
        if (!gateway.awaitServing(Duration.ofSeconds(30))) {
            throw new IllegalStateException("the gateway is not serving");
        }
        if (available == 0) {
            return;
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", gateway.grpcPort()).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
        owned.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        owned.add(SyntheticFeed.start(channel, "search-bench-feed", available, Duration.ofMinutes(2)));
        log.printf(Locale.ROOT, "gateway fed: tracks 1..%,d available%n", available);
    }

    /** The cache nodes, in id order. */
    List<CacheServer> nodes() {
        return nodes;
    }

    /** The index shards, in shard order. */
    List<IndexServer> shards() {
        return owned.stream().filter(IndexServer.class::isInstance).map(IndexServer.class::cast).toList();
    }

    /** How a SearchClient names the nodes. */
    List<CacheNode> members() {
        return nodes.stream().map(n -> CacheNode.of(n.config().nodeId(), "127.0.0.1", n.grpcPort())).toList();
    }

    @Override
    public void close() throws Exception {
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
        if (temporaryWork) {
            deleteTree(work);
        } else if (caches != null) {
            deleteTree(caches);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
