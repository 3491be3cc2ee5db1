package io.constellation.web.internal;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Sends an answer with the headers every answer of the web front end carries. */
public final class HttpReply {

    /**
     * Only our own script, style and API; no inline script or style, no frames, no plug-ins:
     * even if catalog text reached the DOM as markup, it could not run.
     */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    public static final String JSON = "application/json; charset=utf-8";

    private HttpReply() {
    }

    /** Sends {@code body} with {@code status} and closes the exchange. */
    public static void send(HttpExchange exchange, int status, String contentType, byte[] body, String cacheControl)
            throws IOException {
        Headers h = exchange.getResponseHeaders();
        h.set("Content-Type", contentType);
        h.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
        h.set("X-Frame-Options", "DENY");
        h.set("Cache-Control", cacheControl);
        boolean head = "HEAD".equals(exchange.getRequestMethod());
        try (exchange; OutputStream out = exchange.getResponseBody()) {
            exchange.sendResponseHeaders(status, head ? -1 : body.length);
            if (!head) {
                out.write(body);
            }
        }
    }

    /** Sends a JSON document, never cached (search results change with availability). */
    public static void json(HttpExchange exchange, int status, Json json) throws IOException {
        send(exchange, status, JSON, json.toString().getBytes(StandardCharsets.UTF_8), "no-store");
    }

    /** Sends {@code {"error": outcome, "message": ...}} with the outcome's HTTP status. */
    public static void error(HttpExchange exchange, Outcome outcome, String message) throws IOException {
        json(exchange, outcome.httpStatus(), new Json().beginObject().field("error", outcome.tag())
                .field("message", message).endObject());
    }
}
