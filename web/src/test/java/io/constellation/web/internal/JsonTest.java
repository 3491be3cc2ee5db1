package io.constellation.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class JsonTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static String quoted(String s) {
        StringBuilder b = new StringBuilder();
        Json.quote(b, s);
        return b.toString();
    }

    @Test
    void quotesBackslashesAndControlCharactersAreEscaped() {
        assertEquals("\"a\\\"b\\\\c\\n\\r\\t\\b\\f\\u0001\\u001f\"", quoted("a\"b\\c\n\r\t\b\f\u0001\u001f"));
    }

    @Test
    void markupCharactersAreEscapedSoNoBodyCanBeReadAsHtml() {
        String json = quoted("</script><b>Rock & Roll</b>");
        assertFalse(json.contains("<") || json.contains(">") || json.contains("&"), json);
        assertEquals("\"\\u003c/script\\u003e\\u003cb\\u003eRock \\u0026 Roll\\u003c/b\\u003e\"", json);
    }

    @Test
    void lineAndParagraphSeparatorsAreEscapedForJavaScript() {
        assertEquals("\"\\u2028\\u2029\"", quoted("\u2028\u2029"));
    }

    @Test
    void surrogatePairsPassAndLoneSurrogatesAreEscaped() {
        assertEquals("\"\uD83C\uDFB5\"", quoted("\uD83C\uDFB5"));
        assertEquals("\"\\ud83c x \\udfb5\"", quoted("\uD83C x \uDFB5"));
    }

    @Test
    void everyCatalogStringRoundTripsThroughAStandardParser() throws Exception {
        String nasty = "AC/DC & \"Friends\" <live> 'é' \\ \u0000 \u2028 \uD83C\uDFB5";
        String json = new Json().beginObject().field("title", nasty).field("n", 41L).field("x", 2.5)
                .field("ok", true).name("none").nullValue().name("list").beginArray().value("a").value(1L)
                .beginObject().endObject().endArray().endObject().toString();
        JsonNode node = MAPPER.readTree(json);
        assertEquals(nasty, node.get("title").asText());
        assertEquals(41, node.get("n").asLong());
        assertEquals(2.5, node.get("x").asDouble());
        assertEquals(true, node.get("ok").asBoolean());
        assertEquals(true, node.get("none").isNull());
        assertEquals("[\"a\",1,{}]", node.get("list").toString());
    }

    @Test
    void nonFiniteNumbersBecomeNull() {
        assertEquals("[null,null,1.5]", new Json().beginArray().value(Double.NaN).value(Double.POSITIVE_INFINITY)
                .value(1.5).endArray().toString());
    }
}
