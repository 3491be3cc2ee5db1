package io.constellation.bench.cache;

import io.constellation.bench.gateway.ChildJvm;
import io.constellation.cache.client.CacheNode;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The cache nodes a benchmark drives, wherever they run:
 * <ul>
 *   <li>{@code embedded}: a {@link SearchStack} in this JVM (one process: client and
 *       servers share its CPU accounting; their meters can be read);</li>
 *   <li>{@code spawn}: a {@link SearchStackProcess} in a child JVM, whose CPU is read from
 *       /proc;</li>
 *   <li>{@code ID@HOST:PORT,...}: nodes already running (give {@code --stack-pid} to have
 *       their process's CPU read).</li>
 * </ul>
 */
final class StackUnderTest implements AutoCloseable {

    private final String description;
    private final List<CacheNode> members;
    private final long pid;
    private final SearchStack embedded;
    private final AutoCloseable owned;

    private StackUnderTest(String description, List<CacheNode> members, long pid, SearchStack embedded,
                           AutoCloseable owned) {
        this.description = description;
        this.members = members;
        this.pid = pid;
        this.embedded = embedded;
        this.owned = owned;
    }

    /**
     * @param where      "embedded", "spawn" or a list of nodes
     * @param pid        the process of listed nodes, or 0
     * @param jvmOptions a spawned stack's JVM options
     */
    static StackUnderTest of(String where, long pid, String jvmOptions, StackOptions stack, PrintStream log)
            throws Exception {
        return switch (where) {
            case "embedded" -> {
                SearchStack s = SearchStack.start(stack, log);
                yield new StackUnderTest("in this JVM", s.members(), ProcessHandle.current().pid(), s, s);
            }
            case "spawn" -> spawn(jvmOptions, stack, log);
            default -> new StackUnderTest("at " + where, parse(where, "127.0.0.1"), pid, null, () -> { });
        };
    }

    private static StackUnderTest spawn(String jvmOptions, StackOptions stack, PrintStream log) {
        Duration wait = stack.indexWait().plus(Duration.ofHours(2)); // a first import of millions of tracks
        ChildJvm child = ChildJvm.start(SearchStackProcess.class, jvmOptions, stack.asArgs(),
                SearchStackProcess.READY_PREFIX, "stack", log, wait);
        String line = child.readyLine();
        return new StackUnderTest("in its own JVM (pid " + child.pid() + ", " + jvmOptions.trim() + ")",
                parse(line.substring(0, line.indexOf(' ')), "127.0.0.1"), child.pid(), null, child);
    }

    /** "ID@PORT" or "ID@HOST:PORT", comma-separated. */
    static List<CacheNode> parse(String list, String defaultHost) {
        List<CacheNode> nodes = new ArrayList<>();
        for (String item : list.split(",")) {
            int at = item.indexOf('@');
            if (at <= 0) {
                throw new IllegalArgumentException("a node is ID@PORT or ID@HOST:PORT, not " + item);
            }
            String address = item.substring(at + 1);
            int colon = address.lastIndexOf(':');
            String host = colon < 0 ? defaultHost : address.substring(0, colon);
            nodes.add(CacheNode.of(item.substring(0, at), host, Integer.parseInt(address.substring(colon + 1))));
        }
        return nodes;
    }

    List<CacheNode> members() {
        return members;
    }

    /** The servers' process (this JVM's when embedded); 0 if unknown. */
    long pid() {
        return pid;
    }

    boolean inProcess() {
        return pid == ProcessHandle.current().pid();
    }

    /** The stack when it runs in this JVM, else null. */
    SearchStack embedded() {
        return embedded;
    }

    String describe() {
        return description;
    }

    @Override
    public void close() throws Exception {
        owned.close();
    }
}
