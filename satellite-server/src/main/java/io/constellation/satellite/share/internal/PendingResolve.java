package io.constellation.satellite.share.internal;

import java.util.concurrent.CompletableFuture;

/**
 * One {@code resolve} call waiting for the catalog: its answer array (cache hits already
 * filled in) and the positions and spellings still missing. Filled and completed by the
 * worker thread only.
 */
public final class PendingResolve {

    public final int[] ids;
    public final int[] missAt;
    public final TagKey[] missKeys;
    public final int misses;
    public final CompletableFuture<int[]> future = new CompletableFuture<>();

    public PendingResolve(int[] ids, int[] missAt, TagKey[] missKeys, int misses) {
        this.ids = ids;
        this.missAt = missAt;
        this.missKeys = missKeys;
        this.misses = misses;
    }
}
