package io.constellation.index.internal;

import io.constellation.index.Segment;
import io.constellation.index.ShardLayout;
import io.constellation.index.internal.PostingsAccumulator.PartialPostings;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.roaringbitmap.RoaringBitmap;

/**
 * Merges the partial postings of several build workers into one {@link Segment}.
 *
 * <p>Parallel by word: worker {@code t} of {@code T} owns the words whose hash is
 * {@code t mod T}, ORs their partial bitmaps (partials cover disjoint ordinal batches, so
 * the OR mostly splices containers), run-optimises them and sorts its words; the sorted
 * runs are then merged on the calling thread. Stateless; any thread.
 */
public final class SegmentAssembler {

    private SegmentAssembler() {
    }

    /**
     * Builds the segment; takes ownership of the partials' bitmaps (they end up in, or are
     * merged into, the segment).
     */
    public static Segment assemble(ShardLayout layout, List<PartialPostings> partials, int threads) {
        int workers = Math.max(1, threads);
        String[][] runWords = new String[workers][];
        RoaringBitmap[][] runPostings = new RoaringBitmap[workers][];
        Parallel.run(workers, "segment-merge", worker -> {
            Run run = mergeWordsOf(partials, worker, workers);
            runWords[worker] = run.words;
            runPostings[worker] = run.postings;
        });
        RoaringBitmap documents = new RoaringBitmap();
        for (PartialPostings partial : partials) {
            documents.or(partial.documents());
        }
        documents.runOptimize();
        return mergeRuns(layout, runWords, runPostings, documents);
    }

    private record Run(String[] words, RoaringBitmap[] postings) {
    }

    private static Run mergeWordsOf(List<PartialPostings> partials, int worker, int workers) {
        Object2IntOpenHashMap<String> numbers = new Object2IntOpenHashMap<>();
        numbers.defaultReturnValue(-1);
        List<RoaringBitmap> bitmaps = new ArrayList<>();
        for (PartialPostings partial : partials) {
            String[] words = partial.words();
            RoaringBitmap[] postings = partial.postings();
            for (int i = 0; i < words.length; i++) {
                if ((words[i].hashCode() & Integer.MAX_VALUE) % workers != worker) {
                    continue;
                }
                int number = numbers.getInt(words[i]);
                if (number < 0) {
                    numbers.put(words[i], bitmaps.size());
                    bitmaps.add(postings[i]);
                } else {
                    bitmaps.get(number).or(postings[i]);
                }
            }
        }
        String[] sorted = numbers.keySet().toArray(new String[0]);
        Arrays.sort(sorted);
        RoaringBitmap[] sortedPostings = new RoaringBitmap[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            RoaringBitmap bitmap = bitmaps.get(numbers.getInt(sorted[i]));
            bitmap.runOptimize();
            bitmap.trim(); // the builders leave spare array capacity; a built list never grows
            sortedPostings[i] = bitmap;
        }
        return new Run(sorted, sortedPostings);
    }

    /** k-way merge of the workers' sorted runs (k = thread count, small: linear scan). */
    private static Segment mergeRuns(ShardLayout layout, String[][] runWords, RoaringBitmap[][] runPostings,
                                     RoaringBitmap documents) {
        int total = 0;
        for (String[] run : runWords) {
            total += run.length;
        }
        String[] words = new String[total];
        RoaringBitmap[] postings = new RoaringBitmap[total];
        int[] positions = new int[runWords.length];
        for (int out = 0; out < total; out++) {
            int best = -1;
            for (int r = 0; r < runWords.length; r++) {
                if (positions[r] < runWords[r].length
                        && (best < 0 || runWords[r][positions[r]].compareTo(runWords[best][positions[best]]) < 0)) {
                    best = r;
                }
            }
            words[out] = runWords[best][positions[best]];
            postings[out] = runPostings[best][positions[best]];
            positions[best]++;
        }
        return Segment.of(layout, words, postings, documents);
    }
}
