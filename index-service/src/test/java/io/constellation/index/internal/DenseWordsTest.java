package io.constellation.index.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.index.Doc;
import io.constellation.index.IndexState;
import io.constellation.index.Segment;
import io.constellation.index.SegmentBuilder;
import io.constellation.index.ShardLayout;
import io.constellation.index.Snapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Queries that mix dense words (bitsets) with sparse ones answer exactly what a scan finds. */
class DenseWordsTest {

    private static final ShardLayout LAYOUT = new ShardLayout(0, 1);
    private static final String[] DENSE = {"the", "love", "remix"};
    private static final double[] DENSITY = {0.5, 0.1, 0.04};

    @Test
    void mixedDenseAndSparseQueriesMatchABruteForceScan() {
        SplittableRandom random = new SplittableRandom(11);
        int docs = 100_000;
        List<Doc> all = new ArrayList<>(docs);
        List<TreeSet<String>> model = new ArrayList<>(docs);
        for (int ord = 0; ord < docs; ord++) {
            TreeSet<String> words = new TreeSet<>();
            for (int d = 0; d < DENSE.length; d++) {
                if (random.nextDouble() < DENSITY[d]) {
                    words.add(DENSE[d]);
                }
            }
            words.add("w" + random.nextInt(2000));                   // sparse: ~100 docs each
            words.add("x" + (int) Math.sqrt(random.nextInt(40_000))); // skewed: up to ~2,000 docs
            model.add(words);
            all.add(new Doc(ord, words.toArray(new String[0])));
        }
        Segment segment = SegmentBuilder.build(LAYOUT, 2, all);

        assertTrue(DenseWords.DENSITY_DIVISOR * 0.04 > 1, "remix is dense at 4 %");
        for (int q = 0; q < 200; q++) {
            String[] words = query(random);
            int[] expected = IntStream.range(0, docs)
                    .filter(ord -> model.get(ord).containsAll(Arrays.asList(words))).toArray();
            List<Integer> got = new ArrayList<>();
            int total = segment.query(words, Integer.MAX_VALUE, (ords, n) -> { for (int i = 0; i < n; i++) { got.add(ords[i]); } });
            assertEquals(expected.length, total, Arrays.toString(words));
            assertArrayEquals(expected, got.stream().mapToInt(Integer::intValue).toArray(), Arrays.toString(words));

            long[] firstTen = new long[10];
            assertEquals(expected.length, segment.query(words, 10, firstTen), "the total is not cut by the limit");
            for (int i = 0; i < Math.min(10, expected.length); i++) {
                assertEquals(expected[i], firstTen[i], "the first ids, ascending");
            }
        }
    }

    @Test
    void pendingChangesOverDenseWordsAnswerLikeAScan() {
        SplittableRandom random = new SplittableRandom(5);
        int docs = 50_000;
        List<Doc> all = new ArrayList<>(docs);
        List<TreeSet<String>> model = new ArrayList<>();
        for (int ord = 0; ord < docs; ord++) {
            TreeSet<String> words = randomWords(random);
            model.add(words);
            all.add(new Doc(ord, words.toArray(new String[0])));
        }
        IndexState state = new IndexState(SegmentBuilder.build(LAYOUT, 2, all), 0);
        List<Doc> upserts = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {       // re-index old documents and add new ones
            int ord = i % 2 == 0 ? random.nextInt(docs) : docs + i;
            TreeSet<String> words = randomWords(random);
            while (model.size() <= ord) {
                model.add(null);
            }
            model.set(ord, words);
            upserts.add(new Doc(ord, words.toArray(new String[0])));
        }
        int[] deletes = random.ints(500, 0, docs).toArray();
        for (int ord : deletes) {
            model.set(ord, null);
        }
        Snapshot snapshot = state.apply(upserts, deletes);

        for (int q = 0; q < 200; q++) {
            String[] words = query(random);
            int[] expected = IntStream.range(0, model.size())
                    .filter(ord -> model.get(ord) != null && model.get(ord).containsAll(Arrays.asList(words)))
                    .toArray();
            List<Integer> got = new ArrayList<>();
            int total = snapshot.searchOrds(words, Integer.MAX_VALUE, (ords, n) -> { for (int i = 0; i < n; i++) { got.add(ords[i]); } });
            assertEquals(expected.length, total, Arrays.toString(words));
            assertArrayEquals(expected, got.stream().mapToInt(Integer::intValue).toArray(), Arrays.toString(words));
            assertEquals(expected.length, snapshot.count(words));
        }
    }

    private static TreeSet<String> randomWords(SplittableRandom random) {
        TreeSet<String> words = new TreeSet<>();
        for (int d = 0; d < DENSE.length; d++) {
            if (random.nextDouble() < DENSITY[d]) {
                words.add(DENSE[d]);
            }
        }
        words.add("w" + random.nextInt(2000));
        words.add("x" + (int) Math.sqrt(random.nextInt(40_000)));
        return words;
    }

    private static String[] query(SplittableRandom random) {
        TreeSet<String> words = new TreeSet<>();
        int n = 2 + random.nextInt(3);
        while (words.size() < n) {
            switch (random.nextInt(3)) {
                case 0 -> words.add(DENSE[random.nextInt(DENSE.length)]);
                case 1 -> words.add("w" + random.nextInt(2000));
                default -> words.add("x" + random.nextInt(200));
            }
        }
        return words.toArray(new String[0]);
    }
}
