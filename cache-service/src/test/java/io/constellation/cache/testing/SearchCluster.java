package io.constellation.cache.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.CacheServer;
import io.constellation.cache.CacheServerConfig;
import io.constellation.cache.client.CacheNode;
import io.constellation.cache.search.IndexShards;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.gateway.GatewayConfig;
import io.constellation.gateway.GatewayServer;
import io.constellation.index.IndexServer;
import io.constellation.index.IndexServerConfig;
import io.constellation.proto.search.v1.SearchRequest;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: the services behind cache nodes, over real loopback sockets in the
 * test's JVM. {@link #start} brings up two index shards and a gateway over a test catalog
 * that the test has filled already; {@link #node} starts cache nodes in front of them.
 * Everything started here, and whatever the test hands to {@link #closeAfter}, is closed
 * right after each test method in reverse order of start.
 *
 * <pre>{@code
 * @RegisterExtension final SearchCluster cluster = new SearchCluster();
 * }</pre>
 */
public final class SearchCluster implements AfterTestExecutionCallback {

    /** How long a test waits for a service or a condition on a loaded 2-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(30);
    /** The gateway's grace before it withdraws a departed satellite server's counts. */
    public static final Duration GATEWAY_GRACE = Duration.ofMillis(300);
    /** Index shards the cluster runs. */
    public static final int SHARDS = 2;

    private final Closer toClose = new Closer();
    private TestCatalog db;
    private Path dir;
    private final IndexServer[] shards = new IndexServer[SHARDS];
    private GatewayServer gateway;

    /**
     * Right after the test method, before any after-each callback: so before the catalog
     * leg of a {@code @CatalogTest} closes the catalog these services read.
     */
    @Override
    public void afterTestExecution(ExtensionContext context) throws Exception {
        toClose.close();
    }

    /** Closes {@code resource} after the test (before what was started earlier). */
    public <T extends AutoCloseable> T closeAfter(T resource) {
        return toClose.add(resource);
    }

    /** A fresh H2 catalog, closed after the test. */
    public TestCatalog h2() {
        return closeAfter(TestCatalog.h2());
    }

    /**
     * Starts {@value #SHARDS} index shards (their segments under {@code dir}) over {@code db}'s
     * tracks and a gateway with a {@link #GATEWAY_GRACE} grace, and waits until they serve.
     */
    public void start(TestCatalog catalog, Path workDir) throws InterruptedException {
        this.db = catalog;
        this.dir = workDir;
        for (int i = 0; i < SHARDS; i++) {
            shards[i] = closeAfter(new IndexServer(IndexServerConfig.builder(i, SHARDS, dir.resolve("shard-" + i))
                    .build(), db.catalog()).start());
            assertTrue(shards[i].awaitServing(WAIT), "index shard " + i + " serving");
        }
        GatewayConfig config = GatewayConfig.builder().startupWait(Duration.ZERO).gracePeriod(GATEWAY_GRACE)
                .historicalJobScheduled(false).build();
        gateway = closeAfter(new GatewayServer(config, db.catalog()).start());
        assertTrue(gateway.awaitServing(WAIT), "gateway serving");
    }

    public IndexServer shard(int i) {
        return shards[i];
    }

    public GatewayServer gateway() {
        return gateway;
    }

    /** A started cache node {@code nodeId} on any free port keeping its results in {@code cacheDir}. */
    public CacheServer node(String nodeId, Path cacheDir) {
        return node(nodeId, cacheDir, b -> b);
    }

    /** {@link #node(String, Path)} with settings changed by {@code tune}. */
    public CacheServer node(String nodeId, Path cacheDir, UnaryOperator<CacheServerConfig.Builder> tune) {
        List<List<String>> replicas = new ArrayList<>();
        for (IndexServer shard : shards) {
            replicas.add(List.of(address(shard.grpcPort())));
        }
        CacheServerConfig config = tune.apply(CacheServerConfig.builder(nodeId, cacheDir, new IndexShards(replicas),
                List.of(address(gateway.grpcPort()))).catalogThreads(2).ioThreads(2)).build();
        CacheServer node = closeAfter(new CacheServer(config, db.catalog()).start());
        assertTrue(node.isServing());
        return node;
    }

    /** How a {@link io.constellation.cache.client.SearchClient} names {@code node}. */
    public static CacheNode member(CacheServer node) {
        return CacheNode.of(node.config().nodeId(), "127.0.0.1", node.grpcPort());
    }

    /** A blocking stub of {@code node}'s SearchService over its own channel (20 s deadline). */
    public SearchServiceGrpc.SearchServiceBlockingStub client(CacheServer node) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
        closeAfter(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return SearchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS);
    }

    /** Waits until the gateway counts no satellite sharing track {@code id}. */
    public void awaitWithdrawn(long id) throws InterruptedException {
        await(() -> gateway.availability((int) id) == 0, "the gateway withdrew track " + id);
        assertEquals(0, gateway.availability((int) id));
    }

    /** Waits up to {@link #WAIT} for {@code condition}; fails naming {@code what} otherwise. */
    public static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(20);
        }
    }

    public static SearchRequest page(String query, int offset, int limit) {
        return SearchRequest.newBuilder().setQuery(query).setOffset(offset).setLimit(limit).build();
    }

    /** The track ids of a page, in order. */
    public static long[] ids(SearchResponse r) {
        return r.getResultsList().stream().mapToLong(x -> x.getTrackId()).toArray();
    }

    public static String address(int port) {
        return "127.0.0.1:" + port;
    }
}
