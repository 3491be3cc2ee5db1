package io.constellation.satellite.share;

/**
 * Counters of a {@link CatalogShareResolver} since it was built, for metrics and tests.
 * Each is monotonic; read them as Prometheus counters.
 *
 * @param files             files passed to {@code resolve}
 * @param cacheHits         files answered from the cache without waiting
 * @param noTrack           files answered {@link ShareResolver#NO_TRACK} (missing or unusable tags)
 * @param cycles            worker cycles: batches of queued misses taken together
 * @param keysLookedUp      distinct catalog keys asked of the catalog
 * @param selectStatements  {@code SELECT ... WHERE norm_key IN (...)} statements run
 * @param insertStatements  multi-row {@code INSERT IGNORE} statements run
 * @param tracksCreated     catalog rows this resolver created
 * @param refusedBusy       calls refused because too many files were already waiting
 */
public record ResolverStats(long files, long cacheHits, long noTrack, long cycles, long keysLookedUp,
                            long selectStatements, long insertStatements, long tracksCreated, long refusedBusy) {

    /** Every statement sent to the catalog: the number that must stay far below the number of logins. */
    public long catalogStatements() {
        return selectStatements + insertStatements;
    }
}
