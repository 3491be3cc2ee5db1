package io.constellation.common.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow password hashes: PBKDF2-HMAC-SHA256 from the JDK, a random 16-byte salt per hash,
 * encoded with their parameters as {@code pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>}
 * (standard Base64 without padding), so each stored hash says how it was made and the
 * cost can be raised later without invalidating old hashes ({@link #needsRehash}).
 *
 * <p>The cost trade-off: on the 2-core reference machine one PBKDF2 iteration takes about
 * 0.5 µs, so {@value #DEFAULT_ITERATIONS} iterations cost about 25 ms of one core (10,000:
 * ~5 ms; 100,000: ~50 ms; OWASP's 600,000: ~240 ms). A slow hash is what makes a stolen
 * {@code users} table expensive to crack, but it also caps password logins at ~40 per
 * second per core. The login benchmark's 5,000 logins/s therefore cannot be password
 * logins at any honest cost: satellites log in with a password once and then reconnect
 * with the session token they were given, which costs one HMAC (~0.5 µs). The default sits
 * at the low end of "tens of milliseconds" so that a whole server's population logging in
 * by password after a token-secret change still clears in minutes, not hours; deployments
 * that prefer more resistance raise it and let {@link #needsRehash} upgrade users as they
 * log in.
 *
 * <p>Thread-safe (each call uses its own JDK objects); stateless apart from the salt source.
 */
public final class PasswordHasher {

    /** Iterations when none are given: ~25 ms per hash on the reference machine (see above). */
    public static final int DEFAULT_ITERATIONS = 50_000;
    /** Fewest iterations accepted; only tests and benchmarks should go this low. */
    public static final int MIN_ITERATIONS = 1;
    /** Most iterations accepted in a stored hash: bounds the work one forged row can cost. */
    public static final int MAX_ITERATIONS = 10_000_000;
    /** Longest password hashed, in chars; longer ones never match (and cost nothing). */
    public static final int MAX_PASSWORD_CHARS = 1024;

    /** The algorithm name at the start of every encoded hash. */
    public static final String SCHEME = "pbkdf2-sha256";

    private static final String JDK_ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    private final int iterations;
    private final SecureRandom random;
    private final String dummyHash;

    /** A hasher making new hashes with {@value #DEFAULT_ITERATIONS} iterations. */
    public PasswordHasher() {
        this(DEFAULT_ITERATIONS);
    }

    /**
     * A hasher making new hashes with {@code iterations} iterations (it verifies hashes of
     * any cost, as each records its own).
     *
     * @throws IllegalArgumentException outside [{@value #MIN_ITERATIONS}, {@value #MAX_ITERATIONS}]
     */
    public PasswordHasher(int iterations) {
        if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
            throw new IllegalArgumentException("iterations must be in [" + MIN_ITERATIONS + ", "
                    + MAX_ITERATIONS + "], got " + iterations);
        }
        this.iterations = iterations;
        this.random = new SecureRandom();
        byte[] unguessable = new byte[SALT_BYTES];
        random.nextBytes(unguessable);
        this.dummyHash = hash(Base64.getEncoder().encodeToString(unguessable));
    }

    /** The iterations of new hashes. */
    public int iterations() {
        return iterations;
    }

    /** A new encoded hash of {@code password} with a fresh random salt. */
    public String hash(String password) {
        if (password.length() > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException("password longer than " + MAX_PASSWORD_CHARS + " characters");
        }
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] hash = pbkdf2(password, salt, iterations, HASH_BYTES);
        Base64.Encoder b64 = Base64.getEncoder().withoutPadding();
        return SCHEME + '$' + iterations + '$' + b64.encodeToString(salt) + '$' + b64.encodeToString(hash);
    }

    /**
     * Whether {@code password} matches {@code encoded}, compared in constant time. A
     * malformed or foreign encoding, or an over-long password, is simply no match.
     */
    public boolean verify(String password, String encoded) {
        Parsed p = Parsed.of(encoded);
        if (p == null || password.length() > MAX_PASSWORD_CHARS) {
            return false;
        }
        byte[] actual = pbkdf2(password, p.salt, p.iterations, p.hash.length);
        return MessageDigest.isEqual(actual, p.hash);
    }

    /**
     * Does the work of one {@link #verify} at this hasher's cost and returns false: called
     * for a user that does not exist, so that the answer takes as long as for one that
     * does and timing does not reveal which names are registered.
     */
    public boolean verifyAgainstDummy(String password) {
        verify(password.length() > MAX_PASSWORD_CHARS ? "" : password, dummyHash);
        return false;
    }

    /**
     * True when {@code encoded} was made with other parameters than this hasher's (or cannot
     * be read): the caller should store a fresh {@link #hash} after a successful login.
     */
    public boolean needsRehash(String encoded) {
        Parsed p = Parsed.of(encoded);
        return p == null || p.iterations != iterations || p.salt.length != SALT_BYTES || p.hash.length != HASH_BYTES;
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations, int bytes) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, bytes * 8);
        try {
            // The JDK encodes the chars as UTF-8 before keying the HMAC.
            return SecretKeyFactory.getInstance(JDK_ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK provides " + JDK_ALGORITHM, e);
        } finally {
            spec.clearPassword();
        }
    }

    /** The fields of an encoded hash; null from {@link #of} when it is not one of ours. */
    private record Parsed(int iterations, byte[] salt, byte[] hash) {

        static Parsed of(String encoded) {
            if (encoded == null) {
                return null;
            }
            String[] parts = encoded.split("\\$", -1);
            if (parts.length != 4 || !parts[0].equals(SCHEME)) {
                return null;
            }
            try {
                int iterations = Integer.parseInt(parts[1]);
                byte[] salt = Base64.getDecoder().decode(parts[2].getBytes(StandardCharsets.US_ASCII));
                byte[] hash = Base64.getDecoder().decode(parts[3].getBytes(StandardCharsets.US_ASCII));
                if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS || salt.length == 0
                        || hash.length < 16 || hash.length > 64) {
                    return null;
                }
                return new Parsed(iterations, salt, hash);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }
}
