package io.constellation.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.store.CacheEntry;
import io.constellation.cache.store.DiskStore;
import io.constellation.cache.store.MemoryTier;
import io.constellation.cache.store.ResultSet;
import io.constellation.cache.store.WriteOutcome;
import io.constellation.common.search.QueryKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The disk tier's budget: the sweep, its trigger and its metrics, on a real directory. */
class DiskSweeperTest {

    @TempDir
    Path root;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final CacheMetrics metrics = new CacheMetrics(registry, new MemoryTier(1 << 20));

    /** Writes {@code n} result files as misses would, counting them in the gauges; returns their bytes. */
    private long writeFiles(DiskStore store, int n) throws Exception {
        long total = 0;
        for (int i = 0; i < n; i++) {
            ResultSet.Builder rows = ResultSet.builder(100);
            for (int r = 0; r < 100; r++) {
                rows.add(i * 1000L + r, r, "Artist " + i, "Title " + r, "Album");
            }
            CacheEntry e = new CacheEntry(QueryKey.of("query number " + i), 1, 0, false, rows.build());
            int bytes = assertInstanceOf(WriteOutcome.Written.class, store.write(e)).bytes();
            metrics.fileWritten(bytes, -1);
            total += bytes;
        }
        return total;
    }

    @Test
    void overBudgetTheSweepDeletesDownToNinetyPercentAndCountsEvictions() throws Exception {
        DiskStore store = new DiskStore(root);
        long total = writeFiles(store, 20);
        long budget = total / 2;
        DiskSweeper sweeper = new DiskSweeper(store, budget, Duration.ofHours(1), metrics);

        long evicted = sweeper.sweepOnce();

        assertTrue(evicted >= 10, "at least half of 20 equal-sized files go, got " + evicted);
        assertTrue(metrics.diskBytes() <= budget - budget / 10, "down to 90% of the budget: " + metrics.diskBytes());
        assertEquals(20 - evicted, metrics.diskFiles());
        assertEquals((double) evicted, metrics.diskEvictions());
        assertEquals((double) evicted, registry.get(CacheMetrics.DISK_EVICTIONS).counter().count());
        assertEquals(metrics.diskBytes(), store.evict(Long.MAX_VALUE, 0).bytes(), "the gauge is what is on disk");
    }

    @Test
    void withinBudgetNothingIsDeleted() throws Exception {
        DiskStore store = new DiskStore(root);
        long total = writeFiles(store, 5);
        DiskSweeper sweeper = new DiskSweeper(store, total, Duration.ofHours(1), metrics);
        assertEquals(0, sweeper.sweepOnce());
        assertEquals(5, metrics.diskFiles());
        assertEquals(0.0, metrics.diskEvictions());
    }

    @Test
    void theStartedSweeperEvictsOnItsOwnThread() throws Exception {
        DiskStore store = new DiskStore(root);
        long total = writeFiles(store, 10);
        try (DiskSweeper sweeper = new DiskSweeper(store, total / 3, Duration.ofMillis(20), metrics).start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (metrics.diskEvictions() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        assertTrue(metrics.diskEvictions() > 0, "a sweep ran within a minute");
        assertTrue(metrics.diskBytes() <= total / 3);
    }
}
