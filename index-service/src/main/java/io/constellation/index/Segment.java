package io.constellation.index;

import io.constellation.index.internal.DenseWords;
import io.constellation.index.internal.OrdBatch;
import io.constellation.index.internal.PackedPostings;
import io.constellation.index.internal.QueryScratch;
import io.constellation.index.internal.WordDictionary;
import java.util.Objects;
import org.roaringbitmap.RoaringBitmap;

/**
 * An immutable inverted index over the documents of one shard: for each word, the ordinals
 * (see {@link ShardLayout}) of the documents holding it.
 *
 * <p>The dictionary lives in memory: a compact {@link WordDictionary} from word to word
 * number, and the words' document counts by number. Word numbers follow the words'
 * natural ({@link String#compareTo}) order, so a segment's on-disk form does not depend on
 * how it was built. Postings are held one of two ways: the words in at least 1/64 of the
 * shard as plain bitsets ({@link DenseWords}), every other word packed into shared flat
 * arrays ({@link PackedPostings}). Roaring bitmaps are the exchange format (building,
 * saving, merging), not what queries read.
 *
 * <p>Invariants: every word has at least one document, all of them in
 * {@link #documents()}; nothing is modified after construction, so a segment may be
 * queried from any number of threads without locking.
 */
public final class Segment {

    private final ShardLayout layout;
    private final WordDictionary dictionary;
    private final int[] cardinalities;
    private final RoaringBitmap documents;
    private final int documentCount;
    private final DenseWords dense;
    private final PackedPostings packed;
    private final ThreadLocal<QueryScratch> scratch = ThreadLocal.withInitial(QueryScratch::new);

    private Segment(ShardLayout layout, String[] words, RoaringBitmap[] postings, RoaringBitmap documents) {
        this.layout = layout;
        this.dictionary = WordDictionary.of(words);
        this.documents = documents;
        this.documentCount = documents.getCardinality();
        this.cardinalities = new int[words.length];
        for (int i = 0; i < words.length; i++) {
            cardinalities[i] = postings[i].getCardinality();
        }
        this.dense = DenseWords.of(postings, cardinalities, documents.isEmpty() ? -1 : documents.last());
        boolean[] isDense = new boolean[words.length];
        for (int i = 0; i < words.length; i++) {
            isDense[i] = dense.isDense(i);
        }
        // The bitmaps are dropped after packing: one copy of each posting in memory.
        this.packed = PackedPostings.of(postings, isDense);
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
        return cardinalities.length;
    }

    /** Number of documents holding {@code word}; 0 for an unknown word. */
    public int cardinality(String word) {
        int number = dictionary.find(word);
        return number < 0 ? 0 : cardinalities[number];
    }

    /**
     * The word with number {@code number} ({@code 0 <= number < wordCount()}), ascending; a
     * new String on each call (the dictionary keeps UTF-8 bytes): not for query paths.
     */
    public String word(int number) {
        return dictionary.word(number);
    }

    /**
     * The postings of word {@code number} as a new bitmap, built from the segment's packed
     * form or bitset: for saving and merging, not for query paths.
     */
    public RoaringBitmap postings(int number) {
        return dense.isDense(number) ? dense.toBitmap(number) : packed.toBitmap(number);
    }

    /** The ordinals of all documents of the segment. Shared: callers must not modify it. */
    public RoaringBitmap documents() {
        return documents;
    }

    /**
     * Estimated heap taken by the index in bytes: the packed postings, bitsets, dictionary
     * and document counts as they are held, and the documents bitmap.
     */
    public long sizeInBytes() {
        return documents.getLongSizeInBytes() + packed.sizeInBytes() + dense.sizeInBytes()
                + dictionary.sizeInBytes() + 16L + 4L * cardinalities.length;
    }

    /** Number of 16-bit chunks the sparse words' postings are packed in. */
    public int containerCount() {
        return packed.containerCount();
    }

    /**
     * Finds the documents holding all of {@code queryWords} and passes the first
     * {@code limit} of their ordinals, ascending, to {@code ordSink} in batches on the
     * calling thread.
     *
     * @param queryWords distinct normalised words; an empty query matches nothing
     * @return the total number of matching documents (not cut by {@code limit})
     */
    public int query(String[] queryWords, int limit, OrdSink ordSink) {
        QueryScratch s = scratch.get();
        if (!lookup(queryWords, s)) {
            return 0;
        }
        OrdBatch out = s.batch(ordSink, limit);
        int total = query(queryWords.length, s, out);
        out.flush();
        return total;
    }

    /**
     * Finds the documents holding all of {@code queryWords} and writes the track ids of the
     * first {@code min(limit, out.length)}, ascending, into {@code out}. Entries past the
     * returned count but below that bound may be overwritten too (see {@link OrdBatch});
     * none at or past it.
     *
     * @return the total number of matching documents (not cut by {@code limit})
     */
    public int query(String[] queryWords, int limit, long[] out) {
        QueryScratch s = scratch.get();
        if (!lookup(queryWords, s)) {
            return 0;
        }
        return query(queryWords.length, s, s.batch(out, limit, layout.shardCount(), layout.shard()));
    }

    /** Runs a query whose word numbers {@link #lookup} has split into {@code s}. */
    private int query(int words, QueryScratch s, OrdBatch out) {
        int sparse = words - s.denseCount;
        if (sparse == 0) {
            if (words == 1) {
                dense.ords(s.dense[0], out);
                return cardinalities[s.dense[0]];
            }
            return dense.and(s.dense, words, out, s.block);
        }
        if (sparse == 1 && s.denseCount == 0) {
            packed.emit(s.sparse[0], out);
            return cardinalities[s.sparse[0]];
        }
        for (int k = 0; k < s.denseCount; k++) {
            s.denseSets[k] = dense.bits(s.dense[k]);
        }
        return packed.and(s.sparse, sparse, s.denseSets, s.denseCount, out, s);
    }

    /**
     * Looks up the query's words into {@code s}: the sparse ones by ascending cardinality
     * (they are intersected rarest first), the dense ones apart (their bitsets are tested
     * or ANDed). False when a word is unknown or there are none: nothing can match.
     */
    private boolean lookup(String[] queryWords, QueryScratch s) {
        if (queryWords.length > s.sparse.length) {
            throw new IllegalArgumentException("a query has at most " + s.sparse.length + " words");
        }
        if (queryWords.length == 0) {
            return false;
        }
        int sparse = 0;
        int denseCount = 0;
        for (String word : queryWords) {
            int number = dictionary.find(word);
            if (number < 0) {
                return false;
            }
            if (dense.isDense(number)) {
                s.dense[denseCount++] = number;
            } else {
                insertByCardinality(s.sparse, sparse++, number);
            }
        }
        s.denseCount = denseCount;
        return true;
    }

    /** Inserts {@code number} into {@code numbers[0..size)}, kept by ascending cardinality. */
    private void insertByCardinality(int[] numbers, int size, int number) {
        int j = size - 1;
        while (j >= 0 && cardinalities[numbers[j]] > cardinalities[number]) {
            numbers[j + 1] = numbers[j];
            j--;
        }
        numbers[j + 1] = number;
    }
}
