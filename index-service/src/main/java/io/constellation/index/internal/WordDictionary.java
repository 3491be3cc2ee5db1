package io.constellation.index.internal;

import java.nio.charset.StandardCharsets;

/**
 * A segment's words and their numbers, compact: the UTF-8 bytes of every word in one
 * array, word {@code i} at {@code bytes[starts[i], starts[i + 1])}, and an open-addressing
 * table (linear probing) of word numbers keyed by {@link String#hashCode()}.
 *
 * <p>Why not a map of Strings: a String costs about 56 bytes of headers, fields and array
 * padding besides its characters and a hash map entry 8 to 16 more; here a word costs its
 * bytes, 4 for its start and at most about 5.3 for its table slots (load factor at most
 * 3/4), a fifth of the heap at the catalog's short words.
 *
 * <p>A lookup takes the query's own String: its cached hash picks the slot, and the
 * candidate's bytes are decoded and compared with the String's characters in place, so a
 * lookup allocates nothing. Word {@code i} is found by the String that
 * {@code new String(utf8, UTF_8)} gives for its bytes (for a well-formed String, the
 * String itself).
 *
 * <p>Immutable after construction; any thread.
 */
public final class WordDictionary {

    /** Most slots per word in use: a table at most 3/4 full. */
    private static final int LOAD_NUMERATOR = 3;
    private static final int LOAD_DENOMINATOR = 4;

    private final byte[] bytes;
    private final int[] starts;
    /** 0 for an empty slot, else word number + 1; the length is a power of two. */
    private final int[] slots;
    private final int mask;

    private WordDictionary(byte[] bytes, int[] starts, int[] slots) {
        this.bytes = bytes;
        this.starts = starts;
        this.slots = slots;
        this.mask = slots.length - 1;
    }

    /**
     * The dictionary of {@code words}, numbered by their position.
     *
     * @throws IllegalArgumentException if a word appears twice or the bytes exceed 2^31 - 1
     */
    public static WordDictionary of(String[] words) {
        byte[][] utf8 = new byte[words.length][];
        long total = 0;
        for (int i = 0; i < words.length; i++) {
            utf8[i] = words[i].getBytes(StandardCharsets.UTF_8);
            total += utf8[i].length;
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("dictionary too large: " + total + " bytes of words");
        }
        byte[] bytes = new byte[(int) total];
        int[] starts = new int[words.length + 1];
        int at = 0;
        for (int i = 0; i < words.length; i++) {
            starts[i] = at;
            System.arraycopy(utf8[i], 0, bytes, at, utf8[i].length);
            at += utf8[i].length;
        }
        starts[words.length] = at;
        WordDictionary dictionary = new WordDictionary(bytes, starts, new int[tableSize(words.length)]);
        for (int i = 0; i < words.length; i++) {
            dictionary.insert(new String(utf8[i], StandardCharsets.UTF_8), i);
        }
        return dictionary;
    }

    /** The smallest power of two holding {@code words} at the load factor, at least 2. */
    private static int tableSize(int words) {
        long needed = (long) words * LOAD_DENOMINATOR / LOAD_NUMERATOR + 1;
        if (needed > 1 << 30) {
            throw new IllegalArgumentException("too many words for one dictionary: " + words);
        }
        return Math.max(2, Integer.highestOneBit((int) needed - 1) << 1);
    }

    private void insert(String word, int number) {
        for (int slot = slotOf(word); ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                slots[slot] = number + 1;
                return;
            }
            if (matches(entry - 1, word)) {
                throw new IllegalArgumentException("word appears twice: " + word);
            }
        }
    }

    /** Number of words. */
    public int size() {
        return starts.length - 1;
    }

    /** The number of {@code word}, or -1 if the dictionary does not hold it. Allocates nothing. */
    public int find(String word) {
        for (int slot = slotOf(word); ; slot = (slot + 1) & mask) {
            int entry = slots[slot];
            if (entry == 0) {
                return -1;
            }
            if (matches(entry - 1, word)) {
                return entry - 1;
            }
        }
    }

    /** Word {@code number} as a new String (not for query paths). */
    public String word(int number) {
        return new String(bytes, starts[number], starts[number + 1] - starts[number], StandardCharsets.UTF_8);
    }

    /** Heap taken by the arrays, in bytes. */
    public long sizeInBytes() {
        return 3 * 16L + bytes.length + 4L * starts.length + 4L * slots.length;
    }

    /** Spreads the String hash over the low bits (a multiplicative mix), which pick the slot. */
    private int slotOf(String word) {
        int h = word.hashCode() * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }

    /**
     * Whether word {@code number}'s UTF-8 bytes decode to exactly the characters of
     * {@code word}. Decodes in place: a 4-byte sequence is compared with a surrogate pair.
     */
    private boolean matches(int number, String word) {
        int p = starts[number];
        int end = starts[number + 1];
        int length = word.length();
        // A character takes 1 to 3 bytes (a surrogate pair 4 for 2): a cheap first filter.
        if (end - p < length || end - p > 3 * length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (p == end) {
                return false;
            }
            int b = bytes[p];
            if (b >= 0) {
                if (word.charAt(i) != b) {
                    return false;
                }
                p++;
                continue;
            }
            int extra = (b & 0xE0) == 0xC0 ? 1 : (b & 0xF0) == 0xE0 ? 2 : 3;
            if (p + extra >= end) {
                return false;
            }
            int cp = b & (0x3F >> extra);
            for (int k = 1; k <= extra; k++) {
                cp = (cp << 6) | (bytes[p + k] & 0x3F);
            }
            p += extra + 1;
            if (cp < Character.MIN_SUPPLEMENTARY_CODE_POINT) {
                if (word.charAt(i) != cp) {
                    return false;
                }
            } else if (i + 1 >= length || word.charAt(i) != Character.highSurrogate(cp)
                    || word.charAt(++i) != Character.lowSurrogate(cp)) {
                return false;
            }
        }
        return p == end;
    }
}
