package io.constellation.bench.gateway;

import io.constellation.gateway.GatewayServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * The gateway a benchmark drives, wherever it runs:
 * <ul>
 *   <li>{@code embedded}: in this JVM (client and server share one process and its CPU
 *       accounting);</li>
 *   <li>{@code spawn}: a {@link GatewayProcess} in a child JVM started from this JVM's
 *       classpath, so client and server each have their own process (its CPU is read from
 *       /proc);</li>
 *   <li>{@code host:port}: one already running (give {@code --gateway-pid} to have its CPU
 *       read too).</li>
 * </ul>
 */
final class GatewayUnderTest implements AutoCloseable {

    private static final Duration SPAWN_TIMEOUT = Duration.ofSeconds(60);

    private final String description;
    private final String host;
    private final int port;
    private final long pid;
    private final AutoCloseable owned;

    private GatewayUnderTest(String description, String host, int port, long pid, AutoCloseable owned) {
        this.description = description;
        this.host = host;
        this.port = port;
        this.pid = pid;
        this.owned = owned;
    }

    /**
     * @param where     "embedded", "spawn" or "host:port"
     * @param pid       the process id of a gateway given as host:port, or 0
     * @param jvmOptions options of a spawned gateway's JVM (e.g. "-Xmx1g"), space-separated
     * @param log       where a spawned gateway's output goes, prefixed
     */
    static GatewayUnderTest of(String where, long pid, String jvmOptions, PrintStream log) {
        return switch (where) {
            case "embedded" -> embedded();
            case "spawn" -> spawn(jvmOptions, log);
            default -> target(where, pid);
        };
    }

    private static GatewayUnderTest embedded() {
        BenchCatalog catalog = BenchCatalog.open(null);
        GatewayServer gateway = GatewayProcess.start("127.0.0.1", 0, catalog);
        return new GatewayUnderTest("in this JVM", "127.0.0.1", gateway.grpcPort(), ProcessHandle.current().pid(),
                () -> {
                    gateway.close();
                    catalog.close();
                });
    }

    private static GatewayUnderTest target(String hostPort, long pid) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--gateway must be embedded, spawn or host:port, not " + hostPort);
        }
        return new GatewayUnderTest("at " + hostPort + (pid > 0 ? " (pid " + pid + ")" : ""),
                hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), pid, () -> { });
    }

    private static GatewayUnderTest spawn(String jvmOptions, PrintStream log) {
        ChildJvm child = ChildJvm.start(GatewayProcess.class, jvmOptions, List.of(), GatewayProcess.READY_PREFIX,
                "gateway", log, SPAWN_TIMEOUT);
        String rest = child.readyLine();
        int bound = Integer.parseInt(rest.substring(0, rest.indexOf(' ')));
        return new GatewayUnderTest("in its own JVM (pid " + child.pid() + ", " + jvmOptions.trim() + ")",
                "127.0.0.1", bound, child.pid(), child);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    /** The gateway's process id (this JVM's when embedded); 0 if unknown. */
    long pid() {
        return pid;
    }

    /** Whether the gateway shares this JVM. */
    boolean inProcess() {
        return pid == ProcessHandle.current().pid();
    }

    /** Where it runs, for the report. */
    String describe() {
        return description;
    }

    @Override
    public void close() throws Exception {
        owned.close();
    }
}
