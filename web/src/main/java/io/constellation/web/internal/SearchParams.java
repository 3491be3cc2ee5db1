package io.constellation.web.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The validated parameters of {@code /api/search} and {@code /api/prefetch}: {@code q} (what
 * the user typed) and {@code page} (0-based, search only).
 *
 * <p>Checked here: what a browser can send wrong (missing or blank {@code q}, {@code q} over
 * {@value #MAX_QUERY_BYTES} bytes of UTF-8, a {@code page} that is not a number in
 * 0..{@value #MAX_PAGE}, broken percent-escapes). The search API's own rules (letters or
 * digits, words, word length) stay with {@code SearchClient}, which refuses with
 * INVALID_ARGUMENT before any network call: one rule, one place.
 *
 * @param query what the user typed, as typed
 * @param page  0-based page number
 */
public record SearchParams(String query, int page) {

    /** Longest query, bytes of UTF-8: search.proto's limit. */
    public static final int MAX_QUERY_BYTES = 1024;
    /** Highest page number; keeps {@code page × page size} well inside an int offset. */
    public static final int MAX_PAGE = 10_000;
    /** Longest raw query string read; longer is refused before decoding. */
    static final int MAX_RAW_LENGTH = 8 * MAX_QUERY_BYTES;

    /**
     * The parameters of a raw (still percent-encoded) query string.
     *
     * @param rawQuery the URI's raw query, or null when it has none
     * @throws BadRequestException naming the rule broken and the value given
     */
    public static SearchParams parse(String rawQuery) throws BadRequestException {
        Map<String, String> params = decode(rawQuery);
        String q = params.get("q");
        if (q == null || q.isBlank()) {
            throw new BadRequestException("type something to search for (the query is empty)");
        }
        int bytes = q.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_QUERY_BYTES) {
            throw new BadRequestException("the query is " + bytes + " bytes long; at most " + MAX_QUERY_BYTES
                    + " bytes of UTF-8 are searched");
        }
        return new SearchParams(q, page(params.get("page")));
    }

    private static int page(String raw) throws BadRequestException {
        if (raw == null || raw.isEmpty()) {
            return 0;
        }
        int page;
        try {
            page = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestException("page must be a whole number in 0.." + MAX_PAGE + ", got '"
                    + clip(raw) + "'");
        }
        if (page < 0 || page > MAX_PAGE) {
            throw new BadRequestException("page must be in 0.." + MAX_PAGE + ", got " + page);
        }
        return page;
    }

    /** Name to value, the first of repeated names winning. */
    private static Map<String, String> decode(String rawQuery) throws BadRequestException {
        Map<String, String> params = new HashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        if (rawQuery.length() > MAX_RAW_LENGTH) {
            throw new BadRequestException("the request's query string is " + rawQuery.length()
                    + " characters long; at most " + MAX_RAW_LENGTH + " are read");
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                params.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("the query string has a broken %-escape: " + e.getMessage());
            }
        }
        return params;
    }

    private static String clip(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "…";
    }
}
