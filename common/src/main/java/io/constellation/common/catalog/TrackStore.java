package io.constellation.common.catalog;

import io.constellation.common.catalog.internal.SqlErrors;

import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the {@code tracks} table and its change log {@code index_updates}.
 * Every method is one short transaction (or a few, for large batches) on a pooled
 * connection; failures surface as {@link CatalogException} or
 * {@link CatalogUnavailableException}. Thread-safe.
 */
public final class TrackStore {

    /** Rows per INSERT and per transaction in {@link #insertTracks}. */
    public static final int INSERT_BATCH = 1000;
    /** Most ids in one IN list of {@link #tracksByIds}. */
    public static final int IN_LIST_MAX = 1000;
    /** Longest text field, in code points: the columns are VARCHAR(255) in utf8mb4. */
    public static final int MAX_FIELD_LENGTH = 255;

    private static final String COLUMNS = "id, artist, title, album";

    private final Catalog catalog;

    /** A store over {@code catalog}, which must be migrated. */
    public TrackStore(Catalog catalog) {
        this.catalog = catalog;
    }

    /**
     * Inserts the tracks whose normalised key is not in the catalog yet (their {@code id} is
     * ignored; the catalog assigns one). Idempotent: a track already present, or twice in the
     * list, is added once. Each chunk of {@value #INSERT_BATCH} is one multi-row INSERT IGNORE
     * in its own transaction. Returns how many rows were new.
     *
     * @throws IllegalArgumentException if a field is longer than {@value #MAX_FIELD_LENGTH}
     *                                  code points (MariaDB's INSERT IGNORE would truncate it silently)
     */
    public int insertTracks(List<Track> tracks) {
        tracks.forEach(TrackStore::checkFits);
        int inserted = 0;
        for (int from = 0; from < tracks.size(); from += INSERT_BATCH) {
            List<Track> chunk = tracks.subList(from, Math.min(tracks.size(), from + INSERT_BATCH));
            Map<ByteBuffer, Track> distinct = distinctByKey(chunk);
            inserted += catalog.inTransaction("inserting tracks", c -> insertChunk(c, distinct));
        }
        return inserted;
    }

    private static Map<ByteBuffer, Track> distinctByKey(List<Track> chunk) {
        Map<ByteBuffer, Track> distinct = new LinkedHashMap<>();
        for (Track t : chunk) {
            distinct.putIfAbsent(ByteBuffer.wrap(TrackKeys.normKey(t)), t);
        }
        return distinct;
    }

