package io.constellation.deploy.loadgen;

import java.util.Locale;

/**
 * What a load generator run did, printed as one line starting with {@code summary:}.
 *
 * @param seconds           length of the run
 * @param satellites        slots (satellites at most at any time)
 * @param totals            the cumulative counts at the end of the run
 * @param rampOnline        satellites of the ramp (each slot's first client) online at least once
 * @param rampSeconds       from the start until every ramp satellite was online or had given up,
 *                          or the whole run if that never happened
 * @param rampComplete      whether every ramp satellite was online or had given up before the end
 * @param timedOut          clients not online {@code loginTimeout} after their start when the run ended
 * @param inFlight          clients still logging in, more recently started, when the run ended
 * @param latency           login (Login sent) to ShareAck latencies of the whole run
 * @param maxFailedFraction the most failed logins the run tolerates, as a fraction of attempts
 * @param cpuSeconds        CPU time the load generator's process used during the run (all its
 *                          threads), or -1 where the platform does not tell: what the load itself
 *                          cost, to set apart from the server's when both share a machine
 */
public record LoadSummary(double seconds, int satellites, LoadTotals totals, int rampOnline,
        double rampSeconds, boolean rampComplete, long timedOut, long inFlight, LatencyHistogram latency,
        double maxFailedFraction, double cpuSeconds) {

    /** Logins that failed: the client gave up (e.g. wrong password) or it timed out. */
    public long failed() {
        return totals.failedLogins() + timedOut;
    }

    /** {@link #failed()} over the clients started; 0 when none started. */
    public double failedFraction() {
        return totals.attempts() == 0 ? 0 : (double) failed() / totals.attempts();
    }

    /**
     * Whether some satellite got online and no more than the tolerated fraction of logins
     * failed. A run where nobody got online fails even if every login is still in flight
     * (a server that refuses or never answers).
     */
    public boolean passed() {
        return totals.logins() > 0 && failedFraction() <= maxFailedFraction;
    }

    /** Mean rate at which the ramp's satellites came online. */
    public double rampLoginsPerSecond() {
        return rampSeconds <= 0 ? 0 : rampOnline / rampSeconds;
    }

    /** The summary line. */
    public String line() {
        return String.format(Locale.ROOT,
                "summary: %.1f s, %d satellites, %d logins started, %d online (%.0f/s overall), %d failed%s, "
                        + "%d in flight at the end, %d churn logouts%s; ramp: %d online in %.2f s = %.0f logins/s%s; "
                        + "login-ack ms p50 %s p90 %s p99 %s p99.9 %s max %s (n=%d); errors: %s; %s; "
                        + "failed %.2f%% (limit %.2f%%): %s",
                seconds, satellites, totals.attempts(), totals.logins(), seconds <= 0 ? 0 : totals.logins() / seconds,
                failed(), failedDetail(), inFlight, totals.logouts(),
                totals.churnSkipped() == 0 ? "" : " (" + totals.churnSkipped() + " skipped: none online)",
                rampOnline, rampSeconds, rampLoginsPerSecond(), rampComplete ? "" : " (incomplete)",
                millis(latency.percentileMicros(0.5)), millis(latency.percentileMicros(0.9)),
                millis(latency.percentileMicros(0.99)), millis(latency.percentileMicros(0.999)),
                millis(latency.maxMicros()), latency.count(), totals.errors(), cpu(),
                100 * failedFraction(), 100 * maxFailedFraction, passed() ? "PASS" : "FAIL");
    }

    /** " (timed out 3, session_replaced 2)": what the failures were, when there were any. */
    private String failedDetail() {
        StringBuilder b = new StringBuilder();
        if (timedOut > 0) {
            b.append("timed out ").append(timedOut);
        }
        totals.failedBy().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey()).forEach(e ->
                b.append(b.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue()));
        return b.length() == 0 ? "" : " (" + b + ")";
    }

    private String cpu() {
        if (cpuSeconds < 0) {
            return "load generator CPU unknown";
        }
        return String.format(Locale.ROOT, "load generator CPU %.1f s = %.0f us per login", cpuSeconds,
                totals.logins() == 0 ? 0 : cpuSeconds * 1e6 / totals.logins());
    }

    /** Microseconds as milliseconds with one decimal (or three below 1 ms, where loopback lives). */
    static String millis(long micros) {
        return micros < 1000 ? String.format(Locale.ROOT, "%.3f", micros / 1000.0)
                : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
