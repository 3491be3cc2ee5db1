package io.constellation.common.search;

import io.constellation.common.hash.Hash64;
import io.constellation.common.text.Normalizer;
import java.util.List;

/**
 * The identity of a search: the distinct words of the query, normalised by the catalog's
 * {@link Normalizer} and sorted, so "A A B", "B A" and "A B B" are one key. The key's
 * {@linkplain #canonical() canonical form} is those words joined by single spaces; its
 * {@linkplain #hash() hash} is {@link Hash64} of the canonical form's UTF-8 bytes, the same
 * in every process, and it routes the query on the ring and names its cache file.
 *
 * <p>Two keys are equal when their canonical forms are (a cache that finds an entry by hash
 * compares the canonical form to rule out a collision). Immutable and thread-safe.
 */
public final class QueryKey {

    /** Most bytes of UTF-8 a query may have, before normalisation (bounds the work per query). */
    public static final int MAX_QUERY_BYTES = 1024;
    /** Most distinct words a query may have after normalisation (the index's limit too). */
    public static final int MAX_WORDS = 32;

    private final List<String> words;
    private final String canonical;
    private final long hash;

    private QueryKey(String[] words) {
        this.words = List.of(words);
        this.canonical = String.join(" ", words);
        this.hash = Hash64.of(canonical);
    }

    /**
     * The key of what a user typed.
     *
     * @param query the raw query; {@code null} counts as empty
     * @throws InvalidQueryException if the query is over {@link #MAX_QUERY_BYTES}, has no
     *     words, more than {@link #MAX_WORDS} distinct words, or a word over
     *     {@link Normalizer#MAX_WORD_BYTES} bytes (each after normalisation)
     */
    public static QueryKey of(String query) throws InvalidQueryException {
        String text = query == null ? "" : query;
        int bytes = utf8LengthUpTo(text, MAX_QUERY_BYTES + 1);
        if (bytes > MAX_QUERY_BYTES) {
            throw new InvalidQueryException(InvalidQueryException.Reason.TOO_LONG,
                    "the query is over " + MAX_QUERY_BYTES + " bytes of UTF-8; shorten it");
        }
        String[] words = Normalizer.distinctSortedWords(text);
        if (words.length == 0) {
            throw new InvalidQueryException(InvalidQueryException.Reason.EMPTY,
                    "the query has no letters or digits to search for");
        }
        if (words.length > MAX_WORDS) {
            throw new InvalidQueryException(InvalidQueryException.Reason.TOO_MANY_WORDS,
                    "the query has " + words.length + " distinct words; the limit is " + MAX_WORDS);
        }
        for (String word : words) {
            int wordBytes = Normalizer.utf8Length(word);
            if (wordBytes > Normalizer.MAX_WORD_BYTES) {
                throw new InvalidQueryException(InvalidQueryException.Reason.WORD_TOO_LONG,
                        "the word \"" + word.substring(0, word.offsetByCodePoints(0, 16)) + "...\" is " + wordBytes
                                + " bytes of UTF-8; the limit is " + Normalizer.MAX_WORD_BYTES);
            }
        }
        return new QueryKey(words);
    }

    /** The distinct normalised words, sorted (what the index shards are asked for). */
    public List<String> words() {
        return words;
    }

    /** The distinct normalised words, sorted, joined by single spaces. */
    public String canonical() {
        return canonical;
    }

    /** {@link Hash64} of the UTF-8 bytes of {@link #canonical()}. */
    public long hash() {
        return hash;
    }

    /** {@link #hash()} as 16 lowercase hex digits (cache file names start with these). */
    public String hex() {
        return Hash64.hex(hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueryKey other && canonical.equals(other.canonical);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(hash);
    }

    @Override
    public String toString() {
        return canonical + " #" + hex();
    }

    /**
     * UTF-8 length of {@code s}, counting stops once it exceeds {@code cap} (so an oversized
     * query is rejected without encoding it). A lone surrogate counts 3 bytes, more than the
     * encoder's 1-byte replacement: a conservative count is enough for a limit.
     */
    private static int utf8LengthUpTo(String s, int cap) {
        int bytes = 0;
        for (int i = 0; i < s.length() && bytes <= cap; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }
}
