package io.constellation.satellite.wire;

import io.constellation.proto.satellite.v1.SharedFile;

/**
 * The field limits of protocol version {@value #PROTOCOL_VERSION}, checked by the server
 * (a field over its limit is {@code INVALID_FIELD}) and by the client library (which keeps
 * such files out of what it sends, so a long tag never costs a user the connection).
 */
public final class WireLimits {

    /** The protocol version this code speaks. */
    public static final int PROTOCOL_VERSION = 1;
    /** User name, client name and client version: UTF-8 bytes. */
    public static final int MAX_NAME_BYTES = 64;
    /** A password: UTF-8 bytes. Bounds the work of the password hash. */
    public static final int MAX_PASSWORD_BYTES = 1024;
    /** A session token. */
    public static final int MAX_TOKEN_BYTES = 256;
    /** A shared file's path: UTF-8 bytes. */
    public static final int MAX_PATH_BYTES = 1024;
    /** A shared file's content hash. */
    public static final int MAX_CONTENT_HASH_BYTES = 64;
    /**
     * Artist, title and album: UTF-16 chars, the width of the catalog's columns (MariaDB
     * counts characters, H2 UTF-16 units; this bound satisfies both).
     */
    public static final int MAX_TAG_CHARS = 255;

    private WireLimits() {
    }

    /** Why {@code file} breaks a limit, or null if it does not. */
    public static String checkFile(SharedFile file) {
        String path = file.getPath();
        // A UTF-16 char is at most 3 UTF-8 bytes: most paths fit without being scanned.
        if (path.length() > MAX_PATH_BYTES / 3) {
            int pathBytes = utf8Length(path);
            if (pathBytes > MAX_PATH_BYTES) {
                return "path of " + pathBytes + " bytes is over " + MAX_PATH_BYTES;
            }
        }
        if (file.getContentHash().size() > MAX_CONTENT_HASH_BYTES) {
            return "content hash of " + file.getContentHash().size() + " bytes is over " + MAX_CONTENT_HASH_BYTES;
        }
        String tag = longTag(file);
        return tag == null ? null : tag + " over " + MAX_TAG_CHARS + " characters";
    }

    /** Why file {@code i} of {@code files} breaks a limit, or null: the same answers as {@link #checkFile(SharedFile)}. */
    public static String checkFile(FileBatch files, int i) {
        int pathBytes = files.pathLength(i);
        if (pathBytes > MAX_PATH_BYTES) {
            return "path of " + pathBytes + " bytes is over " + MAX_PATH_BYTES;
        }
        if (files.contentHashLength(i) > MAX_CONTENT_HASH_BYTES) {
            return "content hash of " + files.contentHashLength(i) + " bytes is over " + MAX_CONTENT_HASH_BYTES;
        }
        byte[] b = files.bytes();
        String tag = tooLong(b, files.artistOffset(i), files.artistLength(i)) ? "artist"
                : tooLong(b, files.titleOffset(i), files.titleLength(i)) ? "title"
                : tooLong(b, files.albumOffset(i), files.albumLength(i)) ? "album"
                : null;
        return tag == null ? null : tag + " over " + MAX_TAG_CHARS + " characters";
    }

    /** Whether a tag's UTF-8 bytes are more than {@link #MAX_TAG_CHARS} UTF-16 chars (a tag has no more chars than bytes). */
    private static boolean tooLong(byte[] b, int off, int len) {
        return len > MAX_TAG_CHARS && Utf8Bytes.utf16Length(b, off, len) > MAX_TAG_CHARS;
    }

    private static String longTag(SharedFile file) {
        if (file.getArtist().length() > MAX_TAG_CHARS) {
            return "artist";
        }
        if (file.getTitle().length() > MAX_TAG_CHARS) {
            return "title";
        }
        if (file.getAlbum().length() > MAX_TAG_CHARS) {
            return "album";
        }
        return null;
    }

    /** Bytes of {@code s} in UTF-8, counted without encoding it. */
    public static int utf8Length(CharSequence s) {
        int n = s.length();
        int bytes = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                // Two bytes below U+0800; three for the rest of the BMP; a surrogate pair
                // (two chars) is four bytes, so each of its halves adds one more.
                bytes += c < 0x800 ? 1 : Character.isSurrogate(c) ? 1 : 2;
            }
        }
        return bytes;
    }
}
