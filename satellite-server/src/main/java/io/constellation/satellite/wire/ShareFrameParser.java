package io.constellation.satellite.wire;

import java.util.Arrays;

/**
 * Reads a ClientMessage frame body that is one ShareList or one ShareDelta straight from
 * its bytes (the protobuf wire format) into a {@link ShareFrame}: the files' strings are
 * checked as UTF-8 and located, not decoded, and no message object is built per file.
 *
 * <p>Only the plain case: the body must be exactly one {@code share_list} or
 * {@code share_delta} field; unknown fields of the wire types 0, 1, 2 and 5 are skipped
 * as protobuf skips them, repeated scalar fields keep their last value and repeated
 * message fields append, as in protobuf. Anything else (another top-level layout, a group,
 * a varint over ten bytes, a length past its end, a tag of field 0, a string that is not
 * UTF-8) answers null, and the caller parses the frame with the generated protobuf parser,
 * which accepts or refuses it exactly as it always did. So this reader never accepts what
 * protobuf refuses, and what it accepts it reads as protobuf would (the unit tests compare
 * the two on generated and fuzzed frames).
 *
 * <p>One instance a frame (its cursor); on the channel's event loop.
 */
final class ShareFrameParser {

    /** {@code ClientMessage.share_list} and {@code share_delta}: fields 3 and 4, length-delimited. */
    static final int SHARE_LIST_TAG = 3 << 3 | 2;
    static final int SHARE_DELTA_TAG = 4 << 3 | 2;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    private final byte[] b;
    private int pos;
    /** False once something was found that only protobuf's parser may judge. */
    private boolean ok = true;

    private ShareFrameParser(byte[] body) {
        this.b = body;
    }

    /** The frame read, or null if it is for protobuf's parser to read (see the class comment). */
    static ShareFrame parse(byte[] body) {
        return new ShareFrameParser(body).frame();
    }

    private ShareFrame frame() {
        int end = b.length;
        int tag = tag(end);
        int length = ok ? length(end) : 0;
        if (!ok || pos + length != end) {
            return null;
        }
        ShareFrame frame = switch (tag) {
            case SHARE_LIST_TAG -> shareList(end);
            case SHARE_DELTA_TAG -> shareDelta(end);
            default -> null;
        };
        return ok ? frame : null;
    }

    private ShareFrame shareList(int end) {
        int chunkIndex = 0;
        boolean last = false;
        Files files = new Files(b, end - pos);
        while (ok && pos < end) {
            int tag = tag(end);
            switch (tag) {
                case 1 << 3 | VARINT -> chunkIndex = (int) varint(end); // uint32: the low 32 bits, as readUInt32
                case 2 << 3 | VARINT -> last = varint(end) != 0;
                case 3 << 3 | LENGTH_DELIMITED -> file(files, end);
                default -> skip(tag, end);
            }
        }
        return ShareFrame.list(chunkIndex, last, files.batch());
    }

    private ShareFrame shareDelta(int end) {
        Files added = new Files(b, end - pos);
        Files removed = new Files(b, 0);
        while (ok && pos < end) {
            int tag = tag(end);
            switch (tag) {
                case 1 << 3 | LENGTH_DELIMITED -> file(added, end);
                case 2 << 3 | LENGTH_DELIMITED -> {
                    int at = removed.add();
                    string(removed, at + FileBatch.PATH, end);
                }
                default -> skip(tag, end);
            }
        }
        return ShareFrame.delta(added.batch(), removed.batch());
    }

