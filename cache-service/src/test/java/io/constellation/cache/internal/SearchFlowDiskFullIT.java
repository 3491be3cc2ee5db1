package io.constellation.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.constellation.cache.internal.SearchFlow.Answer;
import io.constellation.cache.internal.SearchFlow.Tier;
import io.constellation.cache.search.CatalogRows;
import io.constellation.cache.search.CurrentAvailability;
import io.constellation.cache.search.IndexFanout;
import io.constellation.cache.search.IndexShards;
import io.constellation.cache.search.SearchPipeline;
import io.constellation.cache.search.SearchStageMetrics;
import io.constellation.cache.store.DiskStore;
import io.constellation.cache.store.FailingDisks;
import io.constellation.cache.store.FreshnessPolicy;
import io.constellation.cache.store.MemoryTier;
import io.constellation.cache.store.TieredCache;
import io.constellation.cache.testing.LoveSongs;
import io.constellation.cache.testing.SearchCluster;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.common.search.QueryKey;
import io.grpc.Deadline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk on the real search path (index shards, catalog on H2, a gateway over
 * loopback): the result file cannot be written (ENOSPC, injected at the file write), the
 * search is answered anyway from what the miss computed, and the event is counted.
 */
class SearchFlowDiskFullIT {

    @TempDir
    Path dir;

    @RegisterExtension
    final SearchCluster cluster = new SearchCluster();

    @Test
    void aFullDiskServesTheSearchUncachedAndRaisesTheDiskFullMetric() throws Exception {
        TestCatalog db = cluster.h2();
        long[] ids = LoveSongs.load(db);
        cluster.start(db, dir);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        cluster.closeAfter(pool::shutdownNow);
        SearchStageMetrics stages = new SearchStageMetrics(new SimpleMeterRegistry());
        IndexFanout index = cluster.closeAfter(new IndexFanout(new IndexShards(List.of(
                List.of(SearchCluster.address(cluster.shard(0).grpcPort())),
                List.of(SearchCluster.address(cluster.shard(1).grpcPort())))), Duration.ofSeconds(5), stages));
        CurrentAvailability gateway = cluster.closeAfter(new CurrentAvailability(
                List.of(SearchCluster.address(cluster.gateway().grpcPort())), Duration.ofSeconds(5), 1000,
                CurrentAvailability.GATEWAY_MAX_IDS, stages));
        SearchPipeline pipeline = new SearchPipeline(index, new CatalogRows(new TrackStore(db.catalog()), pool,
                CatalogRows.DEFAULT_SLICE_IDS, CatalogRows.DEFAULT_MAX_ROWS, stages), gateway);
        MemoryTier memory = new MemoryTier(16 << 20);
        CacheMetrics metrics = new CacheMetrics(new SimpleMeterRegistry(), memory);
        DiskStore full = FailingDisks.full(dir.resolve("cache"));
        SearchFlow flow = new SearchFlow(new TieredCache(memory, full,
                new FreshnessPolicy(Duration.ofHours(1), Duration.ofMinutes(5))), pipeline, pool, metrics,
                Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofSeconds(20), 4);
        QueryKey key = QueryKey.of(LoveSongs.QUERY);

        Answer first = flow.search(key, 0, 5, Deadline.after(30, TimeUnit.SECONDS)).get(60, TimeUnit.SECONDS);

        assertEquals(Tier.MISS, first.found().tier());
        assertEquals(LoveSongs.TRACKS, first.page().page().total());
        assertEquals(ids[0], first.found().entry().results().trackId(first.page().position(0)));
        assertEquals(1.0, metrics.diskFullEvents());
        assertFalse(Files.exists(full.pathOf(key)), "no result file");
        Answer again = flow.search(key, 5, 5, Deadline.after(30, TimeUnit.SECONDS)).get(60, TimeUnit.SECONDS);
        assertEquals(Tier.MEMORY, again.found().tier(), "served from memory while it stays there");
        assertEquals(1.0, metrics.diskFullEvents());
    }
}
