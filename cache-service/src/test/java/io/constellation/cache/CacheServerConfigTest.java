package io.constellation.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.search.IndexShards;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CacheServerConfigTest {

    private static final IndexShards SHARDS = IndexShards.parse("127.0.0.1:7301,127.0.0.1:7311;127.0.0.1:7302");

    private static CacheServerConfig.Builder builder() {
        return CacheServerConfig.builder("cache-1", Path.of("cache"), SHARDS, List.of("127.0.0.1:7200"));
    }

    @Test
    void defaultsArePickAPortAndTheDocumentedFreshness() {
        CacheServerConfig c = builder().build();
        assertEquals(0, c.grpcPort());
        assertEquals(Duration.ofHours(1), c.freshness().maxAge());
        assertEquals(Duration.ofMinutes(5), c.freshness().maxAgeOnNewerIndex());
        assertEquals(2, c.indexShards().count());
        assertEquals(List.of("127.0.0.1:7301", "127.0.0.1:7311"), c.indexShards().replicas(0));
        assertEquals(256L << 20, c.memoryBytes());
        assertEquals(10_000, c.maxResults());
        assertEquals(10L << 30, c.diskBytes());
        assertEquals(Duration.ofMinutes(5), c.historyRefresh());
    }

    @Test
    void invalidValuesAreRefusedNamingTheSetting() {
        assertRefused(CacheServerConfig.builder(" ", Path.of("c"), SHARDS, List.of("h:1")), "node id");
        assertRefused(CacheServerConfig.builder("n", Path.of("c"), SHARDS, List.of()), "at least one gateway");
        assertRefused(CacheServerConfig.builder("n", Path.of("c"), SHARDS, List.of("nohost")), "'nohost'");
        assertRefused(builder().grpcPort(70000), "gRPC port");
        assertRefused(builder().memoryBytes(0), "memory tier bytes");
        assertRefused(builder().gatewayBudget(Duration.ZERO), "gateway budget");
        assertRefused(builder().maxResults(0), "max results");
        assertRefused(builder().diskBytes(0), "disk tier bytes");
        assertRefused(builder().diskSweepInterval(Duration.ZERO), "disk sweep interval");
        assertRefused(builder().historyRefresh(Duration.ZERO), "history refresh");
        assertRefused(builder().maxAge(Duration.ofMinutes(1)).maxAgeOnNewerIndex(Duration.ofMinutes(2)),
                "max age on a newer index");
    }

    private static void assertRefused(CacheServerConfig.Builder b, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
