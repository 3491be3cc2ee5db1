package io.constellation.web.internal;

/** How a web request ended: a bounded tag value of {@link WebMetrics#REQUESTS} and its HTTP status. */
public enum Outcome {
    OK("ok", 200),
    /** The request broke a rule (ours or the search API's INVALID_ARGUMENT). */
    INVALID("invalid", 400),
    NOT_FOUND("not_found", 404),
    METHOD_NOT_ALLOWED("method_not_allowed", 405),
    /** The cache nodes answered UNAVAILABLE (or none could be reached). */
    UNAVAILABLE("unavailable", 503),
    /** The search's deadline passed. */
    TIMEOUT("timeout", 504),
    /** Any other failure of the search call. */
    ERROR("error", 502);

    private final String tag;
    private final int httpStatus;

    Outcome(String tag, int httpStatus) {
        this.tag = tag;
        this.httpStatus = httpStatus;
    }

    public String tag() {
        return tag;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
