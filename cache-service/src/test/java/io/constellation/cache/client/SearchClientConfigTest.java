package io.constellation.cache.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.ring.HashRing;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class SearchClientConfigTest {

    private static SearchClientConfig.Builder oneNode() {
        return SearchClientConfig.builder().node(CacheNode.of("cache-0", "127.0.0.1", 7300));
    }

    private static void refused(String expectedInMessage, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(expectedInMessage), x.getMessage());
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        SearchClientConfig c = oneNode().build();
        assertEquals(SearchClientConfig.DEFAULT_DEADLINE, c.deadline());
        assertEquals(SearchClientConfig.DEFAULT_ATTEMPT_TIMEOUT, c.attemptTimeout());
        assertEquals(SearchClientConfig.DEFAULT_DOWN_TIME, c.downTime());
        assertEquals(SearchClientConfig.DEFAULT_DOWN_JITTER, c.downJitter());
        assertEquals(HashRing.DEFAULT_POINTS_PER_WEIGHT, c.pointsPerWeight());
        assertEquals(ChannelOptions.DEFAULTS, c.channelOptions());
        assertEquals(null, c.meterRegistry());
        assertTrue(c.attemptTimeout().compareTo(c.deadline()) <= 0);
    }

    @Test
    void theConfigurationIsACopyTheBuilderCannotChangeLater() {
        SearchClientConfig.Builder b = oneNode();
        SearchClientConfig c = b.build();
        b.node(CacheNode.of("cache-1", "127.0.0.1", 7301));
        assertEquals(1, c.nodes().size());
        assertThrows(UnsupportedOperationException.class, () -> c.nodes().add(CacheNode.of("x", "h", 1)));
    }

    @Test
    void nonsenseSettingsAreRefusedWithTheRuleBroken() {
        refused("at least one cache node", () -> SearchClientConfig.builder().build());
        refused("two cache nodes have the id cache-0",
                () -> oneNode().node(CacheNode.of("cache-0", "127.0.0.2", 7301)).build());
        refused("deadline must be positive", () -> oneNode().deadline(Duration.ZERO));
        refused("attempt timeout must be positive", () -> oneNode().attemptTimeout(Duration.ofMillis(-1)));
        refused("over the deadline", () -> oneNode().deadline(Duration.ofSeconds(1))
                .attemptTimeout(Duration.ofSeconds(2)).build());
        refused("down time must be positive", () -> oneNode().downTime(Duration.ZERO));
        refused("down jitter must be in [0, 1)", () -> oneNode().downJitter(1.0));
        refused("down jitter must be in [0, 1)", () -> oneNode().downJitter(Double.NaN));
        refused("points per weight", () -> oneNode().pointsPerWeight(0));
    }

    @Test
    void nodesAndChannelOptionsValidateTheirFields() {
        refused("port of cache node a must be in 1..65535", () -> CacheNode.of("a", "h", 0));
        refused("non-blank", () -> CacheNode.of(" ", "h", 1));
        refused("weight of a", () -> new CacheNode("a", "h", 1, -1));
        refused("max inbound bytes", () -> new ChannelOptions(10, Duration.ZERO, Duration.ofSeconds(1)));
        refused("idle timeout", () -> new ChannelOptions(4096, Duration.ZERO, Duration.ZERO));
    }

    @Test
    void anIpv6NodeAddressIsBracketed() {
        assertEquals("[::1]:7300", CacheNode.of("a", "::1", 7300).address());
        assertEquals("cache.example:7300", CacheNode.of("a", "cache.example", 7300).address());
    }
}
