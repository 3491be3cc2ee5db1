package io.constellation.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SearchParamsTest {

    private static String messageOf(String raw) {
        return assertThrows(BadRequestException.class, () -> SearchParams.parse(raw)).getMessage();
    }

    @Test
    void queryAndPageAreDecodedFromTheQueryString() throws Exception {
        SearchParams p = SearchParams.parse("q=rock+%26+roll+%3Clive%3E&page=3");
        assertEquals("rock & roll <live>", p.query());
        assertEquals(3, p.page());
    }

    @Test
    void pageDefaultsToTheFirstAndTheFirstOfRepeatedNamesWins() throws Exception {
        assertEquals(new SearchParams("a", 0), SearchParams.parse("q=a"));
        assertEquals(new SearchParams("a", 0), SearchParams.parse("q=a&q=b&page="));
    }

    @Test
    void aMissingOrBlankQueryIsRefused() {
        assertTrue(messageOf(null).contains("empty"));
        assertTrue(messageOf("page=1").contains("empty"));
        assertTrue(messageOf("q=+++").contains("empty"));
    }

    @Test
    void aQueryOverOneKibibyteOfUtf8IsRefusedWithItsLength() throws Exception {
        SearchParams.parse("q=" + "a".repeat(SearchParams.MAX_QUERY_BYTES));
        // 513 two-byte letters: 1026 bytes.
        String m = messageOf("q=" + "%C3%A9".repeat(513));
        assertTrue(m.contains("1026 bytes") && m.contains("1024"), m);
    }

    @Test
    void anOversizedQueryStringIsRefusedBeforeDecoding() {
        assertTrue(messageOf("q=" + "a".repeat(SearchParams.MAX_RAW_LENGTH)).contains("at most"));
    }

    @Test
    void aPageThatIsNotANumberInRangeIsRefusedNamingTheValue() throws Exception {
        assertTrue(messageOf("q=a&page=two").contains("'two'"));
        assertTrue(messageOf("q=a&page=-1").contains("got -1"));
        assertTrue(messageOf("q=a&page=10001").contains("got 10001"));
        assertEquals(SearchParams.MAX_PAGE, SearchParams.parse("q=a&page=10000").page());
    }

    @Test
    void aBrokenPercentEscapeIsRefused() {
        assertTrue(messageOf("q=%zz").contains("%-escape"));
    }
}
