package io.constellation.bench.index;

import java.io.PrintStream;
import java.util.List;

/** Formats comparison results as text and as the Markdown table of BENCHMARKS.md. */
final class Report {

    private Report() {
    }

    /** The figures of one corpus size, one per line, with the targets checked. */
    static void printDetail(Comparison.Result r, PrintStream out) {
        long n = r.settings().tracks();
        QueryMix.Queries mix = r.mix();
        out.printf("query mix: %d queries;", mix.queries().length);
        for (QueryMix.Kind k : QueryMix.Kind.values()) {
            out.printf(" %s %d", k, mix.count(k));
        }
        out.printf("%ncorpus: %,d distinct words, %,d postings%n", r.words(), r.postings());
        out.printf("agreement: %,d matches in total, %d empty queries, largest result %,d%n",
                r.agreement().totalMatches(), r.agreement().emptyQueries(), r.agreement().maxMatches());
        kinds(out, r);
        line(out, "ours", r.ours(), r.oursLatency(), n);
        line(out, "lucene", r.lucene(), r.luceneLatency(), n);
        out.printf("ours segment file (IndexStore) %,d bytes; ours without collecting ids (limit 0): "
                        + "%,.0f queries/s, p50 %.1f us, p99 %.1f us%n", r.ours().fileBytes(),
                r.oursCountOnly().queriesPerSecond(), r.oursCountOnly().p50Nanos() / 1e3,
                r.oursCountOnly().p99Nanos() / 1e3);
        double speedup = r.oursLatency().queriesPerSecond() / r.luceneLatency().queriesPerSecond();
        double memoryRatio = (double) r.ours().indexBytes() / r.lucene().indexBytes();
        double buildRatio = r.ours().docsPerSecond(n) / r.lucene().docsPerSecond(n);
        out.printf("target query throughput >= 5x lucene: %.2fx -> %s%n", speedup, met(speedup >= 5));
        out.printf("target index memory <= 2x lucene:     %.2fx -> %s%n", memoryRatio, met(memoryRatio <= 2));
        out.printf("target build rate >= lucene:          %.2fx -> %s%n", buildRatio, met(buildRatio >= 1));
    }

    /** Mean latency per query kind: shows where each engine spends its time. */
    private static void kinds(PrintStream out, Comparison.Result r) {
        int rounds = r.settings().rounds();
        for (QueryMix.Kind k : QueryMix.Kind.values()) {
            boolean[] selected = new boolean[r.mix().kinds().length];
            for (int i = 0; i < selected.length; i++) {
                selected[i] = r.mix().kinds()[i] == k;
            }
            double ours = r.oursLatency().meanNanos(selected, rounds);
            double count = r.oursCountOnly().meanNanos(selected, rounds);
            double lucene = r.luceneLatency().meanNanos(selected, rounds);
            out.printf("  %-16s %5d queries: ours mean %8.1f us (count only %7.1f), "
                            + "lucene mean %8.1f us (%.1fx)%n", k, r.mix().count(k), ours / 1e3, count / 1e3,
                    lucene / 1e3, ours == 0 ? 0 : lucene / ours);
        }
    }

    private static void line(PrintStream out, String name, Comparison.Build b, LatencyStats l, long n) {
        out.printf("%-6s build %.1f s (%,.0f docs/s), index %,d bytes, heap retained ~%,d bytes; "
                        + "%,.0f queries/s, p50 %.1f us, p99 %.1f us, max %.1f us%n",
                name, b.nanos() / 1e9, b.docsPerSecond(n), b.indexBytes(), b.heapBytes(), l.queriesPerSecond(),
                l.p50Nanos() / 1e3, l.p99Nanos() / 1e3, l.maxNanos() / 1e3);
    }

    private static String met(boolean met) {
        return met ? "MET" : "NOT MET";
    }

    /** One Markdown row per engine and corpus size. */
    static void printTable(List<Comparison.Result> results, PrintStream out) {
        out.println("| tracks | engine | build s | docs/s | index MB | file MB | heap MB | queries/s | p50 us "
                + "| p99 us | matches (sum) | ours/lucene q/s |");
        out.println("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Comparison.Result r : results) {
            long n = r.settings().tracks();
            double speedup = r.oursLatency().queriesPerSecond() / r.luceneLatency().queriesPerSecond();
            row(out, n, "ours", r.ours(), r.oursLatency(), r.agreement().totalMatches(), String.format("%.2fx", speedup));
            row(out, n, "lucene", r.lucene(), r.luceneLatency(), r.agreement().totalMatches(), "");
        }
    }

    private static void row(PrintStream out, long n, String engine, Comparison.Build b, LatencyStats l,
                            long matches, String ratio) {
        out.printf("| %,d | %s | %.1f | %,.0f | %.1f | %.1f | %.1f | %,.0f | %.1f | %.1f | %,d | %s |%n", n, engine,
                b.nanos() / 1e9, b.docsPerSecond(n), b.indexBytes() / 1048576.0, b.fileBytes() / 1048576.0,
                b.heapBytes() / 1048576.0,
                l.queriesPerSecond(), l.p50Nanos() / 1e3, l.p99Nanos() / 1e3, matches, ratio);
    }
}
