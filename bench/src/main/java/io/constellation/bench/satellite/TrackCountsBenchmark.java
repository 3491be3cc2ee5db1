package io.constellation.bench.satellite;

import io.constellation.satellite.share.TrackCounts;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link TrackCounts}' work for one satellite login and one logout under churn, as the
 * login benchmark ({@code bench/results/satellite-logins.md}) drives it: {@code sessions}
 * online satellites share {@code files} distinct tracks each, drawn Zipf(1.0) from ids
 * 1..{@code universe} (the catalog's dense ids); one operation is a session leaving (its
 * tracks removed) and coming back (added), and the feed cuts a delta every
 * {@code opsPerCut} operations (a cut every 100 ms at 5,000 logins/s).
 *
 * <pre>
 * java -jar bench/target/benchmarks.jar TrackCountsBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Threads(1)
public class TrackCountsBenchmark {

    /** Distinct tracks the satellites draw from. */
    @Param({"50000", "1000000"})
    public int universe;

    /** Online satellites. */
    @Param({"5000"})
    public int sessions;

    /** Distinct tracks a satellite shares. */
    @Param({"300"})
    public int files;

    /** Operations between two delta cuts of the feed. */
    @Param({"500"})
    public int opsPerCut;

    private TrackCounts counts;
    private int[][] shares;
    private int next;
    private int sinceCut;

    /** Draws every session's tracks and puts them all online. */
    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(42);
        double[] cumulative = zipf(universe);
        shares = new int[sessions][];
        counts = new TrackCounts();
        for (int s = 0; s < sessions; s++) {
            shares[s] = distinctTracks(random, cumulative, files);
            counts.add(shares[s], files);
        }
        counts.cutDelta();
    }

    /** One logout and one login of the same share set, and the feed's cut when it is due. */
    @Benchmark
    public int logoutAndLogin() {
        int[] tracks = shares[next];
        next = next + 1 == sessions ? 0 : next + 1;
        counts.remove(tracks, tracks.length);
        counts.add(tracks, tracks.length);
        if (++sinceCut == opsPerCut) {
            sinceCut = 0;
            return counts.cutDelta().size();
        }
        return tracks.length;
    }

    private static double[] zipf(int n) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += 1.0 / (i + 1);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }

    private static int[] distinctTracks(SplittableRandom random, double[] cumulative, int count) {
        IntOpenHashSet drawn = new IntOpenHashSet(count);
        while (drawn.size() < count) {
            int at = Arrays.binarySearch(cumulative, random.nextDouble());
            int rank = at >= 0 ? at : -at - 1;
            drawn.add(1 + Math.min(rank, cumulative.length - 1));
        }
        return drawn.toIntArray();
    }
}
