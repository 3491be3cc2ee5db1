package io.constellation.bench.cache;

import io.constellation.bench.gateway.CpuMeter;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A {@link SearchStack} alone in its JVM, so a load generator in another process can tell
 * its own CPU from the servers':
 *
 * <pre>
 * java -Xms2g -Xmx2g -cp bench/target/benchmarks.jar io.constellation.bench.cache.SearchStackProcess --tracks 200000
 * </pre>
 *
 * <p>Takes the {@link StackOptions} options. Prints {@code search-stack nodes=ID@PORT,... pid=PID}
 * once every node serves (what {@link StackUnderTest} waits for), and the CPU it used when
 * its standard input ends, which stops it.
 */
public final class SearchStackProcess {

    /** The start of the ready line. */
    static final String READY_PREFIX = "search-stack nodes=";

    private SearchStackProcess() {
    }

    public static void main(String[] args) throws Exception {
        OptionMap options = new OptionMap(args);
        StackOptions o = StackOptions.from(options, 100_000);
        options.done();
        try (SearchStack stack = SearchStack.start(o, System.out)) {
            long cpu0 = CpuMeter.selfNanos();
            long t0 = System.nanoTime();
            System.out.println(READY_PREFIX + stack.members().stream().map(m -> m.id() + "@" + m.port())
                    .collect(Collectors.joining(",")) + " pid=" + ProcessHandle.current().pid());
            System.out.flush();
            drain(System.in);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (CpuMeter.selfNanos() - cpu0) / 1e9;
            System.out.printf(Locale.ROOT, "search stack stopping: %.1f CPU seconds in %.1f s since ready "
                    + "(%.2f cores on average)%n", cpu, wall, cpu / wall);
        }
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[256];
        while (in.read(buf) >= 0) {
            // wait for end of input: the parent closes it to stop us
        }
    }
}
