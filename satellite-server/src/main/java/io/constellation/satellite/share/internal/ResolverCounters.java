package io.constellation.satellite.share.internal;

import io.constellation.satellite.share.ResolverStats;
import java.util.concurrent.atomic.LongAdder;

/**
 * The resolver's counters. LongAdders because callers on every event loop bump
 * {@code files} and {@code cacheHits} on every call. Thread-safe.
 */
public final class ResolverCounters {

    public final LongAdder files = new LongAdder();
    public final LongAdder cacheHits = new LongAdder();
    public final LongAdder noTrack = new LongAdder();
    public final LongAdder cycles = new LongAdder();
    public final LongAdder keysLookedUp = new LongAdder();
    public final LongAdder selectStatements = new LongAdder();
    public final LongAdder insertStatements = new LongAdder();
    public final LongAdder tracksCreated = new LongAdder();
    public final LongAdder refusedBusy = new LongAdder();

    /** The counters now (each read separately: a snapshot, not an atomic one). */
    public ResolverStats snapshot() {
        return new ResolverStats(files.sum(), cacheHits.sum(), noTrack.sum(), cycles.sum(), keysLookedUp.sum(),
                selectStatements.sum(), insertStatements.sum(), tracksCreated.sum(), refusedBusy.sum());
    }
}
