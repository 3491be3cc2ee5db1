package io.constellation.cache.store;

import java.time.Duration;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FreshnessPolicyTest {

    private static final FreshnessPolicy POLICY = new FreshnessPolicy(Duration.ofHours(1), Duration.ofMinutes(1));
    private static final long CREATED = 1_000_000_000L;
    private static final CacheEntry ENTRY = new CacheEntry(TestRows.key("q"), 10, CREATED, false, ResultSet.empty());

    @Test
    void sameGenerationIsFreshUntilMaxAge() {
        assertTrue(POLICY.isFresh(ENTRY, CREATED + Duration.ofMinutes(59).toMillis(), 10));
        assertFalse(POLICY.isFresh(ENTRY, CREATED + Duration.ofHours(1).toMillis(), 10));
    }

    @Test
    void newerIndexShortensTheLifeToTheGrace() {
        assertTrue(POLICY.isFresh(ENTRY, CREATED + 59_000, 11));
        assertFalse(POLICY.isFresh(ENTRY, CREATED + 60_000, 11));
    }

    @Test
    void olderIndexAnswerDoesNotShortenIt() {
        // A replica behind the one that computed the entry must not expire it early.
        assertTrue(POLICY.isFresh(ENTRY, CREATED + Duration.ofMinutes(30).toMillis(), 9));
    }

    @Test
    void entryFromTheFutureCountsAsNew() {
        assertTrue(POLICY.isFresh(ENTRY, CREATED - 5_000, 10));
    }

    @Test
    void rejectsInconsistentLimits() {
        assertThrows(IllegalArgumentException.class, () -> new FreshnessPolicy(Duration.ZERO, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new FreshnessPolicy(Duration.ofMinutes(1), Duration.ofMinutes(2)));
        assertThrows(IllegalArgumentException.class, () -> new FreshnessPolicy(Duration.ofMinutes(1), Duration.ofSeconds(-1)));
    }
}
