package io.constellation.bench.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A benchmark's server in a child JVM started from this JVM's classpath, so client and
 * server each have their own process and CPU accounting. The child announces itself with
 * one line starting with a ready prefix (e.g. {@code gateway port=P pid=PID}); all its
 * output is copied to a log, prefixed. It stops when its standard input ends.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final String ready;

    private ChildJvm(Process process, String ready) {
        this.process = process;
        this.ready = ready;
    }

    /**
     * Starts {@code main} with {@code args} and waits up to {@code timeout} for its ready line.
     *
     * @param jvmOptions the child JVM's options (e.g. "-Xmx1g"), space-separated
     * @param name       names the child in the log and in errors
     */
    public static ChildJvm start(Class<?> main, String jvmOptions, List<String> args, String readyPrefix,
                                 String name, PrintStream log, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String o : jvmOptions.trim().split("\\s+")) {
            if (!o.isEmpty()) {
                command.add(o);
            }
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a " + name + " JVM: " + command, e);
        }
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> forward(p, readyPrefix, ready, "[" + name + "] ", log), name + "-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ChildJvm(p, ready.get(timeout.toSeconds(), TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            throw new IllegalStateException("the " + name + " JVM did not report ready within " + timeout, e);
        }
    }

    /** Copies the child's output to {@code log} and completes {@code ready} with the rest of its ready line. */
    private static void forward(Process p, String prefix, CompletableFuture<String> ready, String logPrefix,
                                PrintStream log) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith(prefix)) {
                    ready.complete(line.substring(prefix.length()));
                }
                log.println(logPrefix + line);
            }
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException("the child JVM's output ended before it was ready"));
    }

    /** What followed the ready prefix on the ready line. */
    public String readyLine() {
        return ready;
    }

    public long pid() {
        return process.pid();
    }

    /** Closes the child's input (its signal to stop) and waits for it; forces it after 20 s. */
    @Override
    public void close() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
