package io.constellation.common.catalog.jobs;

import java.time.LocalDate;

/**
 * The state of a job's runs as {@link JobRuns} found it when its lease was taken.
 *
 * @param runDate      the day (UTC) of the run in progress or last finished; null before the first run
 * @param lastId       the highest id the run of {@code runDate} has completed
 * @param finishedDate the day of the last run that completed; null if none has
 */
public record JobRun(LocalDate runDate, long lastId, LocalDate finishedDate) {

    /** Whether the run of {@code date} has completed. */
    public boolean finished(LocalDate date) {
        return date.equals(finishedDate);
    }

    /** Whether a run was started and has not completed (a crash or a lost lease interrupted it). */
    public boolean interrupted() {
        return runDate != null && !runDate.equals(finishedDate);
    }
}
