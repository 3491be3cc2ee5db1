package io.constellation.web.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.constellation.cache.client.SearchClient;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.web.StatusSource;
import io.grpc.StatusRuntimeException;
import java.io.IOException;

/**
 * The page's JSON API, under {@code /api/}:
 *
 * <ul>
 *   <li>{@code GET /api/search?q=...&page=N}: one page of results ({@link SearchJson#page});
 *   <li>{@code POST /api/prefetch?q=...}: warms the query on its cache node while the user
 *       types ({@link SearchJson#prefetch});
 *   <li>{@code GET /api/status}: the status strip's figures ({@link SearchJson#status}).
 * </ul>
 *
 * Failures answer {@code {"error", "message"}} with the HTTP status of their {@link Outcome}:
 * 400 for a query the rules refuse (ours or the search API's INVALID_ARGUMENT), 503 when the
 * cache nodes are UNAVAILABLE, 504 past the deadline, 502 otherwise. Runs on the HTTP
 * threads, blocking each for one search call.
 */
public final class ApiHandler implements HttpHandler {

    private final SearchClient client;
    private final int pageSize;
    private final StatusSource status;
    private final SearchRate searchRate;
    private final WebMetrics metrics;

    public ApiHandler(SearchClient client, int pageSize, StatusSource status, SearchRate searchRate,
            WebMetrics metrics) {
        this.client = client;
        this.pageSize = pageSize;
        this.status = status;
        this.searchRate = searchRate;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        switch (path) {
            case "/api/search" -> {
                if (allowed(exchange, Endpoint.SEARCH, "GET")) {
                    search(exchange);
                }
            }
            case "/api/prefetch" -> {
                if (allowed(exchange, Endpoint.PREFETCH, "POST")) {
                    prefetch(exchange);
                }
            }
            case "/api/status" -> {
                if (allowed(exchange, Endpoint.STATUS, "GET")) {
                    metrics.answered(Endpoint.STATUS, Outcome.OK);
                    HttpReply.json(exchange, 200, SearchJson.status(status.current()));
                }
            }
            default -> {
                metrics.answered(Endpoint.OTHER, Outcome.NOT_FOUND);
                HttpReply.error(exchange, Outcome.NOT_FOUND, "no such API: " + path);
            }
        }
    }

    private void search(HttpExchange exchange) throws IOException {
        call(exchange, Endpoint.SEARCH, params -> {
            searchRate.record();
            SearchResponse r = client.searchBlocking(params.query(), params.page() * pageSize, pageSize);
            return SearchJson.page(params, pageSize, r);
        });
    }

    private void prefetch(HttpExchange exchange) throws IOException {
        call(exchange, Endpoint.PREFETCH, params -> SearchJson.prefetch(client.prefetchBlocking(params.query())));
    }

    /** One search call of the API, answering its result or its refusal or failure. */
    @FunctionalInterface
    private interface SearchCall {
        Json answer(SearchParams params);
    }

    /** Validates the parameters, makes {@code call} and answers, timing and counting it. */
    private void call(HttpExchange exchange, Endpoint endpoint, SearchCall call) throws IOException {
        SearchParams params;
        try {
            params = SearchParams.parse(exchange.getRequestURI().getRawQuery());
        } catch (BadRequestException e) {
            failed(exchange, endpoint, new ApiError(Outcome.INVALID, e.getMessage()));
            return;
        }
        long start = System.nanoTime();
        Json body;
        try {
            body = call.answer(params);
        } catch (StatusRuntimeException e) {
            metrics.apiTime(endpoint, System.nanoTime() - start);
            failed(exchange, endpoint, ApiError.of(e.getStatus()));
            return;
        }
        metrics.apiTime(endpoint, System.nanoTime() - start);
        answered(exchange, endpoint, body);
    }

    private void answered(HttpExchange exchange, Endpoint endpoint, Json body) throws IOException {
        metrics.answered(endpoint, Outcome.OK);
        HttpReply.json(exchange, 200, body);
    }

    private void failed(HttpExchange exchange, Endpoint endpoint, ApiError error) throws IOException {
        metrics.answered(endpoint, error.outcome());
        HttpReply.error(exchange, error.outcome(), error.message());
    }

    /** Whether the request uses {@code method}; if not, answers 405. */
    private boolean allowed(HttpExchange exchange, Endpoint endpoint, String method) throws IOException {
        if (exchange.getRequestMethod().equals(method)) {
            return true;
        }
        metrics.answered(endpoint, Outcome.METHOD_NOT_ALLOWED);
        exchange.getResponseHeaders().set("Allow", method);
        HttpReply.error(exchange, Outcome.METHOD_NOT_ALLOWED, "use " + method + " for " + endpoint.tag());
        return false;
    }
}
