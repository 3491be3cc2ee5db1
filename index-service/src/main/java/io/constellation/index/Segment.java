package io.constellation.index;

import io.constellation.index.internal.Collect;
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
     * The posting bitmap of word {@code number}. Shared with the segment: callers must not
     * modify it.
     */
    public RoaringBitmap postings(int number) {
        return postings[number];
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
            size += postings[i].serializedSizeInBytes() + words[i].length() + DICTIONARY_ENTRY_OVERHEAD_BYTES;
        }
        return size;
    }

    /**
     * Finds the documents holding all of {@code queryWords} and passes the first
     * {@code limit} of their ordinals, ascending, to {@code ordSink} on the calling thread.
     *
     * @param queryWords distinct normalised words; an empty query matches nothing
     * @return the total number of matching documents (not cut by {@code limit})
     */
    public int query(String[] queryWords, int limit, IntConsumer ordSink) {
        RoaringBitmap result = matching(queryWords);
        if (result == null) {
            return 0;
        }
        Collect.ords(result, limit, ordSink);
        return result.getCardinality();
    }

    /**
     * Finds the documents holding all of {@code queryWords} and writes the track ids of the
     * first {@code min(limit, out.length)}, ascending, into {@code out}.
     *
     * @return the total number of matching documents (not cut by {@code limit})
     */
    public int query(String[] queryWords, int limit, long[] out) {
        RoaringBitmap result = matching(queryWords);
        if (result == null) {
            return 0;
        }
        Collect.trackIds(result, limit, layout, out);
        return result.getCardinality();
    }

    /**
     * The AND of the query words' bitmaps, or {@code null} when nothing matches. The result
     * may be one of the segment's own bitmaps (single-word query: no copy at all) and must
     * not be modified.
     *
     * <p>Allocation: one array of bitmap references and one of cardinalities, each as long
     * as the query (a few words, short-lived), plus the intersection itself for multi-word
     * queries. An unknown word returns at once, before any other list is looked at.
     */
    RoaringBitmap matching(String[] queryWords) {
        int count = queryWords.length;
        if (count == 0) {
            return null;
        }
        if (count == 1) {
            int number = wordNumbers.getInt(queryWords[0]);
            return number < 0 ? null : postings[number];
        }
        RoaringBitmap[] lists = new RoaringBitmap[count];
        int[] cards = new int[count];
        for (int i = 0; i < count; i++) {
            int number = wordNumbers.getInt(queryWords[i]);
            if (number < 0) {
                return null;
            }
            lists[i] = postings[number];
            cards[i] = cardinalities[number];
        }
        Intersections.sortByCardinality(lists, cards, count);
        RoaringBitmap result = Intersections.and(lists, count);
        return result.isEmpty() ? null : result;
    }
}
