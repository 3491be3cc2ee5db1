package io.constellation.deploy.loadgen;

/**
 * A load generator's cumulative counts at one moment.
 *
 * @param attempts     clients started
 * @param logins       sessions online (reconnects included)
 * @param loginFailed  LOGIN_FAILED errors
 * @param refused      connection attempts that did not connect (refused, timed out)
 * @param busy         SERVER_BUSY errors
 * @param throttled    LOGIN_THROTTLED errors
 * @param disconnects  connections lost without the load generator closing them
 * @param otherErrors  other errors from the server
 * @param failedLogins clients that stopped before being online once
 * @param failedBy     the same by reason (error code or the client's stop reason), sorted
 * @param logouts      churn logouts
 * @param churnSkipped churn logouts skipped for want of an online satellite
 */
public record LoadTotals(long attempts, long logins, long loginFailed, long refused, long busy, long throttled,
        long disconnects, long otherErrors, long failedLogins, java.util.Map<String, Long> failedBy, long logouts,
        long churnSkipped) {

    public LoadTotals {
        failedBy = java.util.Map.copyOf(failedBy);
    }

    /** The error counts as the progress line and the summary print them. */
    public String errors() {
        return String.format("login_failed %d, refused %d, busy %d, throttled %d, disconnects %d, other %d",
                loginFailed, refused, busy, throttled, disconnects, otherErrors);
    }
}
