package io.constellation.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.constellation.cache.store.MemoryTier;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class CacheMetricsTest {

    @Test
    void diskGaugesCountNewFilesOnceAndReplacementsByTheirSizeDifference() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CacheMetrics m = new CacheMetrics(registry, new MemoryTier(1 << 20));
        m.diskScanned(3, 300);
        m.fileWritten(100, -1);  // a new file
        m.fileWritten(150, 100); // a stale file of 100 bytes replaced
        m.fileWritten(50, 0);    // a damaged file of unknown size replaced
        assertEquals(4, m.diskFiles());
        assertEquals(300 + 100 + 50 + 50, registry.get(CacheMetrics.DISK_BYTES).gauge().value());
    }

    @Test
    void everyOutcomeIsRegisteredUpFrontSoRatiosHaveNoGaps() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new CacheMetrics(registry, new MemoryTier(1 << 20));
        assertEquals(CacheMetrics.Outcome.values().length, registry.get(CacheMetrics.SEARCHES).counters().size());
        assertEquals(0, registry.get(CacheMetrics.SEARCHES).tag(CacheMetrics.TAG_OUTCOME, "disk_hit").counter().count());
    }
}
