package io.constellation.index;

import io.constellation.index.internal.Collect;
import io.constellation.index.internal.DenseWords;
import io.constellation.index.internal.Intersections;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.roaringbitmap.RoaringBitmap;

/**
 * An immutable inverted index over the documents of one shard: for each word, the Roaring
 * bitmap of the ordinals (see {@link ShardLayout}) of the documents holding it.
 *
 * <p>The dictionary lives in memory: a hash map from word to word number, and arrays indexed
 * by word number for the word, its posting bitmap and its document count. Word numbers
 * follow the words' natural ({@link String#compareTo}) order, so a segment's on-disk form
 * does not depend on how it was built.
 *
 * <p>Invariants: every posting bitmap is non-empty and a subset of {@link #documents()};
 * nothing is ever modified after construction, so a segment may be queried from any number
 * of threads without locking, and bitmaps may be shared between segments (a merge reuses
 * the bitmaps of words it did not change).
 */
public final class Segment {

    /**
     * Rough heap cost of one dictionary entry besides its characters, in bytes: String and
     * its byte[] headers (~40), hash-map key and value slots (~12), and the slots in the
     * words, postings and cardinalities arrays (~12), with compressed references.
     */
    private static final int DICTIONARY_ENTRY_OVERHEAD_BYTES = 64;

    private final ShardLayout layout;
    private final Object2IntOpenHashMap<String> wordNumbers;
    private final String[] words;
    private final RoaringBitmap[] postings;
    private final int[] cardinalities;
    private final RoaringBitmap documents;
    private final int documentCount;
    private final DenseWords dense;

    private Segment(ShardLayout layout, String[] words, RoaringBitmap[] postings, RoaringBitmap documents) {
        this.layout = layout;
        this.words = words;
        this.postings = postings;
        this.documents = documents;
        this.documentCount = documents.getCardinality();
        this.cardinalities = new int[words.length];
        this.wordNumbers = new Object2IntOpenHashMap<>(words.length);
        wordNumbers.defaultReturnValue(-1);
        for (int i = 0; i < words.length; i++) {
            cardinalities[i] = postings[i].getCardinality();
            wordNumbers.put(words[i], i);
        }
        this.dense = DenseWords.of(postings, cardinalities, documents.isEmpty() ? -1 : documents.last());
        for (int i = 0; i < words.length; i++) {
            if (dense.isDense(i)) {
                postings[i] = null; // the bitset holds them: keep one copy in memory
            }
        }
    }

    /**
     * A segment over the given postings, which it takes ownership of (the caller must not
     * modify the arrays or bitmaps afterwards).
     *
     * @param sortedWords strictly ascending words
     * @param postings    {@code postings[i]} is the non-empty bitmap of {@code sortedWords[i]}
     * @param documents   every ordinal in the segment, including documents without words
     * @throws IllegalArgumentException if the words are not strictly ascending, a bitmap is
     *                                  empty or the arrays differ in length
     */
    public static Segment of(ShardLayout layout, String[] sortedWords, RoaringBitmap[] postings,
                             RoaringBitmap documents) {
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(documents, "documents");
        if (sortedWords.length != postings.length) {
            throw new IllegalArgumentException("words and postings differ in length");
        }
        for (int i = 0; i < sortedWords.length; i++) {
            if (i > 0 && sortedWords[i - 1].compareTo(sortedWords[i]) >= 0) {
                throw new IllegalArgumentException("words not strictly ascending at " + i);
            }
            if (postings[i].isEmpty()) {
                throw new IllegalArgumentException("empty posting list for word " + sortedWords[i]);
            }
        }
        return new Segment(layout, sortedWords, postings, documents);
    }

    /** An empty segment for the shard. */
    public static Segment empty(ShardLayout layout) {
        return new Segment(layout, new String[0], new RoaringBitmap[0], new RoaringBitmap());
    }

    /** The shard this segment belongs to. */
    public ShardLayout layout() {
        return layout;
    }

    /** Number of documents (ordinals) in the segment, with or without words. */
    public int documentCount() {
        return documentCount;
    }

    /** Number of distinct words. */
    public int wordCount() {
        return words.length;
    }

    /** Number of documents holding {@code word}; 0 for an unknown word. */
    public int cardinality(String word) {
        int number = wordNumbers.getInt(word);
        return number < 0 ? 0 : cardinalities[number];
    }

    /** The word with number {@code number} ({@code 0 <= number < wordCount()}), ascending. */
    public String word(int number) {
        return words[number];
    }

