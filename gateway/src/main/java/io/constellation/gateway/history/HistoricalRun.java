package io.constellation.gateway.history;

import java.time.Duration;
import java.time.LocalDate;

/**
 * What one attempt of the daily historical availability job did
 * ({@code hist = current + hist / 2} for every catalog track, once per run date).
 *
 * @param runDate       the run (a UTC day) the attempt was for
 * @param outcome       how it ended
 * @param tracksUpdated tracks whose historical availability this attempt changed (a resumed
 *                      run counts only what it did itself)
 * @param took          how long the attempt took
 */
public record HistoricalRun(LocalDate runDate, Outcome outcome, long tracksUpdated, Duration took) {

    /** How an attempt ended. Failures (the catalog unreachable) are exceptions, not outcomes. */
    public enum Outcome {
        /** This attempt finished the run (possibly resuming an interrupted one). */
        COMPLETED,
        /** The run of this date had already completed (or a later run has started): nothing done. */
        ALREADY_DONE,
        /** Another gateway holds the job's lease and is running it: nothing done. */
        BUSY,
        /** This gateway lost the lease during the run (it stalled past it); another one resumes the run. */
        LOST_LEASE
    }
}
