package io.constellation.common.search;

import io.constellation.common.hash.Hash64;
import io.constellation.common.search.InvalidQueryException.Reason;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"A A B", "B A", "A B B", "  b, a!", "a\tB"})
    void orderCaseAndRepeatsGiveOneKey(String query) throws Exception {
        QueryKey key = QueryKey.of(query);
        assertEquals("a b", key.canonical());
        assertEquals(List.of("a", "b"), key.words());
        assertEquals(QueryKey.of("a b"), key);
        assertEquals(QueryKey.of("a b").hash(), key.hash());
    }

    @Test
    void usesTheCatalogNormaliser() throws Exception {
        assertEquals("beyonce", QueryKey.of("BEYONCÉ").canonical());
        assertEquals("ac back black dc in", QueryKey.of("AC/DC - Back In Black").canonical());
    }

    @Test
    void hashIsHash64OfTheCanonicalUtf8() throws Exception {
        QueryKey key = QueryKey.of("Sigur Rós Hoppípolla");
        assertEquals("hoppipolla ros sigur", key.canonical());
        assertEquals(Hash64.of("hoppipolla ros sigur"), key.hash());
        assertEquals(Hash64.hex(key.hash()), key.hex());
        assertEquals(16, key.hex().length());
    }

    @Test
    void hashIsStableAcrossProcesses() throws Exception {
        // Fixed value: SHA-256("a b") begins c8687a08aa5d6ed2. A change here reroutes every
        // query and orphans every cache file: it must be deliberate.
        assertEquals("c8687a08aa5d6ed2", QueryKey.of("B a").hex());
    }

    @Test
    void differentQueriesAreDifferentKeys() throws Exception {
        assertNotEquals(QueryKey.of("a b"), QueryKey.of("a b c"));
        assertNotEquals(QueryKey.of("ab"), QueryKey.of("a b"));
        assertNotEquals(QueryKey.of("ab").hash(), QueryKey.of("a b").hash());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "?!-- ...", "\u0301"})
    void queryWithoutLettersOrDigitsIsEmpty(String query) {
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> QueryKey.of(query));
        assertEquals(Reason.EMPTY, e.reason());
        assertTrue(e.getMessage().contains("no letters or digits"), e.getMessage());
    }

    @Test
    void nullIsEmpty() {
        assertEquals(Reason.EMPTY, assertThrows(InvalidQueryException.class, () -> QueryKey.of(null)).reason());
    }

    @Test
    void thirtyTwoDistinctWordsAreAllowedThirtyThreeAreNot() throws Exception {
        assertEquals(32, QueryKey.of(words(32)).words().size());
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> QueryKey.of(words(33)));
        assertEquals(Reason.TOO_MANY_WORDS, e.reason());
        assertTrue(e.getMessage().contains("33"), e.getMessage());
    }

    @Test
    void repeatedWordsCountOnce() throws Exception {
        String query = "la ".repeat(100);
        assertEquals(List.of("la"), QueryKey.of(query).words());
    }

    @Test
    void queryOfExactly1024BytesIsAllowedOneMoreIsNot() throws Exception {
        String ok = "ab ".repeat(341) + "c";
        assertEquals(1024, ok.length());
        QueryKey.of(ok);
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> QueryKey.of(ok + "d"));
        assertEquals(Reason.TOO_LONG, e.reason());
    }

    @Test
    void lengthLimitCountsUtf8BytesNotChars() {
        // 342 chars of 3 bytes each: 1026 bytes.
        String cjk = "夜".repeat(342);
        assertEquals(Reason.TOO_LONG, assertThrows(InvalidQueryException.class, () -> QueryKey.of(cjk)).reason());
        // 257 four-byte code points (surrogate pairs): 1028 bytes in 514 chars.
        String emoji = "\uD83C\uDFB5".repeat(256) + "a\uD83C\uDFB5";
        assertEquals(Reason.TOO_LONG, assertThrows(InvalidQueryException.class, () -> QueryKey.of(emoji)).reason());
    }

    @Test
    void wordOver64BytesIsRejected() throws Exception {
        QueryKey.of("x".repeat(64));
        InvalidQueryException e = assertThrows(InvalidQueryException.class, () -> QueryKey.of("y".repeat(65)));
        assertEquals(Reason.WORD_TOO_LONG, e.reason());
        assertTrue(e.getMessage().contains("65 bytes"), e.getMessage());
    }

    private static String words(int n) {
        return IntStream.range(0, n).mapToObj(i -> "w" + i).collect(Collectors.joining(" "));
    }
}
