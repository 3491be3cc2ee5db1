package io.constellation.bench.gateway;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The paths of {@link LookupPathBenchmark} compared in short interleaved rounds, timed by
 * this thread's CPU time rather than the wall clock: on a machine shared with other
 * people's builds the wall clock also counts the time the thread waited for a core, while
 * CPU time counts only the work (other load still pollutes the caches, and the median
 * over many rounds is what is reported). Each round runs every path for the same number
 * of calls, in a rotating order.
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.constellation.bench.gateway.LookupPathComparison \
 *     --tracks 100000,1000000,10000000 --rounds 300 --calls 100
 * </pre>
 *
 * <p>Options: {@code --tracks N[,N...]}, {@code --ids} per call (default 1,000),
 * {@code --rounds} (default 300), {@code --calls} per variant and round (default 100).
 * Variants: both paths without and with Micrometer's gRPC interceptor (which every
 * Constellation gRPC server has), and the table reads alone. Both paths' answers are
 * checked byte for byte against each other first.
 */
public final class LookupPathComparison {

    private static final int REQUESTS = 1024;

    private LookupPathComparison() {
    }

    /** Per-call CPU and wall time of one variant over the rounds, in nanoseconds. */
    record PathStats(String variant, double medianCpu, double p25Cpu, double p75Cpu, double medianWall) {
    }

    /** A way of answering one call: a harness, or (null) the table reads alone. */
    private record Variant(String name, CallHarness<?, ?> harness) {
    }

    public static void main(String[] args) throws Exception {
        int[] tracks = {1_000_000};
        int ids = 1000;
        int rounds = 300;
        int calls = 100;
        for (int i = 0; i < args.length; i += 2) {
            String v = Args.value(args, i);
            switch (args[i]) {
                case "--tracks" -> tracks = Arrays.stream(v.split(",")).mapToInt(Args::count).toArray();
                case "--ids" -> ids = Args.count(v);
                case "--rounds" -> rounds = Args.count(v);
                case "--calls" -> calls = Args.count(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "GetAvailability per-call work, %,d ids per call, %d rounds of %d calls per variant; "
                + "load average %.2f%n", ids, rounds, calls, CpuMeter.loadAverage());
        out.println("| tracks | variant | CPU us/call (median) | p25-p75 | wall us/call (median) | generated / this |");
        out.println("|---:|---|---:|---:|---:|---:|");
        for (int t : tracks) {
            try (LookupFixture f = new LookupFixture(t, ids, REQUESTS, 0)) {
                List<PathStats> stats = compare(f, rounds, calls, true);
                double generated = stats.get(0).medianCpu();
                for (PathStats s : stats) {
                    out.printf(Locale.ROOT, "| %,d | %s | %.1f | %.1f-%.1f | %.1f | %.2fx |%n", t, s.variant(),
                            s.medianCpu() / 1e3, s.p25Cpu() / 1e3, s.p75Cpu() / 1e3, s.medianWall() / 1e3,
                            generated / s.medianCpu());
                }
            }
        }
        out.printf(Locale.ROOT, "load average after: %.2f%n", CpuMeter.loadAverage());
    }

    /**
     * Runs the interleaved rounds on {@code f}: generated, marshallers, look-ups only, and,
     * when {@code withMetrics}, both paths again through Micrometer's gRPC interceptor.
     */
    static List<PathStats> compare(LookupFixture f, int rounds, int calls, boolean withMetrics) {
        checkSameAnswers(f, 64);
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("generated", f.harness(LookupFixture.Path.GENERATED, false)));
        variants.add(new Variant("marshallers", f.harness(LookupFixture.Path.MARSHALLERS, false)));
        variants.add(new Variant("lookups only", null));
        if (withMetrics) {
            variants.add(new Variant("generated + metrics interceptor", f.harness(LookupFixture.Path.GENERATED, true)));
            variants.add(new Variant("marshallers + metrics interceptor",
                    f.harness(LookupFixture.Path.MARSHALLERS, true)));
        }
        int v = variants.size();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] cpu = new long[v][rounds];
        long[][] wall = new long[v][rounds];
        int warmup = Math.max(10, rounds / 10);
        int size = f.requests().size();
        int next = 0;
        long sink = 0;
        for (int round = -warmup; round < rounds; round++) {
            for (int k = 0; k < v; k++) {
                int p = Math.floorMod(k + round, v);
                CallHarness<?, ?> h = variants.get(p).harness();
                long c0 = threads.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                for (int i = 0; i < calls; i++) {
                    next = next + 1 == size ? 0 : next + 1;
                    sink += h == null ? f.lookupsOnly(next) : h.call(f.requests().bytes(next));
                }
                if (round >= 0) {
                    wall[p][round] = (System.nanoTime() - w0) / calls;
                    cpu[p][round] = (threads.getCurrentThreadCpuTime() - c0) / calls;
                }
            }
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        List<PathStats> out = new ArrayList<>();
        for (int p = 0; p < v; p++) {
            Arrays.sort(cpu[p]);
            Arrays.sort(wall[p]);
            out.add(new PathStats(variants.get(p).name(), at(cpu[p], 0.5), at(cpu[p], 0.25), at(cpu[p], 0.75),
                    at(wall[p], 0.5)));
        }
        return out;
    }

    /** Fails unless the generated path and the gateway's marshallers answer the first {@code n} requests byte for byte alike. */
    static void checkSameAnswers(LookupFixture f, int n) {
        CallHarness<?, ?> generated = f.harness(LookupFixture.Path.GENERATED, false);
        CallHarness<?, ?> ours = f.harness(LookupFixture.Path.MARSHALLERS, false);
        for (int r = 0; r < Math.min(n, f.requests().size()); r++) {
            byte[] a = generated.answer(f.requests().bytes(r));
            byte[] b = ours.answer(f.requests().bytes(r));
            if (!Arrays.equals(a, b)) {
                throw new IllegalStateException("request " + r + ": the paths answer differently (" + a.length
                        + " and " + b.length + " bytes)");
            }
            int[] counts = LookupCodec.decode(b);
            int[] ids = f.requests().ids(r);
            for (int i = 0; i < ids.length; i++) {
                if (counts[i] != SyntheticFeed.expectedCount(ids[i])) {
                    throw new IllegalStateException("request " + r + " id " + ids[i] + ": count " + counts[i]
                            + ", fed " + SyntheticFeed.expectedCount(ids[i]));
                }
            }
        }
    }

    private static double at(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) (q * sorted.length))];
    }
}
