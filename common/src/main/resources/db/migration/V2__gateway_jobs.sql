-- Catalog-wide jobs that exactly one process may run at a time (first: the gateways' daily
-- historical availability update). One row per job: a lease (who runs it, until when) and
-- the progress of its current run, kept together so that one conditional UPDATE both
-- checks the lease and records progress (see common's JobRuns).
--
-- holder         who holds the lease, '' when free.
-- lease_until_ms when the lease lapses unless renewed, in milliseconds since the epoch (UTC)
--                by the holder's clock: leases last minutes, clocks are NTP-close.
-- run_date       the day (UTC) of the run in progress or last finished; NULL before the first.
-- last_id        the highest id that run has completed; work resumes after it.
-- finished_date  the run_date of the last run that completed; equal to run_date when done.
CREATE TABLE job_runs (
    job            VARCHAR(64)  NOT NULL,
    holder         VARCHAR(128) NOT NULL DEFAULT '',
    lease_until_ms BIGINT       NOT NULL DEFAULT 0,
    run_date       DATE         NULL,
    last_id        BIGINT       NOT NULL DEFAULT 0,
    finished_date  DATE         NULL,
    PRIMARY KEY (job)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
