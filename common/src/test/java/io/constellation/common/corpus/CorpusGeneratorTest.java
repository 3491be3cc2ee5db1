package io.constellation.common.corpus;

import io.constellation.common.catalog.Track;
import io.constellation.common.text.Normalizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusGeneratorTest {

    private static Corpus corpus;
    private static CorpusGenerator generator;

    @BeforeAll
    static void load() {
        corpus = Corpus.bundled();
        generator = new CorpusGenerator(corpus);
    }

    @Test
    void bundledCorpusHasTheRealRowsMinusTheBrokenOnes() {
        // 12,795 songs; of 38,263 album rows a handful (Royce da 5'9" rows with a line break in the artist) are dropped.
        assertEquals(12_795, corpus.songs().size());
        assertTrue(corpus.albums().size() > 38_200 && corpus.albums().size() < 38_263, "" + corpus.albums().size());
        assertTrue(corpus.songs().stream().anyMatch(e -> e.artist().equals("P!nk")));
    }

    @Test
    void sameSeedGivesTheSameTracksAndIdsOneToCount() {
        List<Track> a = generator.stream(1000, 42).toList();
        List<Track> b = new java.util.ArrayList<>();
        generator.generate(1000, 42, b::add);
        assertEquals(a, b);
        assertEquals(1, a.get(0).id());
        assertEquals(1000, a.get(999).id());
    }

    @Test
    void differentSeedGivesDifferentTracks() {
        List<Track> a = generator.stream(1000, 42).toList();
        List<Track> c = generator.stream(1000, 43).toList();
        assertNotEquals(a, c);
        long same = 0;
        for (int i = 0; i < 1000; i++) {
            same += a.get(i).equals(c.get(i)) ? 1 : 0;
        }
        assertTrue(same < 50, "sequences should be mostly different, same=" + same);
    }

    @Test
    void tracksUseRealArtistsAndCarryVariantsAndFeaturing() {
        Set<String> realArtists = new HashSet<>();
        corpus.songs().forEach(e -> realArtists.add(e.artist()));
        corpus.albums().forEach(e -> realArtists.add(e.artist()));
        List<Track> tracks = generator.stream(20_000, 7).toList();
        assertTrue(tracks.stream().allMatch(t -> realArtists.contains(t.artist())));
        for (String v : List.of("(Live)", "(Remix)", "(Acoustic)", "(Radio Edit)", "(Remastered 2009)", "(feat. ")) {
            assertTrue(tracks.stream().anyMatch(t -> t.title().contains(v)), v);
        }
        assertTrue(tracks.stream().anyMatch(t -> t.album().isEmpty()));
        assertTrue(tracks.stream().anyMatch(t -> !t.album().isEmpty()));
        long distinct = tracks.stream().map(Track::searchableText).distinct().count();
        assertTrue(distinct > 19_000, "few repeats, distinct=" + distinct);
    }

    @Test
    void artistPopularityIsSkewed() {
        Map<String, Long> perArtist = generator.stream(100_000, 1).collect(Collectors.groupingBy(Track::artist, Collectors.counting()));
        List<Long> counts = perArtist.values().stream().sorted((x, y) -> Long.compare(y, x)).toList();
        long top100 = counts.stream().limit(100).mapToLong(Long::longValue).sum();
        // Uniform over ~15k artists would give the top 100 well under 2%.
        assertTrue(top100 > 10_000, "top 100 artists own " + top100 + " of 100000");
        Map<String, Integer> words = new HashMap<>();
        generator.stream(20_000, 1).forEach(t -> Normalizer.words(t.title()).forEach(w -> words.merge(w, 1, Integer::sum)));
        assertTrue(words.getOrDefault("the", 0) > 1000, "common words stay common");
    }
}
