package io.constellation.bench.index;

import io.constellation.common.catalog.Track;
import io.constellation.common.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The generated tracks, tokenised once by the catalog's {@link Normalizer} and shared by
 * both engines, so that neither build is charged for tokenisation and both index exactly
 * the same words.
 *
 * <p>Entry {@code i} is track {@code ids[i]} with words {@code words[i]} (distinct, sorted),
 * in generation order. Equal words share one {@code String} instance: tens of millions of
 * duplicate strings would otherwise dominate the heap. Also keeps the full {@link Track}
 * of a few chosen ids, from which the query mix is drawn (it needs artist and title
 * apart). Arrays are shared, not copied: treat them as read-only.
 */
public final class TokenizedCorpus {

    /** Tracks tokenised per task: large enough to amortise the hand-off. */
    private static final int BATCH = 8192;

    private final long[] ids;
    private final String[][] words;
    private final Map<Long, Track> samples;

    private TokenizedCorpus(long[] ids, String[][] words, Map<Long, Track> samples) {
        this.ids = ids;
        this.words = words;
        this.samples = samples;
    }

    /**
     * Generates {@code count} tracks with {@code seed} and tokenises them on
     * {@code threads} threads (generation itself is sequential: it is deterministic).
     *
     * @param sampleIds ids (sorted) whose whole track is kept for {@link #sample}
     */
    public static TokenizedCorpus generate(long count, long seed, int threads, long[] sampleIds) {
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many tracks for one array: " + count);
        }
        int n = (int) count;
        long[] ids = new long[n];
        String[][] words = new String[n][];
        Map<Long, Track> samples = new HashMap<>();
        Map<String, String> canonical = new ConcurrentHashMap<>(1 << 20);
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> pending = new ArrayList<>();
            Track[] batch = new Track[BATCH];
            int[] filled = {0, 0}; // [0] tracks seen, [1] tracks in the current batch
            TrackSource.generate(count, seed, track -> {
                int index = filled[0]++;
                ids[index] = track.id();
                if (Arrays.binarySearch(sampleIds, track.id()) >= 0) {
                    samples.put(track.id(), track);
                }
                batch[filled[1]++] = track;
                if (filled[1] == BATCH) {
                    pending.add(pool.submit(tokenise(batch.clone(), BATCH, index - BATCH + 1, words, canonical)));
                    filled[1] = 0;
                }
            });
            if (filled[0] != n) {
                throw new IllegalStateException("generator gave " + filled[0] + " tracks, asked for " + n);
            }
            pending.add(pool.submit(tokenise(batch.clone(), filled[1], n - filled[1], words, canonical)));
            awaitAll(pending);
        } finally {
            pool.shutdownNow();
        }
        return new TokenizedCorpus(ids, words, samples);
    }

    private static Runnable tokenise(Track[] tracks, int size, int firstIndex, String[][] words,
                                     Map<String, String> canonical) {
        return () -> {
            for (int i = 0; i < size; i++) {
                String[] w = Normalizer.distinctSortedWords(tracks[i].searchableText());
                for (int j = 0; j < w.length; j++) {
                    String known = canonical.putIfAbsent(w[j], w[j]);
                    if (known != null) {
                        w[j] = known;
                    }
                }
                words[firstIndex + i] = w;
            }
        };
    }

    private static void awaitAll(List<Future<?>> pending) {
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while tokenising", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("tokenising failed", e.getCause());
            }
        }
    }

    /** Number of tracks. */
    public int size() {
        return ids.length;
    }

    /** Track ids in generation order. Shared: do not modify. */
    public long[] ids() {
        return ids;
    }

    /** {@code words()[i]}: the distinct sorted words of track {@code ids()[i]}. Shared: do not modify. */
    public String[][] words() {
        return words;
    }

    /** The kept track with this id, or null if it was not among the sample ids. */
    public Track sample(long id) {
        return samples.get(id);
    }

    /** Total number of (track, word) postings: the size of the inverted index in entries. */
    public long postingCount() {
        long total = 0;
        for (String[] w : words) {
            total += w.length;
        }
        return total;
    }

    /** Document frequency of every word (how many tracks hold it). */
    public Map<String, Integer> documentFrequencies() {
        Map<String, int[]> counts = new HashMap<>();
        for (String[] w : words) {
            for (String word : w) {
                counts.computeIfAbsent(word, k -> new int[1])[0]++;
            }
        }
        Map<String, Integer> out = new HashMap<>(counts.size() * 2);
        counts.forEach((word, c) -> out.put(word, c[0]));
        return out;
    }
}
