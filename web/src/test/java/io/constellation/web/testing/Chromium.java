package io.constellation.web.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium driven through chromedriver's W3C WebDriver HTTP API (just the
 * commands the browser tests use): one chromedriver process on a free loopback port, one
 * browser session with a fresh profile. {@link #close()} ends the session and the process.
 * Never downloads a browser: it runs the system's {@code chromium} and {@code chromedriver}
 * (Debian packages {@code chromium}, {@code chromium-driver}).
 */
public final class Chromium implements AutoCloseable {

    /** The browser; {@code -Dchromium.binary=...} overrides. */
    public static final Path BROWSER = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    /** The driver; {@code -Dchromedriver.binary=...} overrides. */
    public static final Path DRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    /** How long a test waits for the page on a loaded 2-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(30);

    private static final String ELEMENT = "element-6066-11e4-a52e-4f735466cecf";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final Process driver;
    private final String base;
    private String session;

    /** Whether both programs are installed; tests skip (saying why) when not. */
    public static boolean installed() {
        return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
    }

    /**
     * Starts chromedriver (its log in {@code log}) and a headless browser with a fresh
     * profile in {@code profileDir}, its window {@code width}×{@code height}.
     */
    public Chromium(Path profileDir, Path log, int width, int height) throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.createDirectories(log.getParent());
        driver = new ProcessBuilder(DRIVER.toString(), "--port=" + port).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        base = "http://127.0.0.1:" + port;
        try {
            awaitDriverReady(log);
            List<String> args = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profileDir.toAbsolutePath(),
                    "--window-size=" + width + "," + height);
            Map<String, Object> caps = Map.of("capabilities", Map.of("alwaysMatch", Map.of("browserName", "chrome",
                    "goog:chromeOptions", Map.of("binary", BROWSER.toString(), "args", args))));
            session = call("POST", "/session", caps).get("sessionId").asText();
        } catch (IOException | InterruptedException | RuntimeException e) {
            driver.destroyForcibly();
            throw e;
        }
    }

    /** Loads {@code url} (returns once the document has loaded). */
    public void open(String url) throws IOException, InterruptedException {
        call("POST", path("/url"), Map.of("url", url));
    }

    /** The id of the first element matching {@code css}. */
    public String find(String css) throws IOException, InterruptedException {
        return call("POST", path("/element"), Map.of("using", "css selector", "value", css)).get(ELEMENT).asText();
    }

    /** Types {@code text} into the element ({@code \uE007} is Enter). */
    public void type(String element, String text) throws IOException, InterruptedException {
        call("POST", path("/element/" + element + "/value"), Map.of("text", text));
    }

    public void click(String element) throws IOException, InterruptedException {
        call("POST", path("/element/" + element + "/click"), Map.of());
    }

    /** The element's rendered text, as a user reads it. */
    public String text(String element) throws IOException, InterruptedException {
        return call("GET", path("/element/" + element + "/text"), null).asText();
    }

    /** Runs {@code script} (a function body; {@code return} gives the result) in the page. */
    public JsonNode script(String script) throws IOException, InterruptedException {
        return call("POST", path("/execute/sync"), Map.of("script", script, "args", List.of()));
    }

    /** Saves a PNG of the viewport to {@code file}. */
    public void screenshot(Path file) throws IOException, InterruptedException {
        byte[] png = Base64.getDecoder().decode(call("GET", path("/screenshot"), null).asText());
        Files.createDirectories(file.getParent());
        Files.write(file, png);
    }

    /** Polls {@code condition} (a script returning a boolean) until true; fails naming {@code what}. */
    public void await(String condition, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!script(condition).asBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting in the browser: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** Ends the session (the browser quits), then the driver: gracefully, then forcibly after 10 s. */
    @Override
    public void close() {
        try {
            if (session != null) {
                call("DELETE", path(""), null);
            }
        } catch (IOException | RuntimeException e) {
            // A session already gone is what closing wants anyway.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            driver.destroy();
            try {
                if (!driver.waitFor(10, TimeUnit.SECONDS)) {
                    driver.destroyForcibly();
                }
            } catch (InterruptedException e) {
                driver.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private void awaitDriverReady(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            try {
                if (call("GET", "/status", null).path("ready").asBoolean()) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            if (!driver.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("chromedriver did not become ready; its log: " + Files.readString(log));
            }
            Thread.sleep(50);
        }
    }

    private String path(String rest) {
        return "/session/" + session + rest;
    }

    /** One WebDriver command; its {@code value}. @throws IllegalStateException with the driver's error */
    private JsonNode call(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (body != null) {
            b.header("Content-Type", "application/json; charset=utf-8")
                    .method(method, HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode value = MAPPER.readTree(r.body()).path("value");
        if (r.statusCode() != 200) {
            throw new IllegalStateException("WebDriver " + method + " " + path + " failed (" + r.statusCode() + "): "
                    + value.path("error").asText() + ": " + value.path("message").asText());
        }
        return value;
    }

    /** The texts of a JSON array of strings. */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }
}
