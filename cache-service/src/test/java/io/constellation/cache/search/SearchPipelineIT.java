package io.constellation.cache.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.search.testing.SatelliteFeed;
import io.constellation.cache.testing.LoveSongs;
import io.constellation.cache.testing.SearchCluster;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.CatalogTest;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.gateway.GatewayServer;
import io.constellation.index.IndexServer;
import io.grpc.Deadline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stages chained, each against its real service over loopback gRPC: the catalog (H2
 * and MariaDB), two index shards, a gateway fed as a satellite server feeds it.
 */
class SearchPipelineIT {

    private static final Duration WAIT = SearchCluster.WAIT;
    private static final int TRACKS = LoveSongs.TRACKS;

    @TempDir
    Path dir;

    @RegisterExtension
    final SearchCluster cluster = new SearchCluster();

    private final ExecutorService catalogExecutor = Executors.newFixedThreadPool(2);

    @CatalogTest
    void sharedTracksComeFirstAndDropBackToTheirHistoricalPlaceWhenTheirSatelliteLeaves(TestCatalog db)
            throws Exception {
        cluster.closeAfter(catalogExecutor::shutdownNow);
        // History: the first ten tracks were popular (10, 9, ... 1), the rest never.
        long[] ids = LoveSongs.load(db);
        cluster.start(db, dir);
        IndexServer s0 = cluster.shard(0);
        IndexServer s1 = cluster.shard(1);
        GatewayServer gw = cluster.gateway();
        // A satellite shares two tracks no one shared before: the 31st and the 21st.
        SatelliteFeed satellite = new SatelliteFeed(gw.grpcPort(), "sat-1", Map.of(ids[30], 1, ids[20], 1), WAIT);
        cluster.closeAfter(satellite);

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
        cluster.awaitWithdrawn(ids[20]);
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
        cluster.closeAfter(index);
        CurrentAvailability availability = new CurrentAvailability(gateways, Duration.ofSeconds(2), 1000, 100_000, metrics);
        cluster.closeAfter(availability);
        return new SearchPipeline(index, new CatalogRows(new TrackStore(db.catalog()), catalogExecutor, CatalogRows.DEFAULT_SLICE_IDS,
                CatalogRows.DEFAULT_MAX_ROWS, metrics),
                availability);
    }

    private static String addr(int port) {
        return "127.0.0.1:" + port;
    }

    private static Deadline in(int seconds) {
        return Deadline.after(seconds, TimeUnit.SECONDS);
    }
}
