package io.constellation.cache.store;

import io.constellation.common.search.QueryKey;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryTierTest {

    @Test
    void heldEntryIsReturnedAndCounted() {
        MemoryTier tier = new MemoryTier(10_000_000);
        CacheEntry entry = TestRows.entry("a b", TestRows.sample(100, 1));
        assertTrue(tier.put(entry));
        assertSame(entry, tier.get(TestRows.key("B A")));
        assertEquals(1, tier.entries());
        assertEquals(entry.estimatedBytes(), tier.bytes());
        assertNull(tier.get(TestRows.key("c")));
    }

    @Test
    void bytesStayWithinTheBoundAndEvictionsAreCounted() {
        long max = 2_000_000;
        MemoryTier tier = new MemoryTier(max);
        long offered = 0;
        for (int i = 0; i < 300; i++) {
            CacheEntry entry = TestRows.entry("query " + i, TestRows.sample(500, i));
            offered += entry.estimatedBytes();
            tier.put(entry);
            assertTrue(tier.bytes() <= max, "held " + tier.bytes() + " after " + i);
        }
        assertTrue(offered > 3 * max);
        assertTrue(tier.evictions() > 0);
        assertTrue(tier.bytes() > max / 2, "the tier is used, not emptied: " + tier.bytes());
        assertEquals(300, tier.entries() + tier.evictions());
    }

    @Test
    void entryOverTheEntryLimitIsNotAdmitted() {
        MemoryTier tier = new MemoryTier(1_000_000, 50_000);
        CacheEntry big = TestRows.entry("big", TestRows.sample(5000, 1));
        assertTrue(big.estimatedBytes() > 50_000);
        assertFalse(tier.put(big));
        assertNull(tier.get(big.key()));
        assertEquals(0, tier.bytes());
    }

    @Test
    void popularEntrySurvivesAFloodOfOneOffQueries() {
        MemoryTier tier = new MemoryTier(1_000_000);
        CacheEntry popular = TestRows.entry("popular", TestRows.sample(500, 0));
        int perTier = (int) (1_000_000 / popular.estimatedBytes());
        for (int i = 0; i < perTier; i++) {
            tier.put(TestRows.entry("warm-up " + i, TestRows.sample(500, i)));
        }
        tier.put(popular);
        for (int i = 0; i < 20; i++) {
            tier.get(popular.key());
        }
        // Between two uses of the popular entry come twice as many one-off queries as the
        // tier holds: plain LRU would have evicted it each time.
        for (int i = 0; i < 20 * perTier; i++) {
            tier.put(TestRows.entry("misspelling " + i, TestRows.sample(500, i)));
            if (i % (2 * perTier) == 2 * perTier - 1) {
                assertSame(popular, tier.get(popular.key()), "evicted after " + i + " one-off queries");
            }
        }
        assertTrue(tier.evictions() > 10 * perTier);
    }

    @Test
    void invalidateDropsWithoutCountingAnEviction() {
        MemoryTier tier = new MemoryTier(1_000_000);
        QueryKey key = TestRows.key("stale");
        tier.put(TestRows.entry("stale", ResultSet.empty()));
        tier.invalidate(key);
        assertNull(tier.get(key));
        assertEquals(0, tier.evictions());
        assertEquals(0, tier.bytes());
    }

    @Test
    void putReplacesTheEntryOfTheSameQuery() {
        MemoryTier tier = new MemoryTier(1_000_000);
        tier.put(TestRows.entry("q", TestRows.sample(10, 1)));
        CacheEntry newer = TestRows.entry("Q", TestRows.sample(20, 2));
        tier.put(newer);
        assertSame(newer, tier.get(TestRows.key("q")));
        assertEquals(newer.estimatedBytes(), tier.bytes());
    }

    @Test
    void rejectsBoundsThatMakeNoSense() {
        assertThrows(IllegalArgumentException.class, () -> new MemoryTier(0));
        assertThrows(IllegalArgumentException.class, () -> new MemoryTier(100, 101));
        assertThrows(IllegalArgumentException.class, () -> new MemoryTier(100, 0));
    }
}
