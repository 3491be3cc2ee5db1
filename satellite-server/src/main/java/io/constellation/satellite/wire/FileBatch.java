package io.constellation.satellite.wire;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.protobuf.ByteString;
import io.constellation.proto.satellite.v1.SharedFile;
import java.util.ArrayList;
import java.util.List;

/**
 * Shared files as they arrived: the UTF-8 bytes of their strings in one array and, per
 * file, where each string lies in it. The server reads a ShareList or ShareDelta into one
 * of these straight from the frame, so a login whose files are all known decodes no
 * String and builds no message object per file (a 300-file list was 1,500 objects and
 * 1,200 UTF-8 decodes before). Strings are decoded on demand, for the few files the
 * resolver has not seen before. Every string is valid UTF-8 (checked while reading).
 * Immutable once built; any thread.
 */
public final class FileBatch {

    /**
     * Ints of a file in {@link #spans}: offset and length of path, artist, title, album and
     * content hash, then size_bytes as two ints (high, low).
     */
    static final int PATH = 0;
    static final int ARTIST = 2;
    static final int TITLE = 4;
    static final int ALBUM = 6;
    static final int CONTENT_HASH = 8;
    static final int SIZE = 10;
    static final int STRIDE = 12;

    /** No files. */
    public static final FileBatch EMPTY = new FileBatch(new byte[0], new int[0], 0);

    private final byte[] bytes;
    private final int[] spans;
    private final int size;

    /** @param spans {@link #STRIDE} ints a file, as {@link ShareFrameParser} writes them */
    FileBatch(byte[] bytes, int[] spans, int size) {
        this.bytes = bytes;
        this.spans = spans;
        this.size = size;
    }

    /** The same files from protobuf messages (encoded once): for frames the generic parser read, and for tests. */
    public static FileBatch of(List<SharedFile> files) {
        int total = 0;
        for (SharedFile f : files) {
            total += WireLimits.utf8Length(f.getPath()) + WireLimits.utf8Length(f.getArtist())
                    + WireLimits.utf8Length(f.getTitle()) + WireLimits.utf8Length(f.getAlbum())
                    + f.getContentHash().size();
        }
        byte[] bytes = new byte[total];
        int[] spans = new int[files.size() * STRIDE];
        int at = 0;
        for (int i = 0; i < files.size(); i++) {
            SharedFile f = files.get(i);
            int s = i * STRIDE;
            at = put(f.getPath(), bytes, at, spans, s + PATH);
            at = put(f.getArtist(), bytes, at, spans, s + ARTIST);
            at = put(f.getTitle(), bytes, at, spans, s + TITLE);
            at = put(f.getAlbum(), bytes, at, spans, s + ALBUM);
            f.getContentHash().copyTo(bytes, at);
            spans[s + CONTENT_HASH] = at;
            spans[s + CONTENT_HASH + 1] = f.getContentHash().size();
            at += f.getContentHash().size();
            spans[s + SIZE] = (int) (f.getSizeBytes() >>> 32);
            spans[s + SIZE + 1] = (int) f.getSizeBytes();
        }
        return new FileBatch(bytes, spans, files.size());
    }

    /** Files with only a path each: a ShareDelta's removed paths. */
    static FileBatch ofPaths(List<String> paths) {
        List<SharedFile> files = new ArrayList<>(paths.size());
        for (String p : paths) {
            files.add(SharedFile.newBuilder().setPath(p).build());
        }
        return of(files);
    }

    private static int put(String s, byte[] bytes, int at, int[] spans, int span) {
        byte[] utf8 = s.getBytes(UTF_8);
        System.arraycopy(utf8, 0, bytes, at, utf8.length);
        spans[span] = at;
        spans[span + 1] = utf8.length;
        return at + utf8.length;
    }

    /** Files in the batch. */
    public int size() {
        return size;
    }

    /** The array the strings' bytes are in; callers only read it. */
    public byte[] bytes() {
        return bytes;
    }

    public int pathOffset(int file) {
        return spans[file * STRIDE + PATH];
    }

    /** The path's length in UTF-8 bytes. */
    public int pathLength(int file) {
        return spans[file * STRIDE + PATH + 1];
    }

    public int artistOffset(int file) {
        return spans[file * STRIDE + ARTIST];
    }

    public int artistLength(int file) {
        return spans[file * STRIDE + ARTIST + 1];
    }

    public int titleOffset(int file) {
        return spans[file * STRIDE + TITLE];
    }

    public int titleLength(int file) {
        return spans[file * STRIDE + TITLE + 1];
    }

    public int albumOffset(int file) {
        return spans[file * STRIDE + ALBUM];
    }

    public int albumLength(int file) {
        return spans[file * STRIDE + ALBUM + 1];
    }

    /** The content hash's length in bytes. */
    public int contentHashLength(int file) {
        return spans[file * STRIDE + CONTENT_HASH + 1];
    }

    /** The file's size_bytes. */
    public long sizeBytes(int file) {
        return (long) spans[file * STRIDE + SIZE] << 32 | (spans[file * STRIDE + SIZE + 1] & 0xFFFF_FFFFL);
    }

    public String path(int file) {
        return string(file * STRIDE + PATH);
    }

    public String artist(int file) {
        return string(file * STRIDE + ARTIST);
    }

    public String title(int file) {
        return string(file * STRIDE + TITLE);
    }

    public String album(int file) {
        return string(file * STRIDE + ALBUM);
    }

    private String string(int span) {
        return new String(bytes, spans[span], spans[span + 1], UTF_8);
    }

    /** The files as protobuf messages (unknown fields dropped), for resolvers that take those. */
    public List<SharedFile> toSharedFiles() {
        List<SharedFile> files = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            files.add(SharedFile.newBuilder().setPath(path(i)).setArtist(artist(i)).setTitle(title(i))
                    .setAlbum(album(i)).setSizeBytes(sizeBytes(i))
                    .setContentHash(ByteString.copyFrom(bytes, spans[i * STRIDE + CONTENT_HASH], contentHashLength(i)))
                    .build());
        }
        return files;
    }
}
