package io.constellation.deploy.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.constellation.common.catalog.Track;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The queries the demo sends by itself: artist and title words of the popular tracks, in popularity order. */
class DemoSearchesTest {

    @Test
    void queriesAlternateArtistAndTitleWordsDropDuplicatesAndKeepThreeWords() {
        List<Track> universe = List.of(
                new Track(1, "Mariah Carey", "One Sweet Day", ""),
                new Track(2, "Boyz II Men", "End of the Road (Remix)", ""),
                new Track(3, "Mariah Carey", "Fantasy", ""),
                new Track(4, "Whitney Houston", "One Sweet Day", ""));
        assertArrayEquals(new String[] {"mariah carey", "end of the", "one sweet day"},
                DemoSearches.queries(universe));
    }

    @Test
    void aCatalogWithoutWordsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> DemoSearches.queries(List.of(new Track(1, "!", "?", ""))));
    }
}
