package io.constellation.cache.store;

import io.constellation.common.search.QueryKey;
import java.util.SplittableRandom;

/** Result sets and entries for tests. */
final class TestRows {

    private TestRows() {
    }

    static QueryKey key(String query) {
        try {
            return QueryKey.of(query);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static CacheEntry entry(String query, ResultSet rows) {
        return new CacheEntry(key(query), 7, 1_700_000_000_000L, false, rows);
    }

    /**
     * {@code n} ranked rows by a few artists, ids spread over {@code 5n}, a third of them
     * with historical availability 0.
     */
    static ResultSet sample(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        ResultSet.Builder b = ResultSet.builder(n);
        for (int i = 0; i < n; i++) {
            int artist = random.nextInt(1 + n / 20);
            double historical = random.nextInt(3) == 0 ? 0 : random.nextInt(50) + random.nextDouble();
            b.add(5L * i + 1 + random.nextInt(5), historical, "Artist " + artist, "Title " + i + " ✓",
                    random.nextBoolean() ? "" : "Album " + artist % 7);
        }
        return b.buildRanked();
    }
}
