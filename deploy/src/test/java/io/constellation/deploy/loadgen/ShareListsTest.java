package io.constellation.deploy.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.common.catalog.Track;
import io.constellation.proto.satellite.v1.SharedFile;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ShareListsTest {

    private final List<Track> universe = LongStream.range(0, 10_000)
            .mapToObj(i -> new Track(i + 1, "Artist " + (i % 500), "Title " + i, "Album " + (i % 900)))
            .collect(Collectors.toList());

    @Test
    void aListHoldsDistinctFilesWithTheirTags() {
        List<SharedFile> list = new ShareLists(universe, 1.0).draw(300, new SplittableRandom(1));
        assertEquals(300, list.size());
        assertEquals(300, list.stream().map(SharedFile::getPath).distinct().count());
        assertTrue(list.stream().allMatch(f -> !f.getArtist().isEmpty() && !f.getTitle().isEmpty()));
    }

    @Test
    void theSameSeedDrawsTheSameLists() {
        ShareLists lists = new ShareLists(universe, 1.0);
        assertEquals(lists.draw(50, new SplittableRandom(9)), lists.draw(50, new SplittableRandom(9)));
    }

    @Test
    void popularTracksAreOnManyMoreSatellitesThanObscureOnes() {
        ShareLists lists = new ShareLists(universe, 1.0);
        SplittableRandom random = new SplittableRandom(3);
        Map<String, Integer> satellites = new HashMap<>();
        for (int s = 0; s < 200; s++) {
            for (SharedFile f : lists.draw(100, random)) {
                satellites.merge(f.getTitle(), 1, Integer::sum);
            }
        }
        int top = satellites.getOrDefault("Title 0", 0);
        int tail = 0;
        for (int i = 9_000; i < 10_000; i++) {
            tail = Math.max(tail, satellites.getOrDefault("Title " + i, 0));
        }
        assertTrue(top > 150, "the top hit is on most satellites: " + top);
        assertTrue(tail < 10, "no track of the tail is on many: " + tail);
    }

    @Test
    void slotsOfOneRunDrawIndependentListsAndTheSameSlotAlwaysTheSame() {
        ShareLists lists = new ShareLists(universe, 1.0);
        assertEquals(lists.forSlot(5, 100, 42), lists.forSlot(5, 100, 42));
        Set<String> first = paths(lists.forSlot(0, 100, 42));
        Set<String> second = paths(lists.forSlot(1, 100, 42));
        first.retainAll(second);
        // Two independent lists of 100 from this universe share about 25 of the hits, not the whole list.
        assertTrue(first.size() < 50, "slots 0 and 1 share " + first.size() + " of 100 files");
        Set<String> union = new HashSet<>();
        for (int slot = 0; slot < 300; slot++) {
            union.addAll(paths(lists.forSlot(slot, 100, 42)));
        }
        assertTrue(union.size() > 5_000, "300 satellites share " + union.size() + " distinct tracks");
    }

    private static Set<String> paths(List<SharedFile> files) {
        return files.stream().map(SharedFile::getPath).collect(Collectors.toCollection(HashSet::new));
    }

    @Test
    void aSmallUniverseCapsTheListAndAnEmptyOneIsRefused() {
        assertEquals(10, new ShareLists(universe.subList(0, 10), 1.0).draw(300, new SplittableRandom(1)).size());
        assertThrows(IllegalArgumentException.class, () -> new ShareLists(List.of(), 1.0));
    }
}
