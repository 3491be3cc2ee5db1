package io.constellation.web.internal;

import io.constellation.proto.search.v1.PrefetchResponse;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchResult;
import io.constellation.web.LiveStatus;

/** The web API's JSON documents (see {@code ApiHandler} for the endpoints). */
public final class SearchJson {

    /** Indicator of a track a satellite online shares now. */
    public static final String AVAILABLE_NOW = "now";
    /** Indicator of a track no one shares now that was shared before (historical availability above 0). */
    public static final String WAS_POPULAR = "popular";
    /** Indicator of a track neither shared now nor before. */
    public static final String NEITHER = "none";

    private SearchJson() {
    }

    /** The availability indicator of one result. */
    public static String availability(SearchResult r) {
        if (r.getCurrentAvailability() > 0) {
            return AVAILABLE_NOW;
        }
        return r.getHistoricalAvailability() > 0 ? WAS_POPULAR : NEITHER;
    }

    /** One page of results, as {@code /api/search} answers it. */
    public static Json page(SearchParams params, int pageSize, SearchResponse r) {
        Json json = new Json().beginObject()
                .field("query", params.query())
                .field("page", params.page())
                .field("pageSize", pageSize)
                .field("offset", (long) params.page() * pageSize)
                .field("total", r.getTotal())
                .field("totalCapped", r.getTotalCapped())
                .field("availabilityUnknown", r.getCurrentAvailabilityUnknown())
                .name("results").beginArray();
        for (SearchResult x : r.getResultsList()) {
            json.beginObject()
                    .field("trackId", x.getTrackId())
                    .field("artist", x.getArtist())
                    .field("title", x.getTitle())
                    .field("album", x.getAlbum())
                    .field("availability", availability(x))
                    .field("sharingNow", x.getCurrentAvailability())
                    .field("historical", x.getHistoricalAvailability())
                    .endObject();
        }
        return json.endArray().endObject();
    }

    /** A prefetch's answer. */
    public static Json prefetch(PrefetchResponse r) {
        return new Json().beginObject().field("declined", r.getDeclined()).field("total", r.getTotal()).endObject();
    }

    /** The status strip's figures; unknown ones are null. */
    public static Json status(LiveStatus s) {
        Json json = new Json().beginObject().name("satellitesOnline");
        if (s.satellitesOnline().isPresent()) {
            json.value(s.satellitesOnline().getAsLong());
        } else {
            json.nullValue();
        }
        json.name("searchesPerSecond");
        if (s.searchesPerSecond().isPresent()) {
            json.value(s.searchesPerSecond().getAsDouble());
        } else {
            json.nullValue();
        }
        return json.endObject();
    }
}
