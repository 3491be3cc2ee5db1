package io.constellation.common.catalog.jobs;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.internal.SqlErrors;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Leases and progress of catalog-wide jobs (table {@code job_runs}), so that exactly one
 * process runs a job at a time, and a run that was interrupted resumes where it stopped
 * instead of repeating work.
 *
 * <p>The lease is a row taken with a conditional UPDATE (free, expired, or already ours),
 * which works the same on H2 and MariaDB (MariaDB's GET_LOCK does not exist on H2 and
 * would not survive a proxy such as Vitess). Every statement names the row by its primary
 * key, as MariaDB's safe-updates mode demands. A holder that dies simply stops renewing;
 * its lease lapses and another process takes over.
 *
 * <p>Progress is claimed batch by batch with {@link #claim}, inside the transaction that
 * does the batch's work: the claim succeeds only while the caller holds the lease and the
 * run is exactly where the caller believes it is, so a holder that stalled past its lease
 * (a long GC pause) can never apply a batch a second time. Thread-safe.
 */
public final class JobRuns {

    private final Catalog catalog;

    /** Job runs in {@code catalog}, which must be migrated. */
    public JobRuns(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Takes (or renews) the lease of {@code job} for {@code holder} until {@code now + lease},
     * if it is free, lapsed, or already {@code holder}'s. Returns the job's run state when the
     * lease is ours, empty when another holder has it.
     */
    public Optional<JobRun> acquire(String job, String holder, Duration lease, Instant now) {
        // Three auto-commit statements, not one transaction: on InnoDB, two transactions that
        // both found the row with INSERT IGNORE (a shared lock) and then both UPDATE it deadlock.
        catalog.update("INSERT IGNORE INTO job_runs (job) VALUES (?)", job);
        int taken = catalog.update("UPDATE job_runs SET holder = ?, lease_until_ms = ? "
                        + "WHERE job = ? AND (holder = ? OR holder = '' OR lease_until_ms < ?)",
                holder, now.plus(lease).toEpochMilli(), job, holder, now.toEpochMilli());
        if (taken != 1) {
            return Optional.empty();
        }
        try (Connection c = catalog.connection()) {
            return Optional.of(read(c, job));
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the state of " + job, e);
        }
    }

    /** Starts the run of {@code date} from id 0; false if {@code holder} no longer holds the lease. */
    public boolean start(String job, String holder, LocalDate date) {
        return catalog.update("UPDATE job_runs SET run_date = ?, last_id = 0 WHERE job = ? AND holder = ?",
                date, job, holder) == 1;
    }

    /**
     * Records, on {@code c} inside the caller's transaction, that the run of {@code date} has
     * completed every id up to {@code toId}, and renews the lease until {@code leaseUntil}.
     * Succeeds only if {@code holder} holds the lease and the run had completed exactly
     * {@code fromId}: the caller must roll its batch back when this returns false. The row
     * stays locked until the transaction ends, so a competing claim waits and then fails.
     */
    public boolean claim(Connection c, String job, String holder, LocalDate date, long fromId, long toId,
                         Instant leaseUntil) throws SQLException {
        return catalog.update(c, "UPDATE job_runs SET last_id = ?, lease_until_ms = ? "
                        + "WHERE job = ? AND holder = ? AND run_date = ? AND last_id = ?",
                toId, leaseUntil.toEpochMilli(), job, holder, date, fromId) == 1;
    }

    /** Marks the run of {@code date} complete; false if {@code holder} no longer holds the lease. */
    public boolean finish(String job, String holder, LocalDate date) {
        return catalog.update("UPDATE job_runs SET finished_date = run_date WHERE job = ? AND holder = ? AND run_date = ?",
                job, holder, date) == 1;
    }

    /** Gives the lease up if {@code holder} has it; harmless otherwise. */
    public void release(String job, String holder) {
        catalog.update("UPDATE job_runs SET holder = '', lease_until_ms = 0 WHERE job = ? AND holder = ?", job, holder);
    }

    /** The job's run state, or empty if it never ran. */
    public Optional<JobRun> state(String job) {
        try (Connection c = catalog.connection()) {
            return exists(c, job) ? Optional.of(read(c, job)) : Optional.empty();
        } catch (SQLException e) {
            throw SqlErrors.translate("reading the state of " + job, e);
        }
    }

    private static boolean exists(Connection c, String job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM job_runs WHERE job = ?")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static JobRun read(Connection c, String job) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT run_date, last_id, finished_date FROM job_runs WHERE job = ?")) {
            ps.setString(1, job);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("job_runs row of " + job + " vanished");
                }
                return new JobRun(rs.getObject(1, LocalDate.class), rs.getLong(2), rs.getObject(3, LocalDate.class));
            }
        }
    }
}
