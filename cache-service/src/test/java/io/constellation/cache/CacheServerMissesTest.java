package io.constellation.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.internal.CacheMetrics.Outcome;
import io.constellation.cache.search.IndexShards;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.proto.index.v1.IndexServiceGrpc;
import io.constellation.proto.index.v1.QueryRequest;
import io.constellation.proto.index.v1.QueryResponse;
import io.constellation.proto.search.v1.PrefetchRequest;
import io.constellation.proto.search.v1.PrefetchResponse;
import io.constellation.proto.search.v1.SearchRequest;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchServiceGrpc;
import io.constellation.proto.search.v1.ServedFrom;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The miss path's timing-dependent behaviour, made deterministic with an index shard that
 * holds its answers until the test releases them (a stand-in for one shard of one, so a
 * miss can be kept in flight); catalog on H2, no gateway listening.
 */
class CacheServerMissesTest {

    private static final int TRACKS = 12;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final HeldIndex index = new HeldIndex();
    private TestCatalog db;
    private Server indexServer;

    @BeforeEach
    void start() throws Exception {
        db = TestCatalog.h2();
        toClose.add(db);
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < TRACKS; i++) {
            tracks.add(new Track(0, "Artist " + i, "Song " + i, ""));
        }
        TrackStore store = new TrackStore(db.catalog());
        store.insertTracks(tracks);
        index.ids = store.tracksAfter(0, 0, 1, 100).stream().mapToLong(Track::id).toArray();
        indexServer = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).addService(index).build()
                .start();
        toClose.add(() -> indexServer.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    }

    @AfterEach
    void closeAll() throws Exception {
        index.release.countDown();
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    @Test
    void concurrentSearchesOfOneUncachedQueryShareOneComputation() throws Exception {
        CacheServer node = node(dir.resolve("cache"), 16);
        SearchServiceGrpc.SearchServiceStub async = SearchServiceGrpc.newStub(channel(node));
        int searches = 6;
        List<Collected> answers = new ArrayList<>();
        for (int i = 0; i < searches; i++) {
            Collected c = new Collected();
            answers.add(c);
            async.search(SearchRequest.newBuilder().setQuery(i % 2 == 0 ? "song" : "SONG song").setLimit(3).build(), c);
        }
        awaitTrue(() -> node.metrics().coalescedMisses() == searches - 1, "every later search joins the first");
        index.release.countDown();
        for (Collected c : answers) {
            assertTrue(c.done.await(20, TimeUnit.SECONDS));
            assertEquals(TRACKS, c.response.getTotal(), String.valueOf(c.failure));
            assertEquals(ServedFrom.SERVED_FROM_MISS, c.response.getServedFrom());
        }
        assertEquals(1, index.calls.get(), "the index was asked once");
        assertEquals(searches, node.metrics().searches(Outcome.MISS));
    }

    @Test
    void aPrefetchIsDeclinedWhileTooManyMissesAreInFlightButASearchIsNot() throws Exception {
        CacheServer node = node(dir.resolve("cache"), 1);
        Collected held = new Collected();
        SearchServiceGrpc.newStub(channel(node)).search(SearchRequest.newBuilder().setQuery("song").setLimit(3).build(),
                held);
        awaitTrue(() -> index.calls.get() == 1, "the first miss reached the index");
        SearchServiceGrpc.SearchServiceBlockingStub blocking = SearchServiceGrpc.newBlockingStub(channel(node))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
        PrefetchResponse declined = blocking.prefetch(PrefetchRequest.newBuilder().setQuery("artist").build());
        assertTrue(declined.getDeclined());
        assertEquals(ServedFrom.SERVED_FROM_UNSPECIFIED, declined.getServedFrom());
        index.release.countDown();
        assertTrue(held.done.await(20, TimeUnit.SECONDS));
        assertFalse(blocking.prefetch(PrefetchRequest.newBuilder().setQuery("artist").build()).getDeclined());
    }

    @Test
    void aMissACallerGaveUpOnIsStillStoredSoTheRetryIsAHit() throws Exception {
        CacheServer node = node(dir.resolve("cache"), 16);
        ManagedChannel channel = channel(node);
        SearchRequest request = SearchRequest.newBuilder().setQuery("song").setLimit(3).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> SearchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS)
                        .search(request));
        assertEquals(Status.Code.DEADLINE_EXCEEDED, e.getStatus().getCode());
        index.release.countDown();
        awaitTrue(() -> node.metrics().searches(Outcome.ERROR) == 1, "the computation went on and finished");
        assertEquals(0, node.metrics().searches(Outcome.MISS), "the abandoned search is counted as an error");
        SearchResponse retry = SearchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(20, TimeUnit.SECONDS)
                .search(request);
        assertEquals(ServedFrom.SERVED_FROM_MEMORY, retry.getServedFrom());
    }

    @Test
    void aCacheDirThatCannotBeWrittenServesUncachedAndCountsIt() throws Exception {
        Path notADirectory = Files.writeString(dir.resolve("cache"), "a file where the cache folder should be");
        CacheServer node = node(notADirectory, 16);
        index.release.countDown();
        SearchServiceGrpc.SearchServiceBlockingStub blocking = SearchServiceGrpc.newBlockingStub(channel(node))
                .withDeadlineAfter(20, TimeUnit.SECONDS);
        SearchResponse r = blocking.search(SearchRequest.newBuilder().setQuery("song").setLimit(5).build());
        assertEquals(TRACKS, r.getTotal());
        assertEquals(5, r.getResultsCount());
        assertTrue(r.getCurrentAvailabilityUnknown(), "no gateway listens in this test");
        assertEquals(1, node.registry().get("constellation_cache_disk_write_failures").counter().count());
        assertEquals(ServedFrom.SERVED_FROM_MEMORY,
                blocking.search(SearchRequest.newBuilder().setQuery("song").setLimit(5).build()).getServedFrom(),
                "served from memory while the disk cannot keep it");
    }

    // ---- fixtures ----

    private CacheServer node(Path cacheDir, int maxPrefetchMisses) {
        CacheServerConfig config = CacheServerConfig.builder("cache-t", cacheDir,
                        new IndexShards(List.of(List.of("127.0.0.1:" + indexServer.getPort()))),
                        List.of("127.0.0.1:1"))
                .gatewayBudget(Duration.ofMillis(200)).gatewayAttemptTimeout(Duration.ofMillis(100))
                .catalogThreads(2).ioThreads(2).maxPrefetchMisses(maxPrefetchMisses).build();
        CacheServer node = new CacheServer(config, db.catalog()).start();
        toClose.add(node);
        return node;
    }

    private ManagedChannel channel(CacheServer node) {
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", node.grpcPort()).usePlaintext().build();
        toClose.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
        return channel;
    }

    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    /** Shard 0 of 1 holding every track; answers only once {@link #release} is counted down. */
    private final class HeldIndex extends IndexServiceGrpc.IndexServiceImplBase {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        volatile long[] ids;

        @Override
        public void query(QueryRequest request, StreamObserver<QueryResponse> answer) {
            calls.incrementAndGet();
            Thread waiter = new Thread(() -> {
                try {
                    release.await();
                    QueryResponse.Builder r = QueryResponse.newBuilder().setShard(0).setShardCount(1).setGeneration(1)
                            .setTotal(TRACKS);
                    for (long id : ids) {
                        r.addTrackIds(id);
                    }
                    answer.onNext(r.build());
                    answer.onCompleted();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            waiter.setDaemon(true);
            waiter.start();
        }
    }

    /** One async answer. */
    private static final class Collected implements StreamObserver<SearchResponse> {
        final CountDownLatch done = new CountDownLatch(1);
        volatile SearchResponse response = SearchResponse.getDefaultInstance();
        volatile Throwable failure;

        @Override public void onNext(SearchResponse r) { response = r; }
        @Override public void onError(Throwable t) { failure = t; done.countDown(); }
        @Override public void onCompleted() { done.countDown(); }
    }
}
