package io.constellation.satellite.login;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Session tokens: what a satellite presents instead of its password when it reconnects.
 * Checking one costs an HMAC (~0.5 µs) where a password costs a slow hash (tens of ms),
 * which is what lets a satellite server take thousands of reconnecting satellites per
 * second.
 *
 * <p>Layout ({@value #TOKEN_BYTES} bytes): version (1 byte, {@value #VERSION}), user id
 * (8, big-endian), expiry in epoch seconds (8), then HMAC-SHA256 (32) over those 17 bytes,
 * the user's name (UTF-8) and the user's stored password hash, under the cluster's
 * secret. Every satellite server of a cluster shares the secret, so a token from one is
 * good on all. The stored hash is in the MAC (not in the token), so changing a password
 * revokes every token issued before; so does deleting and re-creating the user (new id).
 * Key rotation: tokens are issued under the current secret and accepted under it or any
 * previous one still configured.
 *
 * <p>Thread-safe; each thread keeps its own {@link Mac} objects.
 */
public final class SessionTokens {

    /** Length of every token. */
    public static final int TOKEN_BYTES = 49;
    /** Shortest secret accepted: the HMAC key should be as long as its output. */
    public static final int MIN_SECRET_BYTES = 32;

    static final byte VERSION = 1;
    private static final int HEADER_BYTES = 17;
    private static final String ALGORITHM = "HmacSHA256";

    private final List<ThreadLocal<Mac>> macs;

    /**
     * @param secret          the current cluster secret: signs new tokens, verifies tokens
     * @param previousSecrets older secrets whose tokens are still accepted (may be empty)
     * @throws IllegalArgumentException when a secret is shorter than {@value #MIN_SECRET_BYTES} bytes
     */
    public SessionTokens(byte[] secret, List<byte[]> previousSecrets) {
        List<ThreadLocal<Mac>> all = new ArrayList<>();
        all.add(macFor(secret));
        for (byte[] s : previousSecrets) {
            all.add(macFor(s));
        }
        this.macs = List.copyOf(all);
    }

    /** A token for user {@code userId} named {@code name}, valid until {@code expiresAtEpochSecond}. */
    public byte[] issue(long userId, String name, String storedPasswordHash, long expiresAtEpochSecond) {
        ByteBuffer b = ByteBuffer.allocate(TOKEN_BYTES);
        b.put(VERSION).putLong(userId).putLong(expiresAtEpochSecond);
        b.put(mac(macs.get(0), b.array(), name, storedPasswordHash));
        return b.array();
    }

    /**
     * The claims of {@code token} if it is well-formed (right length and version), null if
     * not. Says nothing about the signature: {@link #verify} does, once the user's row is read.
     */
    public Claims parse(byte[] token) {
        if (token == null || token.length != TOKEN_BYTES || token[0] != VERSION) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(token);
        b.get();
        return new Claims(b.getLong(), b.getLong());
    }

    /**
     * Whether {@code token} was issued by this cluster for exactly this user (id, name,
     * and current password hash), compared in constant time. Ignores expiry ({@link Claims}
     * carries it).
     */
    public boolean verify(byte[] token, long userId, String name, String storedPasswordHash) {
        Claims c = parse(token);
        if (c == null) {
            return false;
        }
        byte[] presented = Arrays.copyOfRange(token, HEADER_BYTES, TOKEN_BYTES);
        boolean ok = false;
        for (ThreadLocal<Mac> mac : macs) {
            // Every key is tried, match or not, so the time does not say which one matched.
            ok |= MessageDigest.isEqual(mac(mac, token, name, storedPasswordHash), presented);
        }
        return ok && c.userId() == userId;
    }

    /**
     * What a well-formed token claims.
     *
     * @param userId               the user it was issued to
     * @param expiresAtEpochSecond when it stops being accepted
     */
    public record Claims(long userId, long expiresAtEpochSecond) {
    }

    private static byte[] mac(ThreadLocal<Mac> local, byte[] token, String name, String storedPasswordHash) {
        Mac mac = local.get();
        mac.update(token, 0, HEADER_BYTES);
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        // Length-prefixed so that no (name, hash) pair can be shifted into another.
        mac.update(ByteBuffer.allocate(4).putInt(nameBytes.length).array());
        mac.update(nameBytes);
        mac.update(storedPasswordHash.getBytes(StandardCharsets.UTF_8));
        return mac.doFinal();
    }

    private static ThreadLocal<Mac> macFor(byte[] secret) {
        if (secret == null || secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("a session token secret must be at least " + MIN_SECRET_BYTES + " bytes");
        }
        SecretKeySpec key = new SecretKeySpec(secret.clone(), ALGORITHM);
        return ThreadLocal.withInitial(() -> {
            try {
                Mac mac = Mac.getInstance(ALGORITHM);
                mac.init(key);
                return mac;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("the JDK provides " + ALGORITHM, e);
            }
        });
    }
}
