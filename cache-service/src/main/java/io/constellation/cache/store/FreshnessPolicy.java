package io.constellation.cache.store;

import java.time.Duration;
import java.util.Objects;

/**
 * Decides whether a cached result set may still be served. A result set is fresh while it is
 * younger than {@code maxAge}. Once the index has moved past the generation it was computed
 * from (tracks were added, re-indexed or deleted), it stays fresh only while younger than
 * {@code maxAgeOnNewerIndex}: a short grace, so that an index applying changes every second
 * does not turn every popular query into a miss at once, yet new tracks show up within the
 * grace.
 *
 * @param maxAge             longest a result set is served at all
 * @param maxAgeOnNewerIndex longest it is served once the index is newer than it; at most
 *                           {@code maxAge}
 */
public record FreshnessPolicy(Duration maxAge, Duration maxAgeOnNewerIndex) {

    public FreshnessPolicy {
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(maxAgeOnNewerIndex, "maxAgeOnNewerIndex");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("max age must be positive, got " + maxAge);
        }
        if (maxAgeOnNewerIndex.isNegative() || maxAgeOnNewerIndex.compareTo(maxAge) > 0) {
            throw new IllegalArgumentException("max age on a newer index must be in 0.." + maxAge + ", got "
                    + maxAgeOnNewerIndex);
        }
    }

    /**
     * Whether {@code entry} may be served at {@code nowMillis} (epoch milliseconds) when the
     * index is at {@code currentGeneration} (as the caller measures it, like
     * {@link CacheEntry#indexGeneration()}). An entry from the future (clock moved back) counts
     * as age 0.
     */
    public boolean isFresh(CacheEntry entry, long nowMillis, long currentGeneration) {
        long age = Math.max(0, nowMillis - entry.createdAtMillis());
        long limit = entry.indexGeneration() < currentGeneration ? maxAgeOnNewerIndex.toMillis() : maxAge.toMillis();
        return age < limit;
    }
}
