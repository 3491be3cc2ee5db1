package io.constellation.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SegmentTest {

    private static final ShardLayout LAYOUT = new ShardLayout(2, 3);
    private static List<Doc> docs;
    private static Corpus.Model model;
    private static Segment sequential;
    private static Corpus corpus;

    @BeforeAll
    static void build() {
        corpus = new Corpus(42, 5000);
        docs = corpus.documents(60_000, 200_000);
        model = new Corpus.Model(docs);
        sequential = SegmentBuilder.build(LAYOUT, 1, docs);
    }

    @Test
    void randomQueriesMatchBruteForceScan() {
        int nonEmpty = 0;
        for (int i = 0; i < 400; i++) {
            String[] query = corpus.query();
            List<Integer> expected = model.query(query);
            assertEquals(expected, Corpus.ords(sequential, query), () -> String.join(" ", query));
            nonEmpty += expected.isEmpty() ? 0 : 1;
        }
        assertTrue(nonEmpty > 100, "queries should mostly match something: " + nonEmpty);
    }

    @Test
    void unknownWordMatchesNothingEvenWithCommonWords() {
        assertEquals(0, Corpus.ords(sequential, new String[] {"nosuchword"}).size());
        assertEquals(0, Corpus.ords(sequential, new String[] {"w0", "nosuchword", "w1"}).size());
        assertEquals(0, sequential.cardinality("nosuchword"));
    }

    @Test
    void emptyQueryMatchesNothing() {
        assertEquals(0, sequential.query(new String[0], 10, new long[10]));
    }

    @Test
    void limitCutsTheIdsButTotalCountsEveryMatch() {
        String[] query = {"w0", "w1"};
        List<Integer> all = model.query(query);
        assertTrue(all.size() > 20);
        long[] out = new long[100];
        int total = sequential.query(query, 7, out);
        assertEquals(all.size(), total);
        for (int i = 0; i < 7; i++) {
            assertEquals(LAYOUT.trackId(all.get(i)), out[i]);
        }
        assertEquals(0, out[7], "nothing written past the limit");
    }

    @Test
    void outputArrayShorterThanLimitIsFilledWithoutOverflow() {
        long[] out = new long[3];
        int total = sequential.query(new String[] {"w0"}, 1000, out);
        assertTrue(total > 3);
        assertTrue(out[0] < out[1] && out[1] < out[2]);
    }

    @Test
    void resultsAreAscendingTrackIdsOfThisShard() {
        long[] out = new long[100_000];
        int total = sequential.query(new String[] {"w0"}, out.length, out);
        assertTrue(total > 1000);
        for (int i = 0; i < total; i++) {
            assertTrue(LAYOUT.owns(out[i]));
            if (i > 0) {
                assertTrue(out[i - 1] < out[i]);
            }
        }
    }

    @Test
    void countsDescribeTheContent() {
        assertEquals(docs.size(), sequential.documentCount());
        assertEquals(model.query(new String[] {"w3"}).size(), sequential.cardinality("w3"));
        long inBlock = docs.stream().filter(d -> d.ord() >= 2000 && d.ord() < 6000).count();
        assertTrue(sequential.cardinality("block") >= inBlock);
        assertEquals(model.query(new String[] {"block"}).size(), sequential.cardinality("block"));
        assertTrue(sequential.wordCount() > 1000);
        assertTrue(sequential.sizeInBytes() > 0);
    }

    @Test
    void parallelBuildEqualsSequentialBuild() {
        Segment parallel = SegmentBuilder.build(LAYOUT, 4, docs);
        assertSameSegment(sequential, parallel);
    }

    @Test
    void buildAcceptsOrdinalsInAnyOrder() {
        List<Doc> shuffled = new ArrayList<>(docs);
        Collections.shuffle(shuffled, corpus.random());
        assertSameSegment(sequential, SegmentBuilder.build(LAYOUT, 1, shuffled));
        assertSameSegment(sequential, SegmentBuilder.build(LAYOUT, 3, shuffled));
    }

    @Test
    void documentsWithoutWordsStillCount() {
        Segment segment = SegmentBuilder.build(LAYOUT, 2, List.of(new Doc(5, new String[0]),
                new Doc(9, new String[] {"a"})));
        assertEquals(2, segment.documentCount());
        assertEquals(1, segment.wordCount());
    }

    @Test
    void builderRejectsUseAfterBuild() {
        SegmentBuilder builder = SegmentBuilder.create(LAYOUT, 2);
        builder.add(1, new String[] {"x"});
        builder.build();
        assertThrows(IllegalStateException.class, () -> builder.add(2, new String[] {"y"}));
    }

    @Test
    void segmentRejectsUnsortedWords() {
        assertThrows(IllegalArgumentException.class, () -> Segment.of(LAYOUT, new String[] {"b", "a"},
                new org.roaringbitmap.RoaringBitmap[] {
                    org.roaringbitmap.RoaringBitmap.bitmapOf(1), org.roaringbitmap.RoaringBitmap.bitmapOf(1)},
                org.roaringbitmap.RoaringBitmap.bitmapOf(1)));
    }

    static void assertSameSegment(Segment expected, Segment actual) {
        assertEquals(expected.layout(), actual.layout());
        assertEquals(expected.wordCount(), actual.wordCount());
        assertEquals(expected.documents(), actual.documents());
        for (int i = 0; i < expected.wordCount(); i++) {
            assertEquals(expected.word(i), actual.word(i));
            assertEquals(expected.postings(i), actual.postings(i), expected.word(i));
        }
        assertNotEquals(0, expected.wordCount());
    }
}
