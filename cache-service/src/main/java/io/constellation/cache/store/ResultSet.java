package io.constellation.cache.store;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import it.unimi.dsi.fastutil.ints.IntArrays;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The rows of one query's results in rank order, with what a page shows (track id, artist,
 * title, album, historical availability), so that a cache hit needs no database.
 *
 * <p>Compact by construction, since thousands of these live in the memory tier: parallel
 * primitive arrays (8 bytes of id, 8 of historical availability and 12 of string references
 * a row) and one UTF-8 byte array holding each distinct display string once, in order of
 * first appearance (a result set for an artist repeats the artist's name and albums on
 * every row). Strings are decoded only for the rows of the page asked for. See
 * {@link #estimatedBytes()} for the footprint.
 *
 * <p>Immutable and thread-safe. Rows are in the order they were added, or ranked by
 * {@link Builder#buildRanked()}.
 */
public final class ResultSet {

    /** Fields of a row held as string references, in this order within {@link #refs}. */
    static final int FIELDS = 3;
    static final int ARTIST = 0;
    static final int TITLE = 1;
    static final int ALBUM = 2;

    private static final ResultSet EMPTY = new ResultSet(new long[0], new double[0], new int[0], new byte[0], new int[] {0});

    final long[] ids;
    final double[] historical;
    /** {@link #FIELDS} string numbers a row; string numbers follow first appearance, row by row. */
    final int[] refs;
    /** The distinct strings' UTF-8, concatenated. */
    final byte[] text;
    /** String {@code s} is {@code text[textOffsets[s], textOffsets[s + 1])}. */
    final int[] textOffsets;

    /** Takes ownership of the arrays; the caller (builder or decoder) has checked them. */
    ResultSet(long[] ids, double[] historical, int[] refs, byte[] text, int[] textOffsets) {
        this.ids = ids;
        this.historical = historical;
        this.refs = refs;
        this.text = text;
        this.textOffsets = textOffsets;
    }

    /** A result set with no rows (a query that matches nothing is cached too). */
    public static ResultSet empty() {
        return EMPTY;
    }

    /** A builder expecting about {@code expectedRows} rows. */
    public static Builder builder(int expectedRows) {
        return new Builder(expectedRows);
    }

    /** Number of rows. */
    public int size() {
        return ids.length;
    }

    /** Track id of the row at {@code rank} (0-based). */
    public long trackId(int rank) {
        return ids[rank];
    }

    /**
     * The track ids of ranks {@code [from, to)}, in rank order, in a new array (e.g. for
     * one batch look-up of their current availability).
     */
    public long[] copyTrackIds(int from, int to) {
        return Arrays.copyOfRange(ids, from, to);
    }

    /**
     * The track ids in rank order, the array itself (read only by contract): what the
     * current-availability look-up reads on every cache hit, where copying a result set of
     * thousands of ids per search would be the hit path's largest allocation.
     */
    public long[] trackIdsView() {
        return ids;
    }

    /** Historical availability of the row at {@code rank}. */
    public double historicalAvailability(int rank) {
        return historical[rank];
    }

    /** Artist of the row at {@code rank} (decoded on each call). */
    public String artist(int rank) {
        return string(refs[rank * FIELDS + ARTIST]);
    }

    /** Title of the row at {@code rank} (decoded on each call). */
    public String title(int rank) {
        return string(refs[rank * FIELDS + TITLE]);
    }

    /** Album of the row at {@code rank}, empty when unknown (decoded on each call). */
    public String album(int rank) {
        return string(refs[rank * FIELDS + ALBUM]);
    }

    /**
     * Artist of the row at {@code rank} as UTF-8, without copying: for a protobuf
     * {@code setArtistBytes}, which skips decoding to a String and encoding back on every
     * hit. The view is read-only by contract and safe because {@link #text} is never
     * written after construction.
     */
    public ByteString artistUtf8(int rank) {
        return utf8(refs[rank * FIELDS + ARTIST]);
    }

    /** Title of the row at {@code rank} as UTF-8, without copying (see {@link #artistUtf8}). */
    public ByteString titleUtf8(int rank) {
        return utf8(refs[rank * FIELDS + TITLE]);
    }

    /** Album of the row at {@code rank} as UTF-8, without copying (see {@link #artistUtf8}). */
    public ByteString albumUtf8(int rank) {
        return utf8(refs[rank * FIELDS + ALBUM]);
    }

    /** Distinct display strings held. */
    public int distinctStrings() {
        return textOffsets.length - 1;
    }

    /**
     * Heap bytes this result set holds, arrays and headers included (assuming 16-byte array
     * headers and 8-byte alignment, as on a 64-bit JVM with compressed pointers): what the
     * memory tier counts against its budget.
     */
    public long estimatedBytes() {
        return 48 + array(8L * ids.length) + array(8L * historical.length) + array(4L * refs.length)
                + array(text.length) + array(4L * textOffsets.length);
    }

    private static long array(long payload) {
        return 16 + ((payload + 7) & ~7L);
    }

    private ByteString utf8(int s) {
        return UnsafeByteOperations.unsafeWrap(text, textOffsets[s], textOffsets[s + 1] - textOffsets[s]);
    }

    private String string(int s) {
        return new String(text, textOffsets[s], textOffsets[s + 1] - textOffsets[s], StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ResultSet other && Arrays.equals(ids, other.ids)
                && Arrays.equals(historical, other.historical) && Arrays.equals(refs, other.refs)
                && Arrays.equals(text, other.text) && Arrays.equals(textOffsets, other.textOffsets);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(ids) + Arrays.hashCode(refs);
    }

    @Override
    public String toString() {
        return "ResultSet[" + ids.length + " rows, " + distinctStrings() + " strings]";
    }

    /**
     * Collects rows (on the miss path, once per computed result set) and packs them.
     * Single-threaded.
     */
    public static final class Builder {
        private long[] ids;
        private double[] historical;
        private final List<String> strings;
        private int size;

        private Builder(int expectedRows) {
            int n = Math.max(1, expectedRows);
            this.ids = new long[n];
            this.historical = new double[n];
            this.strings = new ArrayList<>(n * FIELDS);
        }

        /**
         * Adds a row.
         *
         * @param trackId    the catalog id; ids are expected to be distinct (the shards'
         *                   merged answer is)
         * @param historical historical availability, not NaN
         * @param album      {@code null} is stored as the empty string
         */
        public Builder add(long trackId, double historical, String artist, String title, String album) {
            if (Double.isNaN(historical)) {
                throw new IllegalArgumentException("historical availability of track " + trackId + " is NaN");
            }
            if (size == ids.length) {
                ids = Arrays.copyOf(ids, size * 2);
                this.historical = Arrays.copyOf(this.historical, size * 2);
            }
            ids[size] = trackId;
            this.historical[size] = historical;
            strings.add(Objects.requireNonNull(artist, "artist"));
            strings.add(Objects.requireNonNull(title, "title"));
            strings.add(album == null ? "" : album);
            size++;
            return this;
        }

        /** The rows in the order they were added. */
        public ResultSet build() {
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            return pack(order);
        }

        /**
         * The rows ranked as a result set is stored: historical availability, highest first;
         * equal ones by track id, ascending (so the order is the same on every node).
         */
        public ResultSet buildRanked() {
            int[] order = new int[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            IntArrays.quickSort(order, (a, b) -> {
                int byHistory = Double.compare(historical[b], historical[a]);
                return byHistory != 0 ? byHistory : Long.compare(ids[a], ids[b]);
            });
            return pack(order);
        }

        /** Packs the rows in {@code order}, numbering strings by first appearance in that order. */
        private ResultSet pack(int[] order) {
            if (size == 0) {
                return EMPTY;
            }
            long[] outIds = new long[size];
            double[] outHistorical = new double[size];
            int[] refs = new int[size * FIELDS];
            Object2IntOpenHashMap<String> numbers = new Object2IntOpenHashMap<>();
            numbers.defaultReturnValue(-1);
            List<byte[]> distinct = new ArrayList<>();
            int textBytes = 0;
            for (int r = 0; r < size; r++) {
                int row = order[r];
                outIds[r] = ids[row];
                outHistorical[r] = historical[row];
                for (int f = 0; f < FIELDS; f++) {
                    String s = strings.get(row * FIELDS + f);
                    int number = numbers.getInt(s);
                    if (number < 0) {
                        number = distinct.size();
                        numbers.put(s, number);
                        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                        distinct.add(utf8);
                        textBytes = Math.addExact(textBytes, utf8.length);
                    }
                    refs[r * FIELDS + f] = number;
                }
            }
            byte[] text = new byte[textBytes];
            int[] offsets = new int[distinct.size() + 1];
            for (int s = 0; s < distinct.size(); s++) {
                byte[] utf8 = distinct.get(s);
                System.arraycopy(utf8, 0, text, offsets[s], utf8.length);
                offsets[s + 1] = offsets[s] + utf8.length;
            }
            return new ResultSet(outIds, outHistorical, refs, text, offsets);
        }
    }
}
