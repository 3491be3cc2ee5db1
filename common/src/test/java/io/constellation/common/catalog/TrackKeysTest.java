package io.constellation.common.catalog;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class TrackKeysTest {

    @Test
    void keyIsTheFirstSixteenBytesOfSha256OfTheNormalisedFields() throws Exception {
        byte[] expected = Arrays.copyOf(MessageDigest.getInstance("SHA-256")
                .digest("beyonce\u0001halo\u0001i am sasha fierce".getBytes(StandardCharsets.UTF_8)), 16);
        assertArrayEquals(expected, TrackKeys.normKey("Beyoncé", "Halo", "I Am... Sasha Fierce"));
        assertEquals(TrackKeys.LENGTH, TrackKeys.normKey("a", "b", "").length);
    }

    @Test
    void spellingVariantsShareAKey() {
        assertArrayEquals(TrackKeys.normKey("AC/DC", "Back In Black", ""), TrackKeys.normKey("ac dc", "BACK  in black!", null));
    }

    @Test
    void wordsMovedBetweenFieldsGiveAnotherKey() {
        assertFalse(Arrays.equals(TrackKeys.normKey("a b", "c", ""), TrackKeys.normKey("a", "b c", "")));
        assertFalse(Arrays.equals(TrackKeys.normKey("a", "b", ""), TrackKeys.normKey("a", "", "b")));
    }
}
