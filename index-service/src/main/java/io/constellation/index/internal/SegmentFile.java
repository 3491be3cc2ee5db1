package io.constellation.index.internal;

import io.constellation.index.CorruptIndexException;
import io.constellation.index.Segment;
import io.constellation.index.ShardLayout;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.CRC32C;
import org.roaringbitmap.RoaringBitmap;

/**
 * The on-disk form of a {@link Segment}. All numbers little-endian (as Roaring's portable
 * format is):
 *
 * <pre>
 * header, 48 bytes
 *   int  magic            0x47455343 ("CSEG" in file order)
 *   int  version          1
 *   int  shard, shardCount
 *   int  wordCount, documentCount
 *   long dictionaryLength bytes of the dictionary section
 *   long postingsLength   bytes of the postings section
 *   int  documentsLength  bytes of the documents bitmap (first in the postings section)
 *   int  reserved         0
 * dictionary: wordCount entries in strictly ascending String order
 *   u16  UTF-8 length, then the UTF-8 bytes of the word
 *   int  cardinality      documents holding the word
 *   long offset           of its bitmap, from the start of the postings section
 *   int  length           bytes of its bitmap
 * postings: the documents bitmap, then each word's bitmap in dictionary order, contiguous
 *   (Roaring portable serialization)
 * footer, 16 bytes
 *   int  footerMagic      0x444E4547 ("GEND")
 *   long fileLength       total bytes including the footer
 *   int  crc32c           CRC32C of every byte before it
 * </pre>
 *
 * Reading checks magic, version, length and checksum before parsing, then every internal
 * offset, length and cardinality; any mismatch is a {@link CorruptIndexException}. Stateless;
 * any thread.
 */
public final class SegmentFile {

    /** First four bytes of a segment file. */
    public static final int MAGIC = 0x47455343;
    /** Format version this code writes and reads. */
    public static final int VERSION = 1;
    static final int FOOTER_MAGIC = 0x444E4547;
    static final int HEADER_BYTES = 48;
    static final int FOOTER_BYTES = 16;
    /** Fixed bytes of a dictionary entry besides the word: length, cardinality, offset, length. */
    private static final int ENTRY_FIXED_BYTES = 2 + 4 + 8 + 4;

    private SegmentFile() {
    }

    /**
     * Size and checksum of a written segment file, as a checkpoint records them.
     *
     * @param length  file length in bytes
     * @param crc32c  the CRC32C stored in the footer
     */
    public record Info(long length, int crc32c) {
    }

    /**
     * A segment read from disk with its file's size and checksum.
     *
     * @param segment the segment
     * @param info    its file's length and checksum
     */
    public record Loaded(Segment segment, Info info) {
    }

    /** Writes {@code segment} to {@code target} atomically (see {@link AtomicFiles}). */
    public static Info write(Segment segment, Path target) throws IOException {
        ByteBuffer bytes = encode(segment);
        Info info = new Info(bytes.limit(), bytes.getInt(bytes.limit() - 4));
        AtomicFiles.write(target, bytes);
        return info;
    }

    /** Reads and verifies a segment file. */
    public static Loaded read(Path file) throws IOException {
        return decode(AtomicFiles.readFully(file), file.toString());
    }

