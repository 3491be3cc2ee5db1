package io.constellation.bench.index;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares our index with Lucene on generated corpora of one or more sizes and prints a
 * Markdown table.
 *
 * <pre>
 * java -Xmx16g -cp bench/target/benchmarks.jar io.constellation.bench.index.IndexVsLucene \
 *     --tracks 1000000,5000000,20000000 --queries 10000 --seed 42 --rounds 5
 * </pre>
 *
 * <p>Options: {@code --tracks N[,N2,...]} corpus sizes; {@code --queries Q} size of the
 * query mix; {@code --seed S} corpus and query seed; {@code --rounds R} timed passes over
 * the mix per engine; {@code --warmup W} untimed passes first (default 2);
 * {@code --threads T} build threads (default: available processors); {@code --tmp DIR}
 * where Lucene's index is written (default: the system temp directory). Exits non-zero if
 * the engines return different ids for any query.
 */
public final class IndexVsLucene {

    private IndexVsLucene() {
    }

    /**
     * Parsed command line.
     *
     * @param tracks corpus sizes, run in the order given
     */
    record Options(long[] tracks, int queries, long seed, int rounds, int warmup, int threads, Path tmp) {

        static Options parse(String[] args) {
            long[] tracks = {1_000_000};
            int queries = 10_000;
            long seed = 42;
            int rounds = 5;
            int warmup = 2;
            int threads = Runtime.getRuntime().availableProcessors();
            Path tmp = Paths.get(System.getProperty("java.io.tmpdir"));
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + args[i]);
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--tracks" -> tracks = parseSizes(v);
                    case "--queries" -> queries = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--rounds" -> rounds = Integer.parseInt(v);
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--threads" -> threads = Integer.parseInt(v);
                    case "--tmp" -> tmp = Paths.get(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(tracks, queries, seed, rounds, warmup, threads, tmp);
        }

        private static long[] parseSizes(String v) {
            String[] parts = v.split(",");
            long[] out = new long[parts.length];
            for (int i = 0; i < parts.length; i++) {
                out[i] = Long.parseLong(parts[i].trim().replace("_", ""));
            }
            return out;
        }
    }

    /** Runs the comparison for every size and prints the table; see the class comment. */
    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        PrintStream out = System.out;
        Files.createDirectories(o.tmp());
        out.printf("java %s (%s), %d processors, max heap %,d MB%n", System.getProperty("java.version"),
                System.getProperty("java.vm.name"), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);
        List<Comparison.Result> results = new ArrayList<>();
        for (long tracks : o.tracks()) {
            out.printf("%n== %,d tracks ==%n", tracks);
            Comparison.Settings s = new Comparison.Settings(tracks, o.queries(), o.seed(), o.warmup(), o.rounds(),
                    o.threads(), o.tmp());
            Comparison.Result r = Comparison.run(s, out);
            results.add(r);
            Report.printDetail(r, out);
        }
        out.println();
        Report.printTable(results, out);
    }
}
