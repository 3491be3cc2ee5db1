package io.constellation.index.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WordDictionaryTest {

    /** ASCII, 2-, 3- and 4-byte UTF-8 (a surrogate pair), and two words with one hash code. */
    private static final String[] WORDS = {"aa", "bb", "café", "東京", "x\uD83C\uDFB5y", "Aa", "BB", "ü", ""};

    @Test
    void findsEveryWordByAnEqualStringNotTheSameInstance() {
        WordDictionary dictionary = WordDictionary.of(WORDS);
        assertEquals("Aa".hashCode(), "BB".hashCode(), "the collision this test relies on");
        for (int i = 0; i < WORDS.length; i++) {
            String copy = new String(WORDS[i].getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertEquals(i, dictionary.find(copy), WORDS[i]);
            assertEquals(WORDS[i], dictionary.word(i));
        }
        assertEquals(WORDS.length, dictionary.size());
    }

    @Test
    void rejectsPrefixesExtensionsAndNearMisses() {
        WordDictionary dictionary = WordDictionary.of(WORDS);
        for (String absent : new String[] {"a", "aaa", "ab", "caf", "cafe", "caféx", "東", "東京都", "x\uD83C\uDFB5",
                "x\uD83C\uDFB6y", "üa", "u", "AA", "Ba"}) {
            assertEquals(-1, dictionary.find(absent), absent);
        }
    }

    @Test
    void anEmptyDictionaryFindsNothing() {
        WordDictionary dictionary = WordDictionary.of(new String[0]);
        assertEquals(0, dictionary.size());
        assertEquals(-1, dictionary.find("the"));
        assertEquals(-1, dictionary.find(""));
    }

    @Test
    void aRepeatedWordIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WordDictionary.of(new String[] {"love", "me", "love"}));
    }

    @Test
    void manyWordsAreAllFoundAndCostLittleBeyondTheirBytes() {
        SplittableRandom random = new SplittableRandom(5);
        Set<String> unique = new LinkedHashSet<>();
        while (unique.size() < 50_000) {
            StringBuilder word = new StringBuilder();
            for (int c = 1 + random.nextInt(10); c > 0; c--) {
                word.append((char) (random.nextInt(8) == 0 ? 0xE0 + random.nextInt(30) : 'a' + random.nextInt(26)));
            }
            unique.add(word.toString());
        }
        String[] words = unique.toArray(new String[0]);
        WordDictionary dictionary = WordDictionary.of(words);
        long utf8 = 0;
        for (int i = 0; i < words.length; i++) {
            assertEquals(i, dictionary.find(new String(words[i].toCharArray())));
            assertEquals(-1, dictionary.find(words[i] + "#"));
            utf8 += words[i].getBytes(StandardCharsets.UTF_8).length;
        }
        // Bytes, a 4-byte start and at most 2 table slots (a power of two at load <= 3/4) per word.
        long bound = utf8 + 4L * (words.length + 1) + 4L * 2 * words.length * 4 / 3 + 64;
        assertTrue(dictionary.sizeInBytes() <= bound, dictionary.sizeInBytes() + " > " + bound);
    }
}
