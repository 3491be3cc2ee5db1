package io.constellation.common.hash;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class Hash64Test {

    @Test
    void isTheFirstEightBytesOfSha256BigEndian() {
        // SHA-256("") = e3b0c44298fc1c14 9afbf4c8..., SHA-256("abc") = ba7816bf8f01cfea 414140de...
        assertEquals("e3b0c44298fc1c14", Hash64.hex(Hash64.of("")));
        assertEquals(0xba7816bf8f01cfeaL, Hash64.of("abc"));
    }

    @Test
    void hashesTheUtf8BytesOfText() {
        assertEquals(Hash64.of(new byte[] {(byte) 0xC3, (byte) 0xA9}), Hash64.of("é"));
        assertNotEquals(Hash64.of("e"), Hash64.of("é"));
    }

    @Test
    void hexKeepsLeadingZeros() {
        assertEquals("000000000000000f", Hash64.hex(15));
        assertEquals("ffffffffffffffff", Hash64.hex(-1));
    }
}
