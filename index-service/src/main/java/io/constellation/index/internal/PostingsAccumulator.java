package io.constellation.index.internal;

import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.util.Arrays;
import org.roaringbitmap.RoaringBitmap;

/**
 * Collects the postings of a part of the documents as plain growable {@code int[]} lists,
 * one per word, and turns them into Roaring bitmaps at the end.
 *
 * <p>Plain int arrays rather than one bitmap writer per word: a writer buffers a whole 64K
 * chunk (8 KB) per word, which for a long-tailed vocabulary of 10^5..10^6 words costs far
 * more than the 4 bytes per posting of an array. While ordinals arrive ascending (the usual
 * case: rows read in id order) the lists stay sorted and {@link RoaringBitmap#addN} builds
 * each bitmap in one pass; otherwise each list is sorted first.
 *
 * <p>Not thread-safe: one accumulator belongs to one thread at a time.
 */
public final class PostingsAccumulator {

    private static final int INITIAL_LIST_CAPACITY = 4;

    /** word -> local word number, -1 when absent. */
    private final Object2IntOpenHashMap<String> wordNumbers = new Object2IntOpenHashMap<>();
    private String[] words = new String[1024];
    private int[][] lists = new int[1024][];
    private int[] sizes = new int[1024];
    private int wordCount;
    private int[] docs = new int[1024];
    private int docCount;
    /** Whether every ordinal added so far was larger than the previous one. */
    private boolean ascending = true;
    private int lastOrd = -1;

    /** An empty accumulator. */
    public PostingsAccumulator() {
        wordNumbers.defaultReturnValue(-1);
    }

    /** Records that document {@code ord} holds {@code docWords} (distinct words). */
    public void add(int ord, String[] docWords) {
        if (ord <= lastOrd) {
            ascending = false;
        }
        lastOrd = Math.max(lastOrd, ord);
        if (docCount == docs.length) {
            docs = Arrays.copyOf(docs, docCount * 2);
        }
        docs[docCount++] = ord;
        for (String word : docWords) {
            append(numberOf(word), ord);
        }
    }

    private int numberOf(String word) {
        int number = wordNumbers.getInt(word);
        if (number >= 0) {
            return number;
        }
        number = wordCount++;
        if (number == words.length) {
            int capacity = number * 2;
            words = Arrays.copyOf(words, capacity);
            lists = Arrays.copyOf(lists, capacity);
            sizes = Arrays.copyOf(sizes, capacity);
        }
        words[number] = word;
        lists[number] = new int[INITIAL_LIST_CAPACITY];
        wordNumbers.put(word, number);
        return number;
    }

    private void append(int number, int ord) {
        int[] list = lists[number];
        int size = sizes[number];
        if (size == list.length) {
            list = Arrays.copyOf(list, size + (size >> 1) + 1);
            lists[number] = list;
        }
        list[size] = ord;
        sizes[number] = size + 1;
    }

    /**
     * Converts the lists into bitmaps, releasing the lists as it goes (so peak memory is not
     * lists plus bitmaps for the whole vocabulary). The accumulator is unusable afterwards.
     */
    public PartialPostings finish() {
        String[] outWords = Arrays.copyOf(words, wordCount);
        RoaringBitmap[] bitmaps = new RoaringBitmap[wordCount];
        for (int i = 0; i < wordCount; i++) {
            bitmaps[i] = toBitmap(lists[i], sizes[i]);
            lists[i] = null;
        }
        RoaringBitmap documents = toBitmap(docs, docCount);
        docs = null;
        lists = null;
        return new PartialPostings(outWords, bitmaps, documents);
    }

    private RoaringBitmap toBitmap(int[] list, int size) {
        if (!ascending) {
            Arrays.sort(list, 0, size);
        }
        RoaringBitmap bitmap = new RoaringBitmap();
        bitmap.addN(list, 0, size);
        return bitmap;
    }

    /**
     * The postings of one accumulator: {@code words[i]} occurs in {@code postings[i]};
     * {@code documents} holds every ordinal added, with or without words.
     *
     * @param words     distinct words, in no particular order
     * @param postings  one non-empty bitmap per word
     * @param documents all ordinals added
     */
    public record PartialPostings(String[] words, RoaringBitmap[] postings, RoaringBitmap documents) {
    }
}
