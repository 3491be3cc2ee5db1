package io.constellation.common.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher cheap = new PasswordHasher(1_000);

    @Test
    void aHashVerifiesItsOwnPasswordOnly() {
        String h = cheap.hash("correct horse");
        assertTrue(cheap.verify("correct horse", h));
        assertFalse(cheap.verify("correct hors", h));
        assertFalse(cheap.verify("Correct horse", h));
        assertFalse(cheap.verify("", h));
    }

    @Test
    void encodingRecordsSchemeIterationsSaltAndHash() {
        String[] parts = cheap.hash("pw").split("\\$");
        assertEquals(4, parts.length);
        assertEquals("pbkdf2-sha256", parts[0]);
        assertEquals("1000", parts[1]);
        assertEquals(22, parts[2].length(), "16 salt bytes in unpadded Base64");
        assertEquals(43, parts[3].length(), "32 hash bytes in unpadded Base64");
        assertTrue(cheap.hash("pw").length() <= 255, "fits users.password_hash");
    }

    @Test
    void samePasswordGetsADifferentSaltEachTime() {
        assertNotEquals(cheap.hash("pw"), cheap.hash("pw"));
    }

    @Test
    void hashesOfAnotherCostStillVerifyAndAskForARehash() {
        PasswordHasher stronger = new PasswordHasher(2_000);
        String old = cheap.hash("pw");
        assertTrue(stronger.verify("pw", old));
        assertTrue(stronger.needsRehash(old));
        assertFalse(cheap.needsRehash(old));
        assertFalse(stronger.needsRehash(stronger.hash("pw")));
    }

    @Test
    void malformedOrForeignEncodingsNeverMatch() {
        String good = cheap.hash("pw");
        for (String bad : new String[] {null, "", "pw", "$2a$10$abcdefghijklmnopqrstuv",
                good.replace("pbkdf2-sha256", "pbkdf2-sha1"), good.replace("$1000$", "$0$"),
                good.replace("$1000$", "$x$"), good.replace("$1000$", "$99999999999$"),
                good.substring(0, good.lastIndexOf('$')), good + "$extra", good.replace('/', '*')}) {
            if (bad != null && bad.equals(good)) {
                continue;
            }
            assertFalse(cheap.verify("pw", bad), String.valueOf(bad));
            assertTrue(cheap.needsRehash(bad), String.valueOf(bad));
        }
    }

    @Test
    void overLongPasswordsAreRefusedToHashAndNeverMatch() {
        String huge = "x".repeat(PasswordHasher.MAX_PASSWORD_CHARS + 1);
        assertThrows(IllegalArgumentException.class, () -> cheap.hash(huge));
        assertFalse(cheap.verify(huge, cheap.hash("x")));
        assertFalse(cheap.verifyAgainstDummy(huge));
    }

    @Test
    void nonAsciiPasswordsRoundTrip() {
        String h = cheap.hash("pässwörd ✓ 密码");
        assertTrue(cheap.verify("pässwörd ✓ 密码", h));
        assertFalse(cheap.verify("passwort ✓ 密码", h));
    }

    @Test
    void dummyVerificationCostsAboutAsMuchAsARealOne() {
        PasswordHasher h = new PasswordHasher(20_000);
        String stored = h.hash("secret");
        for (int i = 0; i < 3; i++) { // warm up both paths
            h.verify("guess", stored);
            h.verifyAgainstDummy("guess");
        }
        long real = Long.MAX_VALUE;
        long dummy = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = System.nanoTime();
            h.verify("guess", stored);
            long t1 = System.nanoTime();
            assertFalse(h.verifyAgainstDummy("guess"));
            long t2 = System.nanoTime();
            real = Math.min(real, t1 - t0);
            dummy = Math.min(dummy, t2 - t1);
        }
        // Both are 20,000 PBKDF2 iterations: the minima agree within a factor well under 2.
        assertTrue(dummy > real / 2 && dummy < real * 2, "real " + real + " ns, dummy " + dummy + " ns");
    }

    @Test
    void iterationsOutsideTheAllowedRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(0));
        assertThrows(IllegalArgumentException.class, () -> new PasswordHasher(PasswordHasher.MAX_ITERATIONS + 1));
        assertEquals(PasswordHasher.DEFAULT_ITERATIONS, new PasswordHasher().iterations());
    }
}
