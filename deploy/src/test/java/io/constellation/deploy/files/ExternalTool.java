package io.constellation.deploy.files;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line tool the deploy checks need (promtool, docker-compose, kubectl). A
 * missing tool fails the test, never skips it: .ci/run installs them on a clean machine.
 */
final class ExternalTool {

    /** What a run printed (standard output and error, interleaved) and its exit status. */
    record Result(int exitCode, String output) {
    }

    private static final Map<String, String> PACKAGES = Map.of(
            "promtool", "the Debian package prometheus",
            "docker-compose", "the Debian package docker-compose",
            "kubectl", "kubectl (Kubernetes apt repository)");

    /** Long enough for a cold start on a loaded 2-core machine; these tools take about a second. */
    private static final long TIMEOUT_SECONDS = 180;

    private ExternalTool() {
    }

    /** Runs {@code command} in {@code dir}, feeding it {@code stdin} (may be null). */
    static Result run(Path dir, String stdin, List<String> command) throws IOException, InterruptedException {
        requireOnPath(command.get(0));
        Path out = Files.createTempFile("tool-", ".out");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            try (OutputStream in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", command) + " did not finish in " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), Files.readString(out));
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** Runs the command and fails the test unless it exits 0; returns what it printed. */
    static String check(Path dir, String stdin, List<String> command) throws IOException, InterruptedException {
        Result r = run(dir, stdin, command);
        if (r.exitCode() != 0) {
            fail(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }

    private static void requireOnPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return;
            }
        }
        fail(tool + " is not on the PATH: install " + PACKAGES.getOrDefault(tool, tool)
                + " (bash .ci/run installs what is missing)");
    }
}
