package io.constellation.bench.gateway;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 * {@code --rounds} (default 300), {@code --calls} per path and round (default 100),
 * {@code --metrics true} to pass Micrometer's gRPC interceptor (default false). Both paths'
 * answers are checked byte for byte against each other first.
 */
public final class LookupPathComparison {

    private static final int REQUESTS = 1024;

    private LookupPathComparison() {
    }

    /** Per-call CPU and wall time of one path over the rounds, in nanoseconds. */
    record PathStats(LookupFixture.Path path, double medianCpu, double p25Cpu, double p75Cpu, double medianWall) {
    }

    public static void main(String[] args) throws Exception {
        int[] tracks = {1_000_000};
        int ids = 1000;
        int rounds = 300;
        int calls = 100;
        boolean metrics = false;
        for (int i = 0; i < args.length; i += 2) {
            String v = Args.value(args, i);
            switch (args[i]) {
                case "--tracks" -> tracks = Arrays.stream(v.split(",")).mapToInt(Args::count).toArray();
                case "--ids" -> ids = Args.count(v);
                case "--rounds" -> rounds = Args.count(v);
                case "--calls" -> calls = Args.count(v);
                case "--metrics" -> metrics = Boolean.parseBoolean(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        PrintStream out = System.out;
        out.printf(Locale.ROOT, "GetAvailability per-call work, %,d ids per call, %d rounds of %d calls per path, "
                + "Micrometer interceptor %s; load average %.2f%n", ids, rounds, calls, metrics ? "on" : "off",
                CpuMeter.loadAverage());
        out.println("| tracks | path | CPU us/call (median) | p25-p75 | wall us/call (median) | generated / this |");
        out.println("|---:|---|---:|---:|---:|---:|");
        for (int t : tracks) {
            try (LookupFixture f = new LookupFixture(t, ids, REQUESTS, 0)) {
                List<PathStats> stats = compare(f, rounds, calls, metrics);
                double generated = stats.get(0).medianCpu();
                for (PathStats s : stats) {
                    out.printf(Locale.ROOT, "| %,d | %s | %.1f | %.1f-%.1f | %.1f | %.2fx |%n", t,
                            s.path().name().toLowerCase(Locale.ROOT), s.medianCpu() / 1e3, s.p25Cpu() / 1e3,
                            s.p75Cpu() / 1e3, s.medianWall() / 1e3, generated / s.medianCpu());
                }
            }
        }
        out.printf(Locale.ROOT, "load average after: %.2f%n", CpuMeter.loadAverage());
    }

    /** Runs the interleaved rounds on {@code f}; stats in the order GENERATED, MARSHALLERS, LOOKUPS_ONLY. */
    static List<PathStats> compare(LookupFixture f, int rounds, int calls, boolean metrics) {
        checkSameAnswers(f, 64);
        Map<LookupFixture.Path, CallHarness<?, ?>> harnesses = new EnumMap<>(LookupFixture.Path.class);
        harnesses.put(LookupFixture.Path.GENERATED, f.harness(LookupFixture.Path.GENERATED, metrics));
        harnesses.put(LookupFixture.Path.MARSHALLERS, f.harness(LookupFixture.Path.MARSHALLERS, metrics));
        LookupFixture.Path[] paths = LookupFixture.Path.values();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[][] cpu = new long[paths.length][rounds];
        long[][] wall = new long[paths.length][rounds];
        int warmup = Math.max(10, rounds / 10);
        int size = f.requests().size();
        int next = 0;
        long sink = 0;
        for (int round = -warmup; round < rounds; round++) {
            for (int k = 0; k < paths.length; k++) {
                int p = Math.floorMod(k + round, paths.length);
                CallHarness<?, ?> h = harnesses.get(paths[p]);
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
        for (int p = 0; p < paths.length; p++) {
            Arrays.sort(cpu[p]);
            Arrays.sort(wall[p]);
            out.add(new PathStats(paths[p], at(cpu[p], 0.5), at(cpu[p], 0.25), at(cpu[p], 0.75), at(wall[p], 0.5)));
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