    private static int insertChunk(Connection c, Map<ByteBuffer, Track> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        StringBuilder sql = new StringBuilder("INSERT IGNORE INTO tracks (artist, title, album, norm_key) VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "(?,?,?,?)" : ",(?,?,?,?)");
        }
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int p = 1;
            for (Map.Entry<ByteBuffer, Track> e : rows.entrySet()) {
                Track t = e.getValue();
                ps.setString(p++, t.artist());
                ps.setString(p++, t.title());
                ps.setString(p++, t.album());
                ps.setBytes(p++, e.getKey().array());
            }
            // One statement: its update count is the number of rows actually inserted on both backends.
            return ps.executeUpdate();
        }
    }

    /**
     * Up to {@code limit} tracks with id greater than {@code afterId}, ascending, restricted to
     * shard {@code shard} of {@code shardCount} ({@code id mod shardCount == shard}); the index
     * shards tail the catalog with it.
     */
    public List<Track> tracksAfter(long afterId, int shard, int shardCount, int limit) {
        if (shardCount < 1 || shard < 0 || shard >= shardCount) {
            throw new IllegalArgumentException("shard " + shard + " of " + shardCount);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        String sql = shardCount == 1
                ? "SELECT " + COLUMNS + " FROM tracks WHERE id > ? ORDER BY id LIMIT ?"
                : "SELECT " + COLUMNS + " FROM tracks WHERE id > ? AND MOD(id, ?) = ? ORDER BY id LIMIT ?";
        Object[] params = shardCount == 1
                ? new Object[] {afterId, limit}
                : new Object[] {afterId, shardCount, shard, limit};
        return queryTracks(sql, params);
    }

    /**
     * The tracks with the given ids, in the order of {@code ids}; ids not in the catalog are
     * left out, a repeated id appears once per occurrence. Queries in IN lists of at most
     * {@value #IN_LIST_MAX}.
     */
    public List<Track> tracksByIds(long[] ids) {
        Map<Long, Track> found = new HashMap<>();
        for (int from = 0; from < ids.length; from += IN_LIST_MAX) {
            long[] chunk = Arrays.copyOfRange(ids, from, Math.min(ids.length, from + IN_LIST_MAX));
            String sql = "SELECT " + COLUMNS + " FROM tracks WHERE id IN (" + placeholders(chunk.length) + ")";
            for (Track t : queryTracks(sql, Arrays.stream(chunk).boxed().toArray())) {
                found.put(t.id(), t);
            }
        }
        List<Track> out = new ArrayList<>(found.size());
        for (long id : ids) {
            Track t = found.get(id);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * The display fields and historical availability of the tracks with the given ids, for a
     * search's result set: {@code tracks LEFT JOIN track_stats}, so a track without
     * statistics has availability 0. Ids not in the catalog (deleted since they were
     * indexed) are skipped. Rows reach {@code sink} in ascending id order, on the calling
     * thread; one pooled connection, one SELECT per {@value #IN_LIST_MAX} ids.
     *
     * @param ascendingIds strictly ascending ids (as the index shards' merged answer is)
     * @return how many rows were delivered
     * @throws IllegalArgumentException if the ids are not strictly ascending
     */
    public int tracksWithStats(long[] ascendingIds, TrackRowSink sink) {
        checkAscending(ascendingIds);
        if (ascendingIds.length == 0) {
            return 0;
        }
        try (Connection c = catalog.connection()) {
            int delivered = 0;
            for (int from = 0; from < ascendingIds.length; from += IN_LIST_MAX) {
                delivered += readWithStats(c, ascendingIds, from, Math.min(ascendingIds.length, from + IN_LIST_MAX), sink);
            }
            return delivered;
        } catch (SQLException e) {
            throw SqlErrors.translate("reading tracks with statistics", e);
        }
    }

    /**
     * The historical availability of the tracks with the given ids, from {@code track_stats}
     * alone: one narrow row per id that has statistics, none of the display fields, so a
     * search can rank a long result set and read display rows only for the part it keeps.
     * {@code out[i]} receives the availability of {@code ascendingIds[i]}, 0 when the track
     * has no statistics (or is not in the catalog: this read cannot tell). One pooled
     * connection, one SELECT per {@value #IN_LIST_MAX} ids.
     *
     * @param ascendingIds strictly ascending ids
     * @param out          at least as long as {@code ascendingIds}; overwritten
     * @throws IllegalArgumentException if the ids are not strictly ascending or out is short
     */
    public void historicalAvailability(long[] ascendingIds, double[] out) {
        checkAscending(ascendingIds);
        if (out.length < ascendingIds.length) {
            throw new IllegalArgumentException("out holds " + out.length + " of " + ascendingIds.length + " values");
        }
        Arrays.fill(out, 0, ascendingIds.length, 0.0);
        if (ascendingIds.length == 0) {
            return;
        }
        try (Connection c = catalog.connection()) {
            for (int from = 0; from < ascendingIds.length; from += IN_LIST_MAX) {
                readHistorical(c, ascendingIds, from, Math.min(ascendingIds.length, from + IN_LIST_MAX), out);
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading historical availability", e);
        }
    }

    /**
     * One page of {@code track_stats} in id order, for a reader that keeps the whole table in
     * memory: the first rows with {@code track_id > afterId}, at most {@code ids.length}
     * (keyset paging: each page is one short indexed query, whatever the table's size).
     *
     * @return how many rows were put into {@code ids} and {@code values} (0 at the end)
     */
    public int historicalPage(long afterId, long[] ids, double[] values) {
        if (values.length < ids.length) {
            throw new IllegalArgumentException("values holds " + values.length + " of " + ids.length);
        }
        String sql = "SELECT track_id, historical_availability FROM track_stats WHERE track_id > ?"
                + " ORDER BY track_id LIMIT ?";
        try (Connection c = catalog.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, afterId);
            ps.setInt(2, ids.length);
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids[n] = rs.getLong(1);
                    values[n] = rs.getDouble(2);
                    n++;
                }
            }
            return n;
        } catch (SQLException e) {
            throw SqlErrors.translate("reading a page of historical availability", e);
        }
    }

    private static void readHistorical(Connection c, long[] ids, int from, int to, double[] out) throws SQLException {
        String sql = "SELECT track_id, historical_availability FROM track_stats WHERE track_id IN ("
                + placeholders(to - from) + ") ORDER BY track_id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = from; i < to; i++) {
                ps.setLong(i - from + 1, ids[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                // Rows come in id order and are a subset of ids[from, to): one forward walk places them.
                int i = from;
                while (rs.next()) {
                    long id = rs.getLong(1);
                    while (ids[i] != id) {
                        i++;
                    }
                    out[i] = rs.getDouble(2);
                }
            }
        }
    }

    private static void checkAscending(long[] ids) {
        for (int i = 1; i < ids.length; i++) {
            if (ids[i] <= ids[i - 1]) {
                throw new IllegalArgumentException("ids not strictly ascending at index " + i);
            }
        }
    }

    private static int readWithStats(Connection c, long[] ids, int from, int to, TrackRowSink sink)
            throws SQLException {
        String sql = "SELECT t.id, t.artist, t.title, t.album, COALESCE(s.historical_availability, 0)"
                + " FROM tracks t LEFT JOIN track_stats s ON s.track_id = t.id"
                + " WHERE t.id IN (" + placeholders(to - from) + ") ORDER BY t.id";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = from; i < to; i++) {
                ps.setLong(i - from + 1, ids[i]);
            }
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    sink.accept(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5));
                    n++;
                }
            }
            return n;
        }
    }

    /**
     * The ids of the tracks with the given {@link TrackKeys#normKey normalised keys}, one per
     * key in the same order, {@code 0} for a key not in the catalog. One SELECT per
     * {@value #IN_LIST_MAX} keys (the unique index on {@code norm_key} answers each), so a
     * caller that passes at most that many knows it costs exactly one round trip.
     *
     * @throws IllegalArgumentException if a key is not {@value TrackKeys#LENGTH} bytes long
     */
    public long[] idsByNormKeys(List<byte[]> normKeys) {
        Map<ByteBuffer, Long> found = new HashMap<>(normKeys.size() * 2);
        for (int from = 0; from < normKeys.size(); from += IN_LIST_MAX) {
            List<byte[]> chunk = normKeys.subList(from, Math.min(normKeys.size(), from + IN_LIST_MAX));
            readIdsByKey(chunk, found);
        }
        long[] ids = new long[normKeys.size()];
        for (int i = 0; i < ids.length; i++) {
            Long id = found.get(ByteBuffer.wrap(normKeys.get(i)));
            ids[i] = id == null ? 0 : id;
        }
        return ids;
    }

    private void readIdsByKey(List<byte[]> keys, Map<ByteBuffer, Long> found) {
        for (byte[] k : keys) {
            if (k.length != TrackKeys.LENGTH) {
                throw new IllegalArgumentException("a norm key is " + TrackKeys.LENGTH + " bytes, got " + k.length);
            }
        }
        String sql = "SELECT id, norm_key FROM tracks WHERE norm_key IN (" + placeholders(keys.size()) + ")";
        try (Connection c = catalog.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < keys.size(); i++) {
                ps.setBytes(i + 1, keys.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.put(ByteBuffer.wrap(rs.getBytes(2)), rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            throw SqlErrors.translate("reading track ids by key", e);
        }
    }

    /** The greatest track id, 0 when the catalog is empty. */
    public long maxTrackId() {
        return queryLong("SELECT COALESCE(MAX(id), 0) FROM tracks");
    }

    /** How many tracks the catalog holds (a full count: slow on very large tables). */
    public long countTracks() {
        return queryLong("SELECT COUNT(*) FROM tracks");
    }

    /** Up to {@code limit} index updates with id greater than {@code afterId}, ascending. */
    public List<IndexUpdate> updatesAfter(long afterId, int limit) {
        String sql = "SELECT id, track_id, kind FROM index_updates WHERE id > ? ORDER BY id LIMIT ?";
        try (Connection c = catalog.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, afterId);
            ps.setInt(2, limit);
            List<IndexUpdate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new IndexUpdate(rs.getLong(1), rs.getLong(2), IndexUpdate.Kind.fromSql(rs.getString(3))));
                }
            }
            return out;
        } catch (SQLException e) {
            throw SqlErrors.translate("reading index updates", e);
        }
    }

    /** The greatest index update id, 0 when there is none. */
    public long maxUpdateId() {
        return queryLong("SELECT COALESCE(MAX(id), 0) FROM index_updates");
    }

    /** Appends an index update for {@code trackId} (e.g. after a change made elsewhere). */
    public void addIndexUpdate(long trackId, IndexUpdate.Kind kind) {
        catalog.update("INSERT INTO index_updates (track_id, kind) VALUES (?, ?)", trackId, kind.sqlName());
    }

    /**
     * Replaces the fields of the track with {@code track.id()} (and its key), and logs a
     * {@code reindex} update in the same transaction. Returns false when no such track exists.
     *
     * @throws CatalogException when the new fields normalise to another existing track's key
     */
    public boolean updateTrack(Track track) {
        checkFits(track);
        byte[] key = TrackKeys.normKey(track);
        return catalog.inTransaction("updating track " + track.id(), c -> {
            int n = catalog.update(c, "UPDATE tracks SET artist = ?, title = ?, album = ?, norm_key = ? WHERE id = ?",
                    track.artist(), track.title(), track.album(), key, track.id());
            if (n == 0) {
                return false;
            }
            logUpdate(c, track.id(), IndexUpdate.Kind.REINDEX);
            return true;
        });
    }

    /**
     * Deletes the track and its statistics, and logs a {@code delete} update in the same
     * transaction. Returns false (and logs nothing) when no such track exists.
     */
    public boolean deleteTrack(long id) {
        return catalog.inTransaction("deleting track " + id, c -> {
            int n = catalog.update(c, "DELETE FROM tracks WHERE id = ?", id);
            catalog.update(c, "DELETE FROM track_stats WHERE track_id = ?", id);
            if (n == 0) {
                return false;
            }
            logUpdate(c, id, IndexUpdate.Kind.DELETE);
            return true;
        });
    }

    private void logUpdate(Connection c, long trackId, IndexUpdate.Kind kind) throws SQLException {
        catalog.update(c, "INSERT INTO index_updates (track_id, kind) VALUES (?, ?)", trackId, kind.sqlName());
    }

    private List<Track> queryTracks(String sql, Object[] params) {
        try (Connection c = catalog.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            List<Track> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Track(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw SqlErrors.translate("reading tracks", e);
        }
    }

    private long queryLong(String sql) {
        try (Connection c = catalog.connection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw SqlErrors.translate("counting", e);
        }
    }

    private static String placeholders(int n) {
        StringBuilder b = new StringBuilder(2 * n);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "?" : ",?");
        }
        return b.toString();
    }

    private static void checkFits(Track t) {
        checkField("artist", t.artist());
        checkField("title", t.title());
        checkField("album", t.album());
    }

    private static void checkField(String name, String value) {
        if (value.codePointCount(0, value.length()) > MAX_FIELD_LENGTH) {
            throw new IllegalArgumentException(name + " longer than " + MAX_FIELD_LENGTH + " characters: "
                    + value.substring(0, 40) + "...");
        }
    }
}
