package io.constellation.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IndexStateTest {

    private static final ShardLayout LAYOUT = new ShardLayout(0, 2);
    private static final int[] NO_DELETES = new int[0];

    private static IndexState stateOf(Doc... docs) {
        return new IndexState(SegmentBuilder.build(LAYOUT, 1, List.of(docs)), 0);
    }

    private static Doc doc(int ord, String... words) {
        return new Doc(ord, words);
    }

    @Test
    void randomUpsertsReindexesAndDeletesMatchBruteForceBeforeAndAfterMerges() {
        Corpus corpus = new Corpus(7, 2000);
        Random random = corpus.random();
        List<Doc> initial = corpus.documents(20_000, 80_000);
        Corpus.Model model = new Corpus.Model(initial);
        IndexState state = new IndexState(SegmentBuilder.build(LAYOUT, 2, initial), 0);
        for (int round = 0; round < 30; round++) {
            List<Doc> upserts = new ArrayList<>();
            int[] deletes = new int[random.nextInt(40)];
            for (int i = 0; i < 100; i++) {
                Integer existing = model.docs.ceilingKey(random.nextInt(80_000));
                int ord = random.nextBoolean() && existing != null ? existing : random.nextInt(100_000);
                upserts.removeIf(d -> d.ord() == ord);
                upserts.add(doc(ord, corpus.words(ord)));
            }
            for (int i = 0; i < deletes.length; i++) {
                Integer existing = model.docs.ceilingKey(random.nextInt(100_000));
                deletes[i] = existing == null ? random.nextInt(100_000) : existing;
            }
            upserts.forEach(model::upsert);
            for (int ord : deletes) {
                model.delete(ord);
            }
            state.apply(upserts, deletes);
            if (round % 10 == 9) {
                state.merge();
                assertEquals(0, state.snapshot().deltaDocumentCount());
                assertEquals(0, state.snapshot().staleCount());
            }
            Snapshot snapshot = state.snapshot();
            assertEquals(model.docs.size(), snapshot.documentCount());
            assertEquals(model.docs.lastKey().intValue(), snapshot.maxOrd());
            for (int q = 0; q < 30; q++) {
                String[] query = corpus.query();
                assertEquals(model.query(query), Corpus.ords(snapshot, query), () -> String.join(" ", query));
            }
        }
    }

    @Test
    void reindexedTrackNoLongerMatchesItsOldWords() {
        IndexState state = stateOf(doc(1, "love", "song"), doc(2, "love", "remix"));
        Snapshot after = state.apply(List.of(doc(1, "hate", "song")), NO_DELETES);
        assertEquals(List.of(2), Corpus.ords(after, new String[] {"love"}));
        assertEquals(List.of(1), Corpus.ords(after, new String[] {"hate", "song"}));
        assertEquals(2, after.documentCount());
    }

    @Test
    void trackReindexedTwiceInTheDeltaMatchesOnlyItsLatestWords() {
        IndexState state = stateOf(doc(1, "a"));
        state.apply(List.of(doc(5, "new", "first")), NO_DELETES);
        Snapshot after = state.apply(List.of(doc(5, "new", "second")), NO_DELETES);
        assertEquals(List.of(), Corpus.ords(after, new String[] {"first"}));
        assertEquals(List.of(5), Corpus.ords(after, new String[] {"new", "second"}));
        assertEquals(2, after.deltaWordCount(), "the emptied word leaves the delta");
    }

    @Test
    void deletedTrackNoLongerMatchesWhetherInMainOrDelta() {
        IndexState state = stateOf(doc(1, "love"), doc(2, "love"));
        state.apply(List.of(doc(3, "love")), NO_DELETES);
        Snapshot after = state.apply(List.of(), new int[] {1, 3, 99});
        assertEquals(List.of(2), Corpus.ords(after, new String[] {"love"}));
        assertEquals(1, after.documentCount());
        assertFalse(after.contains(1));
        assertFalse(after.contains(3));
        assertTrue(after.contains(2));
    }

    @Test
    void upsertAndDeleteOfOneTrackInOneBatchDeletesIt() {
        IndexState state = stateOf(doc(1, "a"));
        Snapshot after = state.apply(List.of(doc(4, "a")), new int[] {4});
        assertEquals(List.of(1), Corpus.ords(after, new String[] {"a"}));
    }

    @Test
    void publishedSnapshotDoesNotChangeWhenLaterBatchesApply() {
        IndexState state = stateOf(doc(1, "love"), doc(2, "love"));
        Snapshot before = state.apply(List.of(doc(3, "love")), NO_DELETES);
        state.apply(List.of(doc(3, "other"), doc(4, "love")), new int[] {2});
        state.merge();
        assertEquals(List.of(1, 2, 3), Corpus.ords(before, new String[] {"love"}));
        assertEquals(List.of(1, 4), Corpus.ords(state.snapshot(), new String[] {"love"}));
    }

    @Test
    void generationGrowsWithEveryNonEmptyBatchButNotWithMergeOrEmptyBatch() {
        IndexState state = new IndexState(SegmentBuilder.build(LAYOUT, 1, List.of(doc(1, "a"))), 41);
        assertEquals(41, state.snapshot().generation());
        assertEquals(42, state.apply(List.of(doc(2, "b")), NO_DELETES).generation());
        assertEquals(43, state.apply(List.of(), new int[] {1}).generation());
        assertEquals(43, state.apply(List.of(), NO_DELETES).generation());
        assertEquals(43, state.merge().generation());
    }

    @Test
    void mergeFoldsChangesAddsNewWordsAndDropsEmptiedWords() {
        IndexState state = stateOf(doc(1, "gone", "keep"), doc(2, "keep"));
        state.apply(List.of(doc(1, "keep", "fresh"), doc(7)), new int[] {2});
        Snapshot merged = state.merge();
        Segment main = merged.main();
        assertEquals(0, main.cardinality("gone"));
        assertEquals(1, main.cardinality("fresh"));
        assertEquals(2, main.wordCount(), "only keep and fresh remain");
        assertEquals(2, main.documentCount(), "docs 1 and 7, the latter without words");
        assertEquals(List.of(1), Corpus.ords(merged, new String[] {"fresh", "keep"}));
        assertEquals(7, merged.maxOrd());
    }

    @Test
    void mergeWithoutChangesKeepsTheSnapshot() {
        IndexState state = stateOf(doc(1, "a"));
        Snapshot before = state.snapshot();
        assertSame(before, state.merge());
    }

    @Test
    void searchWritesTrackIdsOfTheShard() {
        IndexState state = new IndexState(Segment.empty(new ShardLayout(1, 4)), 0);
        state.apply(List.of(doc(0, "x"), doc(10, "x")), NO_DELETES);
        long[] out = new long[4];
        assertEquals(2, state.snapshot().search(new String[] {"x"}, 4, out));
        assertEquals(1, out[0]);
        assertEquals(41, out[1]);
        List<Long> streamed = new ArrayList<>();
        assertEquals(2, state.snapshot().search(new String[] {"x"}, 1, streamed::add));
        assertEquals(List.of(1L), streamed);
    }
}
