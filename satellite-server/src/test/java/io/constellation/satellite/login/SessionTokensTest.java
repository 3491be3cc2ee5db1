package io.constellation.satellite.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionTokensTest {

    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes();
    private static final byte[] OTHER = "fedcba9876543210fedcba9876543210".getBytes();
    private static final String HASH = "pbkdf2-sha256$1$salt$hash";

    private final SessionTokens tokens = new SessionTokens(SECRET, List.of());

    @Test
    void issuedTokenVerifiesForItsUserAndCarriesItsClaims() {
        byte[] t = tokens.issue(42, "ann", HASH, 1_900_000_000L);
        assertEquals(SessionTokens.TOKEN_BYTES, t.length);
        assertEquals(new SessionTokens.Claims(42, 1_900_000_000L), tokens.parse(t));
        assertTrue(tokens.verify(t, 42, "ann", HASH));
    }

    @Test
    void tokenDoesNotVerifyForAnotherIdNameOrPasswordHash() {
        byte[] t = tokens.issue(42, "ann", HASH, 1_900_000_000L);
        assertFalse(tokens.verify(t, 43, "ann", HASH));
        assertFalse(tokens.verify(t, 42, "Ann", HASH));
        assertFalse(tokens.verify(t, 42, "ann", HASH + "changed"));
    }

    @Test
    void anyChangedByteBreaksTheToken() {
        byte[] t = tokens.issue(42, "ann", HASH, 1_900_000_000L);
        for (int i = 1; i < t.length; i++) {
            byte[] bad = t.clone();
            bad[i] ^= 1;
            assertFalse(tokens.verify(bad, tokens.parse(bad).userId(), "ann", HASH), "byte " + i);
        }
    }

    @Test
    void malformedTokensAreNotParsedAndNeverVerify() {
        byte[] t = tokens.issue(42, "ann", HASH, 1_900_000_000L);
        byte[] wrongVersion = t.clone();
        wrongVersion[0] = 9;
        for (byte[] bad : List.of(new byte[0], Arrays.copyOf(t, 48), Arrays.copyOf(t, 50), wrongVersion)) {
            assertNull(tokens.parse(bad));
            assertFalse(tokens.verify(bad, 42, "ann", HASH));
        }
        assertNull(tokens.parse(null));
    }

    @Test
    void previousSecretsStillVerifyButNewTokensUseTheCurrentOne() {
        byte[] old = new SessionTokens(OTHER, List.of()).issue(7, "bob", HASH, 1_900_000_000L);
        SessionTokens rotated = new SessionTokens(SECRET, List.of(OTHER));
        assertTrue(rotated.verify(old, 7, "bob", HASH));
        assertFalse(tokens.verify(old, 7, "bob", HASH), "a secret no longer configured is refused");
        byte[] fresh = rotated.issue(7, "bob", HASH, 1_900_000_000L);
        assertTrue(tokens.verify(fresh, 7, "bob", HASH));
    }

    @Test
    void shortSecretsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SessionTokens(new byte[31], List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SessionTokens(SECRET, List.of(new byte[8])));
    }
}
