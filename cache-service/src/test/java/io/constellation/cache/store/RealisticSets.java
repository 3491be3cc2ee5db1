package io.constellation.cache.store;

import io.constellation.cache.store.internal.ByteSink;
import io.constellation.common.catalog.Track;
import io.constellation.common.corpus.Corpus;
import io.constellation.common.corpus.CorpusGenerator;
import io.constellation.common.search.QueryKey;
import io.constellation.common.text.Normalizer;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;

/** Result sets as a real catalog gives them, and the sizes of their encodings, for tests and measurements. */
final class RealisticSets {

    private RealisticSets() {
    }

    /**
     * The ranked result sets of {@code keys} over a catalog of {@code count} tracks generated
     * from the bundled chart corpus (seed 1), with {@link #historical} availability.
     */
    static ResultSet[] resultSets(long count, QueryKey... keys) {
        ResultSet.Builder[] builders = new ResultSet.Builder[keys.length];
        for (int q = 0; q < keys.length; q++) {
            builders[q] = ResultSet.builder(1024);
        }
        Iterator<Track> tracks = new CorpusGenerator(Corpus.bundled()).iterator(count, 1);
        while (tracks.hasNext()) {
            Track t = tracks.next();
            List<String> words = Arrays.asList(Normalizer.distinctSortedWords(t.searchableText()));
            for (int q = 0; q < keys.length; q++) {
                if (words.containsAll(keys[q].words())) {
                    builders[q].add(t.id(), historical(t.id()), t.artist(), t.title(), t.album());
                }
            }
        }
        return Arrays.stream(builders).map(ResultSet.Builder::buildRanked).toArray(ResultSet[]::new);
    }

    /**
     * A track's historical availability after 30 daily updates {@code hist = current + hist / 2}:
     * 70% of tracks are never shared; the rest are shared by a Pareto-distributed mean number
     * of satellites, varying day to day.
     */
    static double historical(long id) {
        SplittableRandom r = new SplittableRandom(id * 0x9E3779B97F4A7C15L);
        if (r.nextInt(100) < 70) {
            return 0;
        }
        double mean = Math.min(5000, 0.5 * Math.pow(r.nextDouble(), -1.2));
        double hist = 0;
        for (int day = 0; day < 30; day++) {
            long current = Math.round(mean * (0.5 + r.nextDouble()));
            hist = current + hist / 2;
        }
        return hist;
    }

    /**
     * File bytes of the same rows (same order) keeping one column: the ids (historical
     * availability all 0), or the historical availability (ids all 0); display strings empty.
     */
    static int columnBytes(QueryKey key, ResultSet rows, boolean ids) {
        ResultSet.Builder b = ResultSet.builder(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            b.add(ids ? rows.trackId(i) : 0, ids ? 0 : rows.historicalAvailability(i), "", "", "");
        }
        return ResultFile.encode(new CacheEntry(key, 1, 0, false, b.build())).size();
    }

    /** The alternative encoding of ids: ascending deltas deflated, plus ceil(log2 n) bits a row of permutation. */
    static int ascendingPlusPermutationBytes(ResultSet rows) {
        long[] sorted = rows.ids.clone();
        Arrays.sort(sorted);
        ByteSink deltas = new ByteSink(sorted.length * 3);
        long previous = 0;
        for (long id : sorted) {
            deltas.putVarLong(id - previous);
            previous = id;
        }
        Deflater deflater = new Deflater(ResultFile.COMPRESSION_LEVEL);
        deflater.setInput(deltas.array(), 0, deltas.size());
        deflater.finish();
        byte[] out = new byte[deltas.size() + 1024];
        int compressed = 0;
        while (!deflater.finished()) {
            compressed += deflater.deflate(out);
        }
        deflater.end();
        int bits = 32 - Integer.numberOfLeadingZeros(Math.max(1, sorted.length - 1));
        return compressed + (int) (((long) bits * sorted.length + 7) / 8);
    }
}
