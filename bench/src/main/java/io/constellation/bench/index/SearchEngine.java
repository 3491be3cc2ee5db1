package io.constellation.bench.index;

/**
 * One engine under comparison, reduced to what the benchmark measures: an AND query that
 * collects every matching track id.
 *
 * <p>Implementations are read-only after construction; {@link #search} may keep reusable
 * per-engine scratch objects, so one engine is queried from one thread at a time.
 */
public interface SearchEngine extends AutoCloseable {

    /** Short name for reports ("ours", "lucene"). */
    String name();

    /**
     * Finds the tracks holding every word of {@code words} and writes all their ids,
     * ascending, into {@code out} (which must hold the whole corpus).
     *
     * @param words distinct normalised words, sorted, at least one
     * @return the number of ids written
     */
    int search(String[] words, long[] out);

    /** Index size in bytes as the engine itself accounts it (memory for ours, disk for Lucene). */
    long indexBytes();

    /** Releases files and readers; the engine is unusable afterwards. */
    @Override
    void close();
}
