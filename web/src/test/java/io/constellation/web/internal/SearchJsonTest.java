package io.constellation.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.constellation.proto.search.v1.SearchResult;
import io.constellation.web.LiveStatus;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class SearchJsonTest {

    @Test
    void sharedNowWinsOverPastPopularityAndNeitherIsNone() {
        assertEquals("now", SearchJson.availability(result(3, 0)));
        assertEquals("now", SearchJson.availability(result(1, 7.5)));
        assertEquals("popular", SearchJson.availability(result(0, 0.5)));
        assertEquals("none", SearchJson.availability(result(0, 0)));
    }

    @Test
    void unknownStatusFiguresAreNullNotZero() {
        assertEquals("{\"satellitesOnline\":null,\"searchesPerSecond\":null}",
                SearchJson.status(LiveStatus.UNKNOWN).toString());
        assertEquals("{\"satellitesOnline\":4200,\"searchesPerSecond\":null}",
                SearchJson.status(new LiveStatus(OptionalLong.of(4200), OptionalDouble.empty())).toString());
        assertEquals("{\"satellitesOnline\":1,\"searchesPerSecond\":2.5}",
                SearchJson.status(LiveStatus.of(1, 2.5)).toString());
    }

    private static SearchResult result(int current, double historical) {
        return SearchResult.newBuilder().setTrackId(1).setCurrentAvailability(current)
                .setHistoricalAvailability(historical).build();
    }
}
