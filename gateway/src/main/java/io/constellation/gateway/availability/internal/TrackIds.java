package io.constellation.gateway.availability.internal;

import java.util.Arrays;

/**
 * A {@code GetAvailabilityRequest} read straight from its protobuf bytes into an
 * {@code int[]}: what the look-up needs and nothing else, with no message object, no
 * {@code long} list and no boxing in between (see {@link LookupMarshallers} for why).
 *
 * <p>Reading never throws: a request that is not valid protobuf, has more than
 * {@code maxIds} ids or has an id outside 0..2^31-1 comes back with what is wrong with it
 * ({@link #malformed}, {@link #count}, {@link #badIndex}), for the look-up to answer
 * INVALID_ARGUMENT and count it. Immutable once read; confined to the call's thread.
 */
final class TrackIds {

    /** {@code track_ids} is field 1 of GetAvailabilityRequest (availability.proto). */
    static final int TRACK_IDS_FIELD = 1;

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int START_GROUP = 3;
    private static final int END_GROUP = 4;
    private static final int FIXED32 = 5;
    private static final int NO_GROUP = -1;
    /** Deepest nesting of (unknown) groups accepted: protobuf-java's own default recursion limit. */
    private static final int MAX_DEPTH = 100;

    private final int[] ids;
    private final int count;
    private final int badIndex;
    private final long badId;
    private final String malformed;

    private TrackIds(int[] ids, int count, int badIndex, long badId, String malformed) {
        this.ids = ids;
        this.count = count;
        this.badIndex = badIndex;
        this.badId = badId;
        this.malformed = malformed;
    }

    /** The ids, valid up to {@link #count} when that is at most the reader's limit (empty otherwise). */
    int[] ids() {
        return ids;
    }

    /** Ids in the request. */
    int count() {
        return count;
    }

    /** Position of the first id outside 0..2^31-1, or -1. */
    int badIndex() {
        return badIndex;
    }

    /** The id at {@link #badIndex}. */
    long badId() {
        return badId;
    }

    /** What makes the bytes invalid protobuf, or null when they are valid. */
    String malformed() {
        return malformed;
    }

    /**
     * Reads {@code bytes[0, length)} as a GetAvailabilityRequest. Accepts {@code track_ids}
     * packed (what every encoder sends) and unpacked or split in several runs (what the
     * protobuf spec allows), and skips unknown fields like a generated parser. Ids are kept
     * only while there are at most {@code maxIds}: past that only the count matters.
     */
    static TrackIds read(byte[] bytes, int length, int maxIds) {
        Reader r = new Reader(bytes, length, maxIds);
        try {
            r.message(NO_GROUP, 0);
            return new TrackIds(r.ids, r.count, r.badIndex, r.badId, null);
        } catch (Malformed e) {
            return new TrackIds(new int[0], r.count, -1, 0, e.getMessage());
        }
    }

    /** Cursor over the bytes of one request; collects the ids. */
    private static final class Reader {
        private final byte[] buf;
        private final int limit;
        private final int maxIds;
        private int pos;
        private int[] ids = new int[0];
        private int count;
        private int badIndex = -1;
        private long badId;

        Reader(byte[] buf, int limit, int maxIds) {
            this.buf = buf;
            this.limit = limit;
            this.maxIds = maxIds;
        }

        /** Fields until the end of the bytes, or until the END_GROUP of {@code group}. */
        void message(int group, int depth) throws Malformed {
            if (depth > MAX_DEPTH) {
                throw new Malformed("groups nested deeper than " + MAX_DEPTH);
            }
            while (pos < limit) {
                long key = varint();
                int wireType = (int) (key & 7);
                long field = key >>> 3;
                if (field == 0 || field > 0x1FFFFFFF) {
                    throw new Malformed("field number " + field + " at byte " + pos);
                }
                if (wireType == END_GROUP) {
                    if (field != group) {
                        throw new Malformed("unmatched end of group " + field + " at byte " + pos);
                    }
                    return;
                }
                if (field == TRACK_IDS_FIELD && group == NO_GROUP && wireType == LENGTH_DELIMITED) {
                    packed(length());
                } else if (field == TRACK_IDS_FIELD && group == NO_GROUP && wireType == VARINT) {
                    single(varint());
                } else {
                    skip(wireType, (int) field, depth);
                }
            }
            if (group != NO_GROUP) {
                throw new Malformed("group " + group + " is not closed");
            }
        }