    /**
     * The posting bitmap of word {@code number}: shared with the segment (callers must not
     * modify it), or, for a dense word, which keeps only a bitset, a new bitmap built from
     * it (a scan of the whole bitset: for saving and merging, not for query paths).
     */
    public RoaringBitmap postings(int number) {
        return dense.isDense(number) ? dense.toBitmap(number) : postings[number];
    }

    /** The ordinals of all documents of the segment. Shared: callers must not modify it. */
    public RoaringBitmap documents() {
        return documents;
    }

    /**
     * Estimated size of the index in bytes: the serialized (portable format) size of every
     * posting bitmap plus a dictionary estimate of the word's characters and a fixed
     * per-entry overhead. Computed on each call (walks the dictionary).
     */
    public long sizeInBytes() {
        long size = documents.serializedSizeInBytes();
        for (int i = 0; i < words.length; i++) {
            size += words[i].length() + DICTIONARY_ENTRY_OVERHEAD_BYTES;
            if (postings[i] != null) {
                size += postings[i].serializedSizeInBytes();
            }
        }
        return size + dense.sizeInBytes();
    }

    /**
     * Finds the documents holding all of {@code queryWords} and passes the first
     * {@code limit} of their ordinals, ascending, to {@code ordSink} on the calling thread.
     *
     * @param queryWords distinct normalised words; an empty query matches nothing
     * @return the total number of matching documents (not cut by {@code limit})
     */
    public int query(String[] queryWords, int limit, IntConsumer ordSink) {
        int[] numbers = lookup(queryWords);
        if (numbers == null) {
            return 0;
        }
        if (numbers.length == 1) {
            if (dense.isDense(numbers[0])) {
                dense.ords(numbers[0], limit, ordSink);
            } else {
                Collect.ords(postings[numbers[0]], limit, ordSink);
            }
            return cardinalities[numbers[0]];
        }
        Split split = split(numbers);
        if (split.sparse == 0) {
            return dense.and(split.denseNumbers, split.dense, limit, ordSink);
        }
        RoaringBitmap result = Intersections.and(split.sparseLists, split.sparse);
        if (split.dense == 0) {
            Collect.ords(result, limit, ordSink);
            return result.getCardinality();
        }
        return dense.filter(result, split.denseNumbers, split.dense, limit, ordSink);
    }

    /**
     * Finds the documents holding all of {@code queryWords} and writes the track ids of the
     * first {@code min(limit, out.length)}, ascending, into {@code out}.
     *
     * @return the total number of matching documents (not cut by {@code limit})
     */
    public int query(String[] queryWords, int limit, long[] out) {
        return query(queryWords, Math.min(limit, out.length), new Collect.TrackIdArray(layout, out));
    }

    /** The word numbers of {@code queryWords}, or null when one is unknown (or there are none). */
    private int[] lookup(String[] queryWords) {
        if (queryWords.length == 0) {
            return null;
        }
        int[] numbers = new int[queryWords.length];
        for (int i = 0; i < numbers.length; i++) {
            numbers[i] = wordNumbers.getInt(queryWords[i]);
            if (numbers[i] < 0) {
                return null;
            }
        }
        return numbers;
    }

    /**
     * The query's words split into sparse ones (Roaring bitmaps, rarest first: they are
     * ANDed as bitmaps) and dense ones (bitsets: the few survivors are tested against them,
     * or, with no sparse word at all, the bitsets are ANDed 64 documents at a time).
     */
    private Split split(int[] numbers) {
        sortByCardinality(numbers);
        Split split = new Split(numbers.length);
        for (int number : numbers) {
            if (dense.isDense(number)) {
                split.denseNumbers[split.dense++] = number;
            } else {
                split.sparseLists[split.sparse++] = postings[number];
            }
        }
        return split;
    }

    /** One query's words by representation; lives for one query on one thread. */
    private static final class Split {
        final RoaringBitmap[] sparseLists;
        final int[] denseNumbers;
        int sparse;
        int dense;

        Split(int words) {
            sparseLists = new RoaringBitmap[words];
            denseNumbers = new int[words];
        }
    }

    /** Insertion sort of word numbers by ascending cardinality: a query has a few words. */
    private void sortByCardinality(int[] numbers) {
        for (int i = 1; i < numbers.length; i++) {
            int n = numbers[i];
            int j = i - 1;
            while (j >= 0 && cardinalities[numbers[j]] > cardinalities[n]) {
                numbers[j + 1] = numbers[j];
                j--;
            }
            numbers[j + 1] = n;
        }
    }
}