    /** The segment's file image, positioned at 0, with the footer filled in. */
    static ByteBuffer encode(Segment segment) {
        int wordCount = segment.wordCount();
        byte[][] utf8 = new byte[wordCount][];
        long dictionaryLength = 0;
        long postingsLength = segment.documents().serializedSizeInBytes();
        for (int i = 0; i < wordCount; i++) {
            utf8[i] = segment.word(i).getBytes(StandardCharsets.UTF_8);
            if (utf8[i].length > 0xFFFF) {
                throw new IllegalArgumentException("word too long to store: " + utf8[i].length + " bytes");
            }
            dictionaryLength += ENTRY_FIXED_BYTES + utf8[i].length;
            postingsLength += segment.postings(i).serializedSizeInBytes();
        }
        long total = HEADER_BYTES + dictionaryLength + postingsLength + FOOTER_BYTES;
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("segment too large for one file: " + total + " bytes");
        }
        ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        ShardLayout layout = segment.layout();
        out.putInt(MAGIC).putInt(VERSION).putInt(layout.shard()).putInt(layout.shardCount())
                .putInt(wordCount).putInt(segment.documentCount())
                .putLong(dictionaryLength).putLong(postingsLength)
                .putInt(segment.documents().serializedSizeInBytes()).putInt(0);
        long offset = segment.documents().serializedSizeInBytes();
        for (int i = 0; i < wordCount; i++) {
            RoaringBitmap postings = segment.postings(i);
            int length = postings.serializedSizeInBytes();
            out.putShort((short) utf8[i].length).put(utf8[i])
                    .putInt(postings.getCardinality()).putLong(offset).putInt(length);
            offset += length;
        }
        segment.documents().serialize(out);
        for (int i = 0; i < wordCount; i++) {
            segment.postings(i).serialize(out);
        }
        out.putInt(FOOTER_MAGIC).putLong(total);
        CRC32C crc = new CRC32C();
        crc.update(out.array(), 0, out.position());
        out.putInt((int) crc.getValue());
        out.flip();
        return out;
    }

    /** Parses a file image; {@code name} names the file in error messages. */
    static Loaded decode(byte[] bytes, String name) throws CorruptIndexException {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.length < 4 || in.getInt(0) != MAGIC) {
            throw new CorruptIndexException(name + ": not a segment file (bad magic)");
        }
        if (bytes.length < HEADER_BYTES + FOOTER_BYTES) {
            throw new CorruptIndexException(name + ": truncated (" + bytes.length + " bytes)");
        }
        int version = in.getInt(4);
        if (version != VERSION) {
            throw new CorruptIndexException(name + ": unsupported version " + version);
        }
        int footer = bytes.length - FOOTER_BYTES;
        if (in.getInt(footer) != FOOTER_MAGIC || in.getLong(footer + 4) != bytes.length) {
            throw new CorruptIndexException(name + ": truncated or extended (footer does not match length "
                    + bytes.length + ")");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = in.getInt(bytes.length - 4);
        if ((int) crc.getValue() != stored) {
            throw new CorruptIndexException(name + ": checksum mismatch");
        }
        try {
            Segment segment = parse(in, footer, name);
            return new Loaded(segment, new Info(bytes.length, stored));
        } catch (RuntimeException | IOException e) {
            // Any parse failure past a valid checksum still means "do not use this file".
            throw new CorruptIndexException(name + ": malformed contents", e);
        }
    }

    private static Segment parse(ByteBuffer in, int footer, String name) throws IOException {
        in.position(8);
        ShardLayout layout = new ShardLayout(in.getInt(), in.getInt());
        int wordCount = in.getInt();
        int documentCount = in.getInt();
        long dictionaryLength = in.getLong();
        long postingsLength = in.getLong();
        int documentsLength = in.getInt();
        in.getInt();
        if (wordCount < 0 || documentCount < 0 || documentsLength < 0
                || HEADER_BYTES + dictionaryLength + postingsLength != footer) {
            throw new CorruptIndexException(name + ": section lengths do not add up");
        }
        int postingsStart = (int) (HEADER_BYTES + dictionaryLength);
        RoaringBitmap documents = bitmap(in, postingsStart, documentsLength, postingsStart + postingsLength);
        if (documents.getCardinality() != documentCount) {
            throw new CorruptIndexException(name + ": document count mismatch");
        }
        String[] words = new String[wordCount];
        RoaringBitmap[] postings = new RoaringBitmap[wordCount];
        long expectedOffset = documentsLength;
        for (int i = 0; i < wordCount; i++) {
            byte[] utf8 = new byte[Short.toUnsignedInt(in.getShort())];
            in.get(utf8);
            words[i] = new String(utf8, StandardCharsets.UTF_8);
            int cardinality = in.getInt();
            long offset = in.getLong();
            int length = in.getInt();
            if (offset != expectedOffset || length < 0) {
                throw new CorruptIndexException(name + ": bad postings offset for word " + i);
            }
            expectedOffset += length;
            postings[i] = bitmap(in, postingsStart + offset, length, postingsStart + postingsLength);
            if (postings[i].getCardinality() != cardinality) {
                throw new CorruptIndexException(name + ": cardinality mismatch for word " + i);
            }
        }
        if (in.position() != postingsStart || expectedOffset != postingsLength) {
            throw new CorruptIndexException(name + ": dictionary does not cover its section");
        }
        return Segment.of(layout, words, postings, documents);
    }

    /** Deserializes the bitmap at [start, start+length), which must lie below {@code end}. */
    private static RoaringBitmap bitmap(ByteBuffer in, long start, int length, long end) throws IOException {
        if (start + length > end) {
            throw new CorruptIndexException("bitmap runs past its section");
        }
        ByteBuffer slice = in.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        slice.limit((int) (start + length)).position((int) start);
        RoaringBitmap bitmap = new RoaringBitmap();
        bitmap.deserialize(slice.slice().order(ByteOrder.LITTLE_ENDIAN));
        if (bitmap.serializedSizeInBytes() != length) {
            throw new CorruptIndexException("bitmap length mismatch");
        }
        return bitmap;
    }
}
