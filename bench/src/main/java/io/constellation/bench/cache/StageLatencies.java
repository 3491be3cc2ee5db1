package io.constellation.bench.cache;

import io.constellation.cache.CacheServer;
import io.constellation.cache.internal.CacheMetrics;
import io.constellation.cache.search.SearchStageMetrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Percentiles of the search stages (index fan-out, catalog rows, gateway) and of the whole
 * search, read from the nodes' own latency histograms (the ones /metrics publishes) and
 * merged over the nodes. A percentile is the upper bound of the histogram bucket holding
 * it: never understated, as coarse as the buckets (a value under the smallest bucket, 1 ms,
 * reads as 1 ms).
 */
final class StageLatencies {

    private StageLatencies() {
    }

    /** Prints p50 and p99 of each stage and of the nodes' miss latency. */
    static void print(List<CacheServer> nodes, PrintStream out) {
        for (SearchStageMetrics.Stage stage : SearchStageMetrics.Stage.values()) {
            line(stage.tag(), nodes, SearchStageMetrics.STAGE_SECONDS, SearchStageMetrics.TAG_STAGE, stage.tag(), out);
        }
        line("total (node)", nodes, CacheMetrics.SEARCH_SECONDS, CacheMetrics.TAG_OUTCOME,
                CacheMetrics.Outcome.MISS.name().toLowerCase(Locale.ROOT), out);
    }

    private static void line(String what, List<CacheServer> nodes, String meter, String tag, String value,
                             PrintStream out) {
        double[] bounds = null;
        double[] counts = null;
        long total = 0;
        double totalMs = 0;
        double maxMs = 0;
        for (CacheServer node : nodes) {
            Timer timer = node.registry().find(meter).tag(tag, value).timer();
            if (timer == null) {
                continue;
            }
            HistogramSnapshot snapshot = timer.takeSnapshot();
            CountAtBucket[] buckets = snapshot.histogramCounts();
            double[] own = cumulative(buckets, snapshot.count());
            if (bounds == null) {
                bounds = new double[buckets.length];
                counts = new double[buckets.length];
                for (int i = 0; i < buckets.length; i++) {
                    bounds[i] = buckets[i].bucket(TimeUnit.MILLISECONDS);
                }
            }
            for (int i = 0; i < own.length && i < counts.length; i++) {
                counts[i] += own[i];
            }
            total += snapshot.count();
            totalMs += snapshot.total(TimeUnit.MILLISECONDS);
            maxMs = Math.max(maxMs, snapshot.max(TimeUnit.MILLISECONDS));
        }
        out.printf(Locale.ROOT, "  %-13s %,8d calls   p50 <= %,9.1f ms   p99 <= %,9.1f ms   mean %,9.1f ms   max %,9.1f ms%n",
                what, total, percentile(bounds, counts, total, 0.50), percentile(bounds, counts, total, 0.99),
                total == 0 ? 0 : totalMs / total, maxMs);
    }

    /** Bucket counts as "values at or below this bound", whichever way the registry keeps them. */
    private static double[] cumulative(CountAtBucket[] buckets, long count) {
        double[] c = new double[buckets.length];
        boolean rising = true;
        for (int i = 0; i < buckets.length; i++) {
            c[i] = buckets[i].count();
            rising &= i == 0 || c[i] >= c[i - 1];
        }
        // Micrometer's counts are cumulative, and values past the largest bucket (above the
        // timer's maximum expected value) are in no bucket: a rising series is cumulative even
        // when its last count is short of the total (accumulating it again made every
        // percentile far too low when a few calls took longer than the top bucket).
        boolean alreadyCumulative = rising;
        if (!alreadyCumulative) {
            for (int i = 1; i < c.length; i++) {
                c[i] += c[i - 1];
            }
        }
        return c;
    }

    /** The smallest bound with at least q of the values at or below it; infinity past the last bucket. */
    private static double percentile(double[] bounds, double[] counts, long total, double q) {
        if (bounds == null || total == 0) {
            return 0;
        }
        double rank = Math.max(1, Math.ceil(q * total));
        for (int i = 0; i < bounds.length; i++) {
            if (counts[i] >= rank) {
                return bounds[i];
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
