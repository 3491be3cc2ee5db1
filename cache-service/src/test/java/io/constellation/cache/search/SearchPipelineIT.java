package io.constellation.cache.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.search.testing.SatelliteFeed;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.gateway.GatewayConfig;
import io.constellation.gateway.GatewayServer;
import io.constellation.index.IndexServer;
import io.constellation.index.IndexServerConfig;
import io.grpc.Deadline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stages chained, each against its real service over loopback gRPC: the catalog (H2
 * and MariaDB), two index shards, a gateway fed as a satellite server feeds it.
 */
class SearchPipelineIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int TRACKS = 40;

    @TempDir
    Path dir;

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final ExecutorService catalogExecutor = Executors.newFixedThreadPool(2);

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        catalogExecutor.shutdownNow();
    }

    @CatalogTest
    void sharedTracksComeFirstAndDropBackToTheirHistoricalPlaceWhenTheirSatelliteLeaves(TestCatalog db)
            throws Exception {
        TrackStore store = new TrackStore(db.catalog());
        List<Track> tracks = new ArrayList<>();
        for (int i = 0; i < TRACKS; i++) {
            tracks.add(new Track(0, "Artist " + i, "Love Song " + i, "Album " + (i % 4)));
        }
        store.insertTracks(tracks);
        store.insertTracks(List.of(new Track(0, "Other", "Rain", "")));
        long[] ids = store.tracksAfter(0, 0, 1, 100).stream().filter(t -> t.title().startsWith("Love"))
                .mapToLong(Track::id).toArray();
        // History: the first ten tracks were popular (10, 9, ... 1), the rest never.
        for (int i = 0; i < 10; i++) {
            db.catalog().update("INSERT INTO track_stats (track_id, historical_availability) VALUES (?, ?)",
                    ids[i], 10.0 - i);
        }
        IndexServer s0 = shard(db, 0, 2, "s0");
        IndexServer s1 = shard(db, 1, 2, "s1");
        GatewayServer gw = gateway(db);
        // A satellite shares two tracks no one shared before: the 31st and the 21st.
        SatelliteFeed satellite = new SatelliteFeed(gw.grpcPort(), "sat-1", Map.of(ids[30], 1, ids[20], 1), WAIT);
        toClose.add(satellite);

        SearchStageMetrics metrics = new SearchStageMetrics(new SimpleMeterRegistry());
        SearchPipeline pipeline = pipeline(db, metrics, List.of(List.of(addr(s0.grpcPort())), List.of(addr(s1.grpcPort()))),
                List.of(addr(gw.grpcPort())));

        MissResult built = pipeline.miss(List.of("love", "song"), in(10)).get(20, TimeUnit.SECONDS);
        TrackRows rows = built.rows();
        assertEquals(TRACKS, rows.size());
        assertEquals(2, built.generations().length);
        long[] historical = new long[TRACKS];
        for (int i = 0; i < TRACKS; i++) {
            historical[i] = ids[i]; // ids ascending: by history for the first ten, then by id
        }
        assertArrayEquals(historical, rows.ids(), "the result set is stored in historical order");
        assertEquals("Love Song 0", rows.title(0));
        assertEquals(10.0, rows.historical(0));

        RankedPage first = pipeline.rank(rows, 0, 5, in(5)).get(10, TimeUnit.SECONDS);
        assertEquals(TRACKS, first.page().total());
        assertArrayEquals(new long[] {ids[20], ids[30], ids[0], ids[1], ids[2]}, pageIds(first),
                "available now first (historical order among them: by id), then by history");
        assertEquals(1, first.currentOf(0));
        assertEquals(0, first.currentOf(2));

        satellite.close();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (gw.availability((int) ids[20]) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        RankedPage after = pipeline.rank(rows, 0, 5, in(5)).get(10, TimeUnit.SECONDS);
        assertArrayEquals(new long[] {ids[0], ids[1], ids[2], ids[3], ids[4]}, pageIds(after),
                "with nothing available, historical order");
        RankedPage last = pipeline.rank(rows, 35, 10, in(5)).get(10, TimeUnit.SECONDS);
        assertEquals(5, last.page().size());
        assertEquals(0, pipeline.rank(rows, TRACKS, 10, in(5)).get(10, TimeUnit.SECONDS).page().size());
        assertTrue(metrics.calls(SearchStageMetrics.Stage.GATEWAY, StageOutcome.OK) >= 3);
    }

    // ---- fixtures ----

    private static long[] pageIds(RankedPage p) {
        long[] out = new long[p.page().size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = p.rows().id(p.row(k));
        }
        return out;
    }

    private SearchPipeline pipeline(TestCatalog db, SearchStageMetrics metrics, List<List<String>> shards, List<String> gateways) {
        IndexFanout index = new IndexFanout(new IndexShards(shards), Duration.ofSeconds(2), metrics);
        toClose.add(index);
        CurrentAvailability availability = new CurrentAvailability(gateways, Duration.ofSeconds(2), 1000, 100_000, metrics);
        toClose.add(availability);
        return new SearchPipeline(index, new CatalogRows(new TrackStore(db.catalog()), catalogExecutor, CatalogRows.DEFAULT_SLICE_IDS, metrics),
                availability);
    }

    private IndexServer shard(TestCatalog db, int shard, int shards, String name) throws InterruptedException {
        IndexServerConfig config = IndexServerConfig.builder(shard, shards, dir.resolve(name)).build();
        IndexServer server = new IndexServer(config, db.catalog()).start();
        toClose.add(server);
        assertTrue(server.awaitServing(WAIT));
        return server;
    }

    private GatewayServer gateway(TestCatalog db) throws InterruptedException {
        GatewayConfig config = GatewayConfig.builder().startupWait(Duration.ZERO).gracePeriod(Duration.ofMillis(300))
                .historicalJobScheduled(false).build();
        GatewayServer gw = new GatewayServer(config, db.catalog()).start();
        toClose.add(gw);
        assertTrue(gw.awaitServing(WAIT));
        return gw;
    }

    private static String addr(int port) {
        return "127.0.0.1:" + port;
    }

    private static Deadline in(int seconds) {
        return Deadline.after(seconds, TimeUnit.SECONDS);
    }
}