        /** A packed run of ids: counted first (one byte test each) so the array is sized once. */
        private void packed(int bytes) throws Malformed {
            int end = pos + bytes;
            int n = 0;
            for (int i = pos; i < end; i++) {
                if (buf[i] >= 0) { // a byte without the continuation bit ends a varint
                    n++;
                }
            }
            if (bytes > 0 && buf[end - 1] < 0) {
                throw new Malformed("packed track_ids end inside a varint");
            }
            if ((long) count + n > maxIds) {
                count += n; // over the limit: only the count is answered
                pos = end;
                return;
            }
            ensureRoom(n);
            decodeRun(end);
        }

        /**
         * Decodes the varints of a packed run whose last byte ends a varint (checked), so no
         * varint runs past {@code end} and the common ids, below 2^31 in at most 5 bytes,
         * need no bounds or range test of their own: one branch per byte, locals only. Any
         * other value (out of the int range, or over-long) goes through {@link #varint()}.
         */
        private void decodeRun(int end) throws Malformed {
            byte[] b = buf;
            int[] out = ids;
            int p = pos;
            int c = count;
            while (p < end) {
                int at = p;
                int x = b[p++];
                if (x >= 0) {
                    out[c++] = x;
                    continue;
                }
                int v = x & 0x7F;
                if ((x = b[p++]) >= 0) {
                    out[c++] = v | x << 7;
                    continue;
                }
                v |= (x & 0x7F) << 7;
                if ((x = b[p++]) >= 0) {
                    out[c++] = v | x << 14;
                    continue;
                }
                v |= (x & 0x7F) << 14;
                if ((x = b[p++]) >= 0) {
                    out[c++] = v | x << 21;
                    continue;
                }
                v |= (x & 0x7F) << 21;
                if ((x = b[p++]) >= 0 && x < 8) { // bits 28-30: still a non-negative int
                    out[c++] = v | x << 28;
                    continue;
                }
                pos = at; // the rare case, in full
                count = c;
                store(varint());
                p = pos;
                c = count;
            }
            pos = p;
            count = c;
        }

        private void single(long id) {
            if (count + 1L > maxIds) {
                count++;
                return;
            }
            ensureRoom(1);
            store(id);
        }

        private void store(long id) {
            if ((id < 0 || id > Integer.MAX_VALUE) && badIndex < 0) {
                badIndex = count;
                badId = id;
            }
            ids[count++] = (int) id;
        }

        private void ensureRoom(int more) {
            int needed = count + more;
            if (needed > ids.length) {
                // Exact for the usual single packed run; doubling for requests sent unpacked.
                ids = Arrays.copyOf(ids, ids.length == 0 ? needed : Math.max(needed, 2 * ids.length));
            }
        }

        private void skip(int wireType, int field, int depth) throws Malformed {
            switch (wireType) {
                case VARINT -> varint();
                case FIXED64 -> advance(8);
                case LENGTH_DELIMITED -> advance(length());
                case START_GROUP -> message(field, depth + 1);
                case FIXED32 -> advance(4);
                default -> throw new Malformed("wire type " + wireType + " at byte " + pos);
            }
        }

        private int length() throws Malformed {
            long n = varint();
            if (n < 0 || n > limit - pos) {
                throw new Malformed("length " + n + " at byte " + pos + " runs past the end (" + limit + " bytes)");
            }
            return (int) n;
        }

        private void advance(int n) throws Malformed {
            if (n > limit - pos) {
                throw new Malformed("field at byte " + pos + " runs past the end (" + limit + " bytes)");
            }
            pos += n;
        }

        /** A base-128 varint of up to 10 bytes (int64 values, negative ones included). */
        private long varint() throws Malformed {
            int p = pos;
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (p >= limit) {
                    throw new Malformed("varint at byte " + pos + " runs past the end");
                }
                byte b = buf[p++];
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    pos = p;
                    return value;
                }
            }
            throw new Malformed("varint at byte " + pos + " is longer than 10 bytes");
        }
    }

    /** The bytes are not a valid protobuf message; the message says where. Never leaves this class. */
    private static final class Malformed extends Exception {
        Malformed(String message) {
            super(message, null, false, false); // no stack trace: it is an answer, not a bug
        }
    }
}
