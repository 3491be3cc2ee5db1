package io.constellation.satellite.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Utf8BytesTest {

    @Test
    void validAgreesWithTheStrictJdkDecoderOnRandomBytesAtEveryOffset() {
        Random random = new Random(4);
        byte[] alphabet = {'a', 'Z', 0x7F, (byte) 0x80, (byte) 0xBF, (byte) 0xC2, (byte) 0xC0, (byte) 0xDF,
            (byte) 0xE0, (byte) 0xED, (byte) 0xEF, (byte) 0xA0, (byte) 0x9F, (byte) 0xF0, (byte) 0x90,
            (byte) 0xF4, (byte) 0x8F, (byte) 0xF5, (byte) 0xFF};
        for (int round = 0; round < 200_000; round++) {
            byte[] b = new byte[random.nextInt(24)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(3) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) ('a' + i);
            }
            int off = b.length == 0 ? 0 : random.nextInt(b.length);
            int len = random.nextInt(b.length - off + 1);
            assertEquals(strictlyValid(b, off, len), Utf8Bytes.valid(b, off, len), () -> java.util.HexFormat.of()
                    .formatHex(b, off, off + len));
        }
    }

    @Test
    void utf16LengthIsTheLengthOfTheDecodedString() {
        for (String s : new String[] {"", "abc", "Björk", "東京事変", "🎵 emoji 🎶", "é".repeat(300)}) {
            byte[] b = ("xx" + s + "yy").getBytes(StandardCharsets.UTF_8);
            int len = b.length - 4;
            assertTrue(Utf8Bytes.valid(b, 2, len));
            assertEquals(s.length(), Utf8Bytes.utf16Length(b, 2, len));
        }
        assertFalse(Utf8Bytes.valid(new byte[] {'a', (byte) 0xC3}, 0, 2));
    }

    @Test
    void aTailIsTheSameWhetherReadAsAWordOrByteByByte() {
        byte[] b = "0123456789abcdefghij".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < b.length; i++) {
            for (int end = i; end <= Math.min(b.length, i + 7); end++) {
                long expected = 0;
                for (int k = i; k < end; k++) {
                    expected |= (long) b[k] << (8 * (k - i));
                }
                assertEquals(expected, Utf8Bytes.tail(b, i, end), i + ".." + end);
            }
        }
    }

    private static boolean strictlyValid(byte[] b, int off, int len) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b, off, len));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }
}
