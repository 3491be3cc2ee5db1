package io.constellation.web.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Serves the page: {@code /} (index.html), {@code /app.js} and {@code /style.css}, read from
 * the classpath once at construction; any other path is 404.
 */
public final class AssetHandler implements HttpHandler {

    private static final String ROOT = "/io/constellation/web/static/";

    private record Asset(byte[] body, String contentType) {
    }

    private final Map<String, Asset> assets;
    private final WebMetrics metrics;

    public AssetHandler(WebMetrics metrics) {
        this.metrics = metrics;
        this.assets = Map.of(
                "/", load("index.html", "text/html; charset=utf-8"),
                "/index.html", load("index.html", "text/html; charset=utf-8"),
                "/app.js", load("app.js", "text/javascript; charset=utf-8"),
                "/style.css", load("style.css", "text/css; charset=utf-8"));
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        Asset asset = assets.get(exchange.getRequestURI().getPath());
        if (asset == null) {
            metrics.answered(Endpoint.OTHER, Outcome.NOT_FOUND);
            HttpReply.error(exchange, Outcome.NOT_FOUND, "no such page: " + exchange.getRequestURI().getPath());
            return;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            metrics.answered(Endpoint.ASSET, Outcome.METHOD_NOT_ALLOWED);
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            HttpReply.error(exchange, Outcome.METHOD_NOT_ALLOWED, "use GET");
            return;
        }
        metrics.answered(Endpoint.ASSET, Outcome.OK);
        // no-cache: revalidate each load, so a new release's script never pairs with an old page.
        HttpReply.send(exchange, 200, asset.contentType(), asset.body(), "no-cache");
    }

    private static Asset load(String name, String contentType) {
        try (InputStream in = AssetHandler.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                throw new IllegalStateException("the web page's " + name + " is missing from the classpath");
            }
            return new Asset(in.readAllBytes(), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
