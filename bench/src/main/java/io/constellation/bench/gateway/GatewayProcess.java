package io.constellation.bench.gateway;

import io.constellation.gateway.GatewayConfig;
import io.constellation.gateway.GatewayServer;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;

/**
 * A gateway alone in its JVM, for benchmarks that keep the load generator in another process:
 *
 * <pre>
 * java -Xms1g -Xmx1g -cp bench/target/benchmarks.jar io.constellation.bench.gateway.GatewayProcess --port 0
 * </pre>
 *
 * <p>Options: {@code --host H} (default 127.0.0.1), {@code --port P} (default 0: any free
 * port), {@code --catalog JDBC_URL} (default an H2 catalog in a temporary directory; the
 * gateway only uses it for the daily job, which is off here), {@code --seconds S} (stop
 * after S seconds; default: when standard input ends). Prints
 * {@code gateway port=P pid=PID} once listening (what {@link GatewayUnderTest} waits for),
 * and the CPU it used when it stops.
 */
public final class GatewayProcess {

    /** The line announcing the port: {@code gateway port=P pid=PID}. */
    static final String READY_PREFIX = "gateway port=";

    private GatewayProcess() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        long cpu0 = CpuMeter.selfNanos();
        long t0 = System.nanoTime();
        try (BenchCatalog catalog = BenchCatalog.open(o.catalog());
             GatewayServer gateway = start(o.host(), o.port(), catalog)) {
            System.out.println(READY_PREFIX + gateway.grpcPort() + " pid=" + ProcessHandle.current().pid());
            System.out.flush();
            if (o.seconds() > 0) {
                Thread.sleep(Duration.ofSeconds(o.seconds()).toMillis());
            } else {
                drain(System.in);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (CpuMeter.selfNanos() - cpu0) / 1e9;
            System.out.printf("gateway stopping: %.1f CPU seconds in %.1f s (%.2f cores on average)%n",
                    cpu, wall, cpu / wall);
        }
    }

    /**
     * A gateway for benchmarks: look-ups open at once (no start-up wait), no daily job, and
     * a short grace period so a finished run's feed is withdrawn before the next.
     */
    public static GatewayServer start(String host, int port, BenchCatalog catalog) {
        GatewayConfig config = GatewayConfig.builder().host(host).grpcPort(port)
                .startupWait(Duration.ZERO).historicalJobScheduled(false).gracePeriod(Duration.ofSeconds(2)).build();
        return new GatewayServer(config, catalog.catalog()).start();
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buf = new byte[256];
        while (in.read(buf) >= 0) {
            // wait for end of input: the parent closes it to stop us
        }
    }

    /** Parsed command line. */
    record Options(String host, int port, String catalog, long seconds) {
        static Options parse(String[] args) {
            String host = "127.0.0.1";
            int port = 0;
            String catalog = null;
            long seconds = 0;
            for (int i = 0; i < args.length; i += 2) {
                String v = Args.value(args, i);
                switch (args[i]) {
                    case "--host" -> host = v;
                    case "--port" -> port = Integer.parseInt(v);
                    case "--catalog" -> catalog = v;
                    case "--seconds" -> seconds = Long.parseLong(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            return new Options(host, port, catalog, seconds);
        }
    }
}