    /** One SharedFile message, its length first. */
    private void file(Files files, int outerEnd) {
        int length = length(outerEnd);
        if (!ok) {
            return;
        }
        int end = pos + length;
        int at = files.add();
        int[] s = files.spans;
        while (ok && pos < end) {
            int tag = tag(end);
            switch (tag) {
                case 1 << 3 | LENGTH_DELIMITED -> string(files, at + FileBatch.PATH, end);
                case 2 << 3 | VARINT -> {
                    long size = varint(end);
                    s[at + FileBatch.SIZE] = (int) (size >>> 32);
                    s[at + FileBatch.SIZE + 1] = (int) size;
                }
                case 3 << 3 | LENGTH_DELIMITED -> bytes(files, at + FileBatch.CONTENT_HASH, end);
                case 4 << 3 | LENGTH_DELIMITED -> string(files, at + FileBatch.ARTIST, end);
                case 5 << 3 | LENGTH_DELIMITED -> string(files, at + FileBatch.TITLE, end);
                case 6 << 3 | LENGTH_DELIMITED -> string(files, at + FileBatch.ALBUM, end);
                default -> skip(tag, end);
            }
        }
    }

    /** A string field: located in {@code spans[span]} (offset, length) if it is UTF-8; a later one replaces it. */
    private void string(Files files, int span, int end) {
        int start = bytes(files, span, end);
        if (ok && !Utf8Bytes.valid(b, start, pos - start)) {
            ok = false; // protobuf refuses it: let it say so
        }
    }

    /** A bytes field, located in {@code spans[span]}; answers where it starts. */
    private int bytes(Files files, int span, int end) {
        int length = length(end);
        if (!ok) {
            return pos;
        }
        int start = pos;
        files.spans[span] = start;
        files.spans[span + 1] = length;
        pos += length;
        return start;
    }

    /** A tag; field 0 is not one (protobuf refuses it). */
    private int tag(int end) {
        int tag = (int) varint(end);
        if (tag >>> 3 == 0) {
            ok = false;
        }
        return tag;
    }

    /** A length prefix that fits before {@code end}. Protobuf reads it as a varint32: the low 32 bits. */
    private int length(int end) {
        int length = (int) varint(end);
        if (length < 0 || length > end - pos) {
            ok = false;
            return 0;
        }
        return length;
    }

    /** A varint of at most ten bytes, all before {@code end}. */
    private long varint(int end) {
        if (pos < end && b[pos] >= 0) {
            return b[pos++]; // one byte: nearly every tag and length
        }
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= end) {
                break;
            }
            byte x = b[pos++];
            value |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return value;
            }
        }
        ok = false;
        return 0;
    }

    /** Skips a field this reader does not know, as protobuf does; groups are left to protobuf. */
    private void skip(int tag, int end) {
        switch (tag & 7) {
            case VARINT -> varint(end);
            case FIXED64 -> fixed(8, end);
            case LENGTH_DELIMITED -> {
                int length = length(end); // read before pos: "pos += length(end)" would add to the old pos
                pos += length;
            }
            case FIXED32 -> fixed(4, end);
            default -> ok = false;
        }
    }

    private void fixed(int n, int end) {
        if (end - pos < n) {
            ok = false;
        } else {
            pos += n;
        }
    }

    /** The spans of the files read so far, grown by doubling. */
    private static final class Files {
        /** A guess of the files in a body: real share lists average over 64 bytes a file. */
        private static final int BYTES_PER_FILE_GUESS = 64;

        final byte[] bytes;
        int[] spans;
        int count;

        /** @param bodyBytes the message's length: sizes the spans so a typical list never regrows them */
        Files(byte[] bytes, int bodyBytes) {
            this.bytes = bytes;
            this.spans = new int[Math.max(16, bodyBytes / BYTES_PER_FILE_GUESS) * FileBatch.STRIDE];
        }

        /** Starts a file with all fields empty (protobuf's defaults); answers its first span index. */
        int add() {
            int at = count * FileBatch.STRIDE;
            if (at + FileBatch.STRIDE > spans.length) {
                spans = Arrays.copyOf(spans, spans.length * 2);
            }
            count++;
            return at;
        }

        FileBatch batch() {
            return count == 0 ? FileBatch.EMPTY : new FileBatch(bytes, spans, count);
        }
    }
}
