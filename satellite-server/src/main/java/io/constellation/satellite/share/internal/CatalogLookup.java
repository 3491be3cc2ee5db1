package io.constellation.satellite.share.internal;

import io.constellation.common.catalog.CatalogException;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackKeys;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.text.Normalizer;
import io.constellation.satellite.share.ShareResolver;
import it.unimi.dsi.fastutil.objects.Object2IntOpenHashMap;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds or creates the catalog tracks of a set of spellings in as few statements as the
 * catalog allows: normalise each spelling once, merge spellings of the same track, then
 * SELECT all keys, INSERT IGNORE the keys not found, and SELECT those again, each in
 * statements of {@code keysPerStatement} keys (a track another server inserted in the
 * meantime is found by the second read, never created twice). So n distinct keys of
 * which m are new cost ceil(n/k) + 2 ceil(m/k) statements.
 *
 * <p>Runs on the resolver's worker thread only; not thread-safe.
 */
public final class CatalogLookup {

    private final TrackStore tracks;
    private final int keysPerStatement;
    private final ResolverCounters counters;

    public CatalogLookup(TrackStore tracks, int keysPerStatement, ResolverCounters counters) {
        this.tracks = tracks;
        this.keysPerStatement = keysPerStatement;
        this.counters = counters;
    }

    /**
     * The track id of every spelling in {@code keys} (distinct), {@link ShareResolver#NO_TRACK}
     * for one whose artist or title has no words.
     *
     * @throws CatalogException (or its subclass CatalogUnavailableException) when the catalog fails,
     *                          or an id does not fit an int
     */
    public Object2IntOpenHashMap<TagKey> idsOf(List<TagKey> keys) {
        Object2IntOpenHashMap<TagKey> out = new Object2IntOpenHashMap<>(keys.size());
        Map<ByteBuffer, Entry> byNormKey = new LinkedHashMap<>();
        for (TagKey k : keys) {
            if (Normalizer.words(k.artist()).isEmpty() || Normalizer.words(k.title()).isEmpty()) {
                out.put(k, ShareResolver.NO_TRACK);
                continue;
            }
            byte[] normKey = TrackKeys.normKey(k.artist(), k.title(), k.album());
            byNormKey.computeIfAbsent(ByteBuffer.wrap(normKey), b -> new Entry(normKey, k)).spellings.add(k);
        }
        List<Entry> entries = new ArrayList<>(byNormKey.values());
        counters.keysLookedUp.add(entries.size());
        selectInChunks(entries);
        List<Entry> missing = new ArrayList<>();
        for (Entry e : entries) {
            if (e.id == 0) {
                missing.add(e);
            }
        }
        insertInChunks(missing);
        selectInChunks(missing);
        for (Entry e : entries) {
            if (e.id == 0) {
                throw new CatalogException("track '" + e.first.artist() + " - " + e.first.title()
                        + "' is missing right after it was inserted");
            }
            int id = toInt(e.id);
            for (TagKey k : e.spellings) {
                out.put(k, id);
            }
        }
        return out;
    }

    private void selectInChunks(List<Entry> entries) {
        for (int from = 0; from < entries.size(); from += keysPerStatement) {
            select(entries.subList(from, Math.min(entries.size(), from + keysPerStatement)));
        }
    }

    private void insertInChunks(List<Entry> entries) {
        for (int from = 0; from < entries.size(); from += keysPerStatement) {
            List<Entry> chunk = entries.subList(from, Math.min(entries.size(), from + keysPerStatement));
            List<Track> rows = new ArrayList<>(chunk.size());
            for (Entry e : chunk) {
                rows.add(new Track(0, e.first.artist(), e.first.title(), e.first.album()));
            }
            counters.insertStatements.increment();
            counters.tracksCreated.add(tracks.insertTracks(rows));
        }
    }

    private void select(List<Entry> entries) {
        List<byte[]> normKeys = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            normKeys.add(e.normKey);
        }
        counters.selectStatements.increment();
        long[] ids = tracks.idsByNormKeys(normKeys);
        for (int i = 0; i < ids.length; i++) {
            entries.get(i).id = ids[i];
        }
    }

    private static int toInt(long id) {
        if (id <= 0 || id > Integer.MAX_VALUE) {
            throw new CatalogException("track id " + id + " does not fit a satellite server's int track ids");
        }
        return (int) id;
    }

    /** One catalog key: the spelling inserted if it is new, every spelling that maps to it, its id once known. */
    private static final class Entry {
        final byte[] normKey;
        final TagKey first;
        final List<TagKey> spellings = new ArrayList<>(1);
        long id;

        Entry(byte[] normKey, TagKey first) {
            this.normKey = normKey;
            this.first = first;
        }
    }
}
