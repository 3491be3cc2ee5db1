package io.constellation.cache.search;

import java.util.Arrays;

/**
 * A result set's rows in columns: id, display fields and historical availability, row
 * {@code i} across all columns. Columnar so that ranking and the gateway call work on
 * primitive arrays, and a store can write each column compactly. Immutable once built
 * (the accessors that return arrays return the columns themselves: do not modify them).
 */
public final class TrackRows {

    private final long[] ids;
    private final double[] historical;
    private final String[] artists;
    private final String[] titles;
    private final String[] albums;

    private TrackRows(long[] ids, double[] historical, String[] artists, String[] titles, String[] albums) {
        this.ids = ids;
        this.historical = historical;
        this.artists = artists;
        this.titles = titles;
        this.albums = albums;
    }

    /** A builder expecting about {@code capacity} rows (it grows past that). */
    public static Builder builder(int capacity) {
        return new Builder(capacity);
    }

    /** The rows of {@code parts}, one after another, in order. */
    public static TrackRows concat(java.util.List<TrackRows> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int n = 0;
        for (TrackRows p : parts) {
            n += p.size();
        }
        Builder all = new Builder(n);
        for (TrackRows p : parts) {
            for (int i = 0; i < p.size(); i++) {
                all.add(p.ids[i], p.artists[i], p.titles[i], p.albums[i], p.historical[i]);
            }
        }
        return all.build();
    }

    /** The number of rows. */
    public int size() {
        return ids.length;
    }

    public long id(int i) { return ids[i]; }
    public double historical(int i) { return historical[i]; }
    public String artist(int i) { return artists[i]; }
    public String title(int i) { return titles[i]; }
    public String album(int i) { return albums[i]; }

    /** The id column, {@link #size()} long: read only. */
    public long[] ids() {
        return ids;
    }

    /** The historical availability column, {@link #size()} long: read only. */
    public double[] historicalColumn() {
        return historical;
    }

    /**
     * The same rows sorted by historical availability, highest first, ties by id (the
     * result set's stored order; see {@link Ranking#historicalOrder}).
     */
    public TrackRows inHistoricalOrder() {
        int[] order = Ranking.historicalOrder(ids, historical, ids.length);
        int n = order.length;
        long[] i2 = new long[n];
        double[] h2 = new double[n];
        String[] a2 = new String[n];
        String[] t2 = new String[n];
        String[] al2 = new String[n];
        for (int k = 0; k < n; k++) {
            int from = order[k];
            i2[k] = ids[from];
            h2[k] = historical[from];
            a2[k] = artists[from];
            t2[k] = titles[from];
            al2[k] = albums[from];
        }
        return new TrackRows(i2, h2, a2, t2, al2);
    }

    /** Collects rows (e.g. as a {@code TrackRowSink}); single-threaded. */
    public static final class Builder {
        private long[] ids;
        private double[] historical;
        private String[] artists;
        private String[] titles;
        private String[] albums;
        private int size;

        private Builder(int capacity) {
            int c = Math.max(capacity, 4);
            ids = new long[c];
            historical = new double[c];
            artists = new String[c];
            titles = new String[c];
            albums = new String[c];
        }

        /** Appends one row. */
        public Builder add(long id, String artist, String title, String album, double historicalAvailability) {
            if (size == ids.length) {
                grow();
            }
            ids[size] = id;
            artists[size] = artist;
            titles[size] = title;
            albums[size] = album;
            historical[size] = historicalAvailability;
            size++;
            return this;
        }

        private void grow() {
            int c = ids.length * 2;
            ids = Arrays.copyOf(ids, c);
            historical = Arrays.copyOf(historical, c);
            artists = Arrays.copyOf(artists, c);
            titles = Arrays.copyOf(titles, c);
            albums = Arrays.copyOf(albums, c);
        }

        /** The rows added, in the order added. */
        public TrackRows build() {
            return new TrackRows(Arrays.copyOf(ids, size), Arrays.copyOf(historical, size),
                    Arrays.copyOf(artists, size), Arrays.copyOf(titles, size), Arrays.copyOf(albums, size));
        }
    }
}
