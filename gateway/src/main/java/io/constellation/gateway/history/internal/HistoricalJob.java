package io.constellation.gateway.history.internal;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.catalog.jobs.JobRun;
import io.constellation.common.catalog.jobs.JobRuns;
import io.constellation.gateway.history.HistoricalRun;
import io.constellation.gateway.history.HistoricalRun.Outcome;
import io.constellation.gateway.internal.CurrentCounts;
import io.constellation.gateway.internal.GatewayMetrics;
import io.constellation.gateway.internal.GatewayMetrics.RunOutcome;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daily historical availability update: {@code hist = current + hist / 2} in
 * {@code track_stats} for every track of the catalog (a track whose current count is 0
 * still halves; a track without a row gets one), current counts taken from this gateway's
 * memory.
 *
 * <p>Exactly once per track per run: the work goes by id range, one transaction per batch,
 * and each transaction first claims its range in {@code job_runs} ({@link JobRuns#claim})
 * under this gateway's lease. An interrupted run (crash, lost catalog, lost lease) resumes
 * after the last committed range, by this or another gateway; a claim that finds the run
 * elsewhere than expected rolls the batch back. Exactly one gateway runs at a time: the
 * others find the lease taken ({@link Outcome#BUSY}) or the run done.
 *
 * <p>Each batch is three statements whatever the number of tracks: insert the missing rows
 * (as 0), halve every row of the range, then add the current count of the range's available
 * tracks (a JDBC batch of point updates). Every UPDATE names the key (a range of
 * {@code track_id}), as MariaDB's safe-updates mode wants. Blocking: run it on the job's
 * own executor, never on a gRPC thread. Not for concurrent use by two threads of one gateway.
 */
public final class HistoricalJob {

    /** The job's name in {@code job_runs}. */
    public static final String JOB = "historical_availability";

    private static final Logger log = LoggerFactory.getLogger(HistoricalJob.class);

    private static final String INSERT_MISSING = "INSERT INTO track_stats (track_id, historical_availability) "
            + "SELECT t.id, 0 FROM tracks t LEFT JOIN track_stats s ON s.track_id = t.id "
            + "WHERE t.id > ? AND t.id <= ? AND s.track_id IS NULL";
    private static final String HALVE = "UPDATE track_stats SET historical_availability = historical_availability / 2, "
            + "updated_at = CURRENT_TIMESTAMP WHERE track_id > ? AND track_id <= ?";
    private static final String ADD_CURRENT = "UPDATE track_stats SET historical_availability = historical_availability + ? "
            + "WHERE track_id = ?";

    private final Catalog catalog;
    private final JobRuns runs;
    private final TrackStore tracks;
    private final CurrentCounts current;
    private final String holder;
    private final int batch;
    private final Duration lease;
    private final Clock clock;
    private final GatewayMetrics metrics;

    /**
     * @param holder this gateway's name in the lease (unique among gateways)
     * @param batch  track ids per transaction
     * @param lease  how long the lease lasts without renewal (each batch renews it)
     * @param clock  the lease's clock (UTC wall time)
     */
    public HistoricalJob(Catalog catalog, CurrentCounts current, String holder, int batch, Duration lease, Clock clock,
                         GatewayMetrics metrics) {
        this.catalog = catalog;
        this.runs = new JobRuns(catalog);
        this.tracks = new TrackStore(catalog);
        this.current = current;
        this.holder = holder;
        this.batch = batch;
        this.lease = lease;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Runs (or resumes, or finds done) the run of {@code date}. Blocks until it ends; throws
     * {@link io.constellation.common.catalog.CatalogException} when the catalog fails (the
     * run then resumes at the next attempt).
     */
    public HistoricalRun run(LocalDate date) {
        long start = System.nanoTime();
        Optional<JobRun> taken = runs.acquire(JOB, holder, lease, clock.instant());
        if (taken.isEmpty()) {
            return done(date, Outcome.BUSY, 0, start);
        }
        long updated = 0;
        try {
            JobRun state = taken.get();
            if (state.interrupted() && state.runDate().isBefore(date)) {
                // Finish the earlier run first: its remaining tracks are owed that day's update.
                log.info("historical job: finishing the interrupted run of {} after track {}", state.runDate(), state.lastId());
                long n = work(state.runDate(), state.lastId());
                if (n < 0) {
                    return done(date, Outcome.LOST_LEASE, 0, start);
                }
                updated += n;
                state = new JobRun(state.runDate(), 0, state.runDate());
            }
            if (state.finished(date) || (state.runDate() != null && state.runDate().isAfter(date))) {
                return done(date, updated > 0 ? Outcome.COMPLETED : Outcome.ALREADY_DONE, updated, start);
            }
            long from = date.equals(state.runDate()) ? state.lastId() : 0;
            if (from == 0 && !date.equals(state.runDate()) && !runs.start(JOB, holder, date)) {
                return done(date, Outcome.LOST_LEASE, updated, start);
            }
            log.info("historical job: run of {} {} by {}", date, from == 0 ? "starting" : "resuming after track " + from, holder);
            long n = work(date, from);
            if (n < 0) {
                return done(date, Outcome.LOST_LEASE, updated, start);
            }
            return done(date, Outcome.COMPLETED, updated + n, start);
        } catch (RuntimeException e) {
            metrics.historicalRun(RunOutcome.FAILED, System.nanoTime() - start, updated);
            throw e;
        } finally {
            releaseQuietly();
        }
    }

    /** Does the run of {@code date} after {@code lastId} and marks it finished; -1 if the lease was lost. */
    private long work(LocalDate date, long lastId) {
        long maxId = tracks.maxTrackId();
        long updated = 0;
        long done = lastId;
        while (done < maxId) {
            long from = done;
            long to = Math.min(maxId, from + batch);
            long n = catalog.inTransaction("historical availability batch", c -> batch(c, date, from, to));
            if (n < 0) {
                log.warn("historical job: lost the lease of the run of {} at track {}; another gateway resumes it", date, from);
                return -1;
            }
            updated += n;
            done = to;
        }
        if (!runs.finish(JOB, holder, date)) {
            return -1;
        }
        log.info("historical job: run of {} complete through track {}: {} tracks updated", date, maxId, updated);
        return updated;
    }

    /** One range {@code (from, to]} in the caller's transaction; -1 (and nothing done) if the claim fails. */
    private long batch(Connection c, LocalDate date, long from, long to) throws SQLException {
        if (!runs.claim(c, JOB, holder, date, from, to, clock.instant().plus(lease))) {
            return -1;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT_MISSING)) {
            insert.setLong(1, from);
            insert.setLong(2, to);
            insert.executeUpdate();
        }
        int rows;
        try (PreparedStatement halve = c.prepareStatement(HALVE)) {
            halve.setLong(1, from);
            halve.setLong(2, to);
            rows = halve.executeUpdate();
        }
        try (PreparedStatement add = c.prepareStatement(ADD_CURRENT)) {
            SqlBatch pending = new SqlBatch(add);
            try {
                current.forEachAvailable(from + 1, to, pending);
            } catch (BatchFailure e) {
                throw (SQLException) e.getCause();
            }
            pending.flush();
        }
        return rows;
    }

    private HistoricalRun done(LocalDate date, Outcome outcome, long updated, long start) {
        long nanos = System.nanoTime() - start;
        metrics.historicalRun(RunOutcome.valueOf(outcome.name()), nanos, updated);
        if (outcome != Outcome.COMPLETED) {
            log.info("historical job: run of {}: {} ({} tracks updated)", date, outcome, updated);
        }
        return new HistoricalRun(date, outcome, updated, Duration.ofNanos(nanos));
    }

    private void releaseQuietly() {
        try {
            runs.release(JOB, holder);
        } catch (RuntimeException e) {
            // The lease lapses by itself; nothing is lost.
            log.warn("historical job: could not release the lease: {}", e.toString());
        }
    }

    /** Feeds available tracks into a JDBC batch as the table scan finds them. */
    private static final class SqlBatch implements CurrentCounts.TrackCount {
        private static final int FLUSH_EVERY = 1000;
        private final PreparedStatement statement;
        private int pending;

        SqlBatch(PreparedStatement statement) {
            this.statement = statement;
        }

        @Override
        public void accept(int trackId, int count) {
            try {
                statement.setDouble(1, count);
                statement.setLong(2, trackId);
                statement.addBatch();
                if (++pending == FLUSH_EVERY) {
                    flush();
                }
            } catch (SQLException e) {
                throw new BatchFailure(e);
            }
        }

        void flush() throws SQLException {
            if (pending > 0) {
                statement.executeBatch();
                pending = 0;
            }
        }
    }

    /** Carries a SQLException out of the scan's callback. */
    private static final class BatchFailure extends RuntimeException {
        BatchFailure(SQLException cause) {
            super(cause);
        }
    }
}
