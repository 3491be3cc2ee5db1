package io.constellation.common.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class NormalizerTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "Beyoncé|beyonce",
        "AC/DC|ac dc",
        "P!nk|pink",
        "Ke$ha|kesha",
        "Guns N' Roses|guns n roses",
        "R.E.M.|rem",
        "Don't Let Me Get Me|dont let me get me",
        "Victoria’s Secret|victorias secret",
        "Christina Aguilera, Lil' Kim, Mya & P!nk|christina aguilera lil kim mya pink",
        "Sigur Rós|sigur ros",
        "Mötley Crüe|motley crue",
        "Røyksopp|royksopp",
        "Группа крови|группа крови",
        "ＡＢＣ　Ｄｅｆ １２３|abc def 123",
        "Straße|strasse",
        "I Am... Sasha Fierce|i am sasha fierce",
        "Mr. Brightside|mr brightside",
        "Wham!|wham",
    })
    void realNamesNormaliseToPlainWords(String input, String expected) {
        assertEquals(List.of(expected.split(" ")), Normalizer.words(input));
    }

    @Test
    void cjkCharactersAreWordsOfTheirOwn() {
        assertEquals(List.of("夜", "に", "駆", "け", "る"), Normalizer.words("夜に駆ける"));
        assertEquals(List.of("yoasobi", "夜", "に"), Normalizer.words("YOASOBI 夜に"));
    }

    @Test
    void queryKeyIgnoresOrderCaseAndRepeats() {
        assertEquals("a b", Normalizer.queryKey("A A B"));
        assertEquals("a b", Normalizer.queryKey("B a"));
        assertEquals("a b", Normalizer.queryKey("a B b"));
        assertArrayEquals(new String[] {"ac", "back", "black", "dc", "in"}, Normalizer.distinctSortedWords("AC/DC - Back In Black"));
    }

    @Test
    void emptyAndPunctuationOnlyTextHasNoWords() {
        assertEquals(List.of(), Normalizer.words(""));
        assertEquals(List.of(), Normalizer.words(null));
        assertEquals(List.of(), Normalizer.words(" -- !!! ... "));
        assertEquals("", Normalizer.queryKey("?"));
    }
}
