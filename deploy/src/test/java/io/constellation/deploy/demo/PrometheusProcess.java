package io.constellation.deploy.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Prometheus server (the Debian package's binary) run by a test: scrapes the given
 * targets every second, keeps its data in a directory of the test's, and answers instant
 * queries over its HTTP API. {@link #start} then {@link #close} (kills it).
 *
 * <p>It listens on {@code 127.0.0.1:0}: Prometheus binds what it is given and logs the
 * bound address ({@code msg="Listening on" address=127.0.0.1:NNNNN}), which is read back
 * from its log; so no free port is probed for.
 */
final class PrometheusProcess implements AutoCloseable {

    /** What the exporter toolkit logs once bound, with the port the system picked. */
    private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private int port;

    private PrometheusProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * One scrape target: a name (the {@code node} label: every service labels its own
     * series {@code service} already) and the {@code host:port} of its /metrics.
     */
    record Target(String node, String address) {
    }

    /**
     * Writes the configuration (every target scraped each second), starts Prometheus and
     * waits until it listens.
     */
    static PrometheusProcess start(Path binary, Path dir, List<Target> targets, Duration patience)
            throws IOException, InterruptedException {
        Path config = Files.writeString(dir.resolve("prometheus.yml"), config(targets));
        Path log = dir.resolve("prometheus.log");
        Process p = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:0")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        PrometheusProcess prometheus = new PrometheusProcess(p, log);
        try {
            prometheus.awaitListening(patience);
        } catch (IOException | InterruptedException | RuntimeException | Error e) { // not left running
            prometheus.close();
            throw e;
        }
        return prometheus;
    }

    static String config(List<Target> targets) {
        StringBuilder y = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
                + "scrape_configs:\n  - job_name: constellation\n    static_configs:\n");
        for (Target t : targets) {
            y.append("      - targets: ['").append(t.address()).append("']\n")
                    .append("        labels: {node: '").append(t.node()).append("'}\n");
        }
        return y.toString();
    }

    private void awaitListening(Duration patience) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        while (true) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + ":\n" + logText());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("prometheus did not listen within " + patience + ":\n" + logText());
            }
            Thread.sleep(100);
        }
    }

    /** Its HTTP API's base, e.g. {@code http://127.0.0.1:40123}. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** The {@code data.result} array of an instant query; fails on an error answer. */
    JsonNode query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create(url() + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(r.body());
        if (r.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query " + promql + " answered " + r.statusCode() + ": " + r.body());
        }
        return body.path("data").path("result");
    }

    /** Its log so far (for a failure message). */
    String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Stops it (SIGTERM), and kills it if it has not exited within {@link #STOP_WAIT}. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
    }
}
