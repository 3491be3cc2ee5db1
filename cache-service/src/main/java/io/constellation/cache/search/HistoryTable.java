package io.constellation.cache.search;

import io.constellation.common.catalog.CatalogException;
import io.constellation.common.catalog.TrackStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The historical availability of every track, in memory: what a miss with a very long match
 * list ranks by, instead of reading it from the catalog id by id. Measured on 5 million
 * tracks (bench/results/cache.md, 2026-11-26, H2): with the narrow read (up to 1,260 IN
 * lists of 1,000 ids for one query) a miss cost 238 ms of CPU on average, with this table
 * 114 ms; a look-up here is one array read an id.
 *
 * <p>Held as one {@code double[]} indexed by track id (8 bytes per id up to the greatest id
 * with statistics: 40 MB for 5 million tracks; a catalog of hundreds of millions would want
 * a float or a primitive hash map of the rows with statistics only). A track without a row
 * is 0, as in the catalog. Loaded at {@link #start} and reloaded every {@code refresh} by
 * one background thread in pages of {@code pageRows} (keyset paging), swapped in whole:
 * readers see one consistent table. Staleness is bounded by {@code refresh}: the values
 * change once a day (the gateways' historical job), so a ranking may use yesterday's
 * values for up to {@code refresh} after the job; the rows a result set keeps are read
 * from the catalog with their current values ({@link CatalogRows}).
 *
 * <p>Until the first load ends (or if it fails) {@link #fill} answers false and the caller
 * reads the catalog. Thread-safe: {@link #fill} from any thread, loads on the table's own.
 */
public final class HistoryTable implements AutoCloseable {

    /** Rows per catalog query of a load. */
    public static final int DEFAULT_PAGE_ROWS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(HistoryTable.class);
    /** Largest id a table indexes: past it the catalog is read instead. */
    private static final long MAX_ID = Integer.MAX_VALUE - 16;

    private final TrackStore tracks;
    private final Duration refresh;
    private final int pageRows;
    private final ScheduledExecutorService thread;
    /** Availability by track id; null until loaded. Replaced whole, never written after publication. */
    private volatile double[] byId;

    /** A table over {@code tracks}, reloaded every {@code refresh} once started. */
    public HistoryTable(TrackStore tracks, Duration refresh, int pageRows) {
        if (refresh.isNegative() || refresh.isZero() || pageRows < 1) {
            throw new IllegalArgumentException("refresh and page rows must be positive: " + refresh + ", " + pageRows);
        }
        this.tracks = tracks;
        this.refresh = refresh;
        this.pageRows = pageRows;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cache-history-table");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads in the background now and every {@code refresh} after. */
    public HistoryTable start() {
        thread.scheduleWithFixedDelay(this::loadQuietly, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /**
     * Reads the whole of {@code track_stats} and publishes it. Blocking catalog I/O.
     *
     * @throws CatalogException when the catalog fails (the previous table stays)
     */
    public void load() {
        long start = System.nanoTime();
        long[] ids = new long[pageRows];
        double[] values = new double[pageRows];
        double[] table = new double[1024];
        long after = 0;
        long rows = 0;
        int n;
        while ((n = tracks.historicalPage(after, ids, values)) > 0) {
            long last = ids[n - 1];
            if (last > MAX_ID) {
                log.warn("track id {} is too large for the in-memory history table: misses read the catalog", last);
                byId = null;
                return;
            }
            if (last >= table.length) {
                table = Arrays.copyOf(table, (int) Math.min(MAX_ID + 1, Math.max(last + 1, table.length * 2L)));
            }
            for (int i = 0; i < n; i++) {
                table[(int) ids[i]] = values[i];
            }
            rows += n;
            after = last;
        }
        byId = table;
        log.info("history table: {} tracks with statistics loaded in {} ms", rows, (System.nanoTime() - start) / 1_000_000);
    }

    private void loadQuietly() {
        try {
            load();
        } catch (CatalogException | OutOfMemoryError e) {
            // The next refresh tries again; meanwhile misses read the catalog (or an older table).
            log.warn("history table not loaded: {}", e.toString());
        }
    }

    /**
     * Puts the historical availability of each of {@code ids} into {@code out}, when a table
     * is loaded.
     *
     * @return false when none is (nothing was written): read the catalog instead
     */
    public boolean fill(long[] ids, double[] out) {
        double[] table = byId;
        if (table == null) {
            return false;
        }
        for (int i = 0; i < ids.length; i++) {
            long id = ids[i];
            out[i] = id >= 0 && id < table.length ? table[(int) id] : 0;
        }
        return true;
    }

    /** Whether a table is loaded. */
    public boolean loaded() {
        return byId != null;
    }

    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(10, TimeUnit.SECONDS);
    }
}
