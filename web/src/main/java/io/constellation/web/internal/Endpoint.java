package io.constellation.web.internal;

/** What a web request asked for: a bounded tag value of {@link WebMetrics#REQUESTS}. */
public enum Endpoint {
    SEARCH("search"),
    PREFETCH("prefetch"),
    STATUS("status"),
    /** The page and its script and style sheet. */
    ASSET("asset"),
    /** Any other path (answered 404). */
    OTHER("other");

    private final String tag;

    Endpoint(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
