package io.constellation.common.catalog;

import io.constellation.common.text.Normalizer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The catalog identity of a track: {@code tracks.norm_key}. Two spellings that normalise to
 * the same words ("Beyoncé" and "BEYONCE") are the same track, so imports and share lists
 * never create duplicates. Stateless and thread-safe.
 */
public final class TrackKeys {

    /** Length of a key in bytes: the first half of a SHA-256, ample against collisions at 10^9 rows. */
    public static final int LENGTH = 16;

    private static final char FIELD_SEPARATOR = '\u0001';

    private TrackKeys() {
    }

    /**
     * The first 16 bytes of SHA-256 over the UTF-8 of: the normalised words of artist, title
     * and album, each field's words joined by a space, the fields joined by U+0001 (so words
     * never move between fields unnoticed).
     */
    public static byte[] normKey(String artist, String title, String album) {
        String text = joinWords(artist) + FIELD_SEPARATOR + joinWords(title) + FIELD_SEPARATOR + joinWords(album);
        return Arrays.copyOf(sha256().digest(text.getBytes(StandardCharsets.UTF_8)), LENGTH);
    }

    /** {@link #normKey(String, String, String)} of a track's fields. */
    public static byte[] normKey(Track track) {
        return normKey(track.artist(), track.title(), track.album());
    }

    private static String joinWords(String field) {
        return String.join(" ", Normalizer.words(field == null ? "" : field));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime provides SHA-256", e);
        }
    }
}
