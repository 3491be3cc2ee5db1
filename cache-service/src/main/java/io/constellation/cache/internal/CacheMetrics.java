package io.constellation.cache.internal;

import io.constellation.cache.store.MemoryTier;
import io.constellation.cache.store.ReadOutcome.Corruption;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A cache node's own meters (the stages' are in
 * {@link io.constellation.cache.search.SearchStageMetrics}). Registered once, in the
 * constructor; tag values come from enums. The hit ratio is
 * {@code sum(rate(searches{outcome=~"memory_hit|disk_hit"})) / sum(rate(searches{outcome!="invalid"}))}.
 * Thread-safe: recorded from gRPC, callback and I/O threads.
 */
public final class CacheMetrics {

    /** Searches answered, by {@link Outcome}. */
    public static final String SEARCHES = "constellation_cache_searches";
    /** Whole-search latency on this node, seconds (histogram), by {@link Outcome}. */
    public static final String SEARCH_SECONDS = "constellation_cache_search_seconds";
    /** Prefetches, by {@link PrefetchOutcome}. */
    public static final String PREFETCHES = "constellation_cache_prefetches";
    /** Pages served in historical order because no gateway answered in time. */
    public static final String GATEWAY_FALLBACKS = "constellation_cache_gateway_fallbacks";
    /** Searches that joined a miss of the same query already being computed. */
    public static final String COALESCED = "constellation_cache_coalesced_misses";
    /** Result files found damaged (then recomputed), by {@link Corruption} kind. */
    public static final String CORRUPT_FILES = "constellation_cache_corrupt_files";
    /** Result files that could not be read (I/O error: look at the disk). */
    public static final String READ_FAILURES = "constellation_cache_disk_read_failures";
    /** Result files not written because the disk was full (results served uncached). */
    public static final String DISK_FULL = "constellation_cache_disk_full";
    /** Result files not written for another I/O error (results served uncached). */
    public static final String WRITE_FAILURES = "constellation_cache_disk_write_failures";
    /** Bytes of result sets in the memory tier. */
    public static final String MEMORY_BYTES = "constellation_cache_memory_bytes";
    /** Result sets in the memory tier. */
    public static final String MEMORY_ENTRIES = "constellation_cache_memory_entries";
    /** Result sets evicted from the memory tier (or refused admission). */
    public static final String MEMORY_EVICTIONS = "constellation_cache_memory_evictions";
    /** Bytes of result files on disk: scanned at start, then added as files are written. */
    public static final String DISK_BYTES = "constellation_cache_disk_bytes";
    /** Result files on disk: scanned at start, then counted as new files are written. */
    public static final String DISK_FILES = "constellation_cache_disk_files";

    /** Result files the disk sweep deleted to stay within the disk budget. */
    public static final String DISK_EVICTIONS = "constellation_cache_disk_evictions";
    public static final String TAG_OUTCOME = "outcome";
    public static final String TAG_KIND = "kind";

    /** How a search ended, as a tag value. */
    public enum Outcome {
        MEMORY_HIT, DISK_HIT, MISS,
        /** Refused by validation (the caller's mistake: kept apart from errors, which are ours or our dependencies'). */
        INVALID,
        ERROR;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a prefetch ended, as a tag value. */
    public enum PrefetchOutcome {
        MEMORY_HIT, DISK_HIT, MISS, DECLINED, INVALID, ERROR;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Map<Outcome, Counter> searches = new EnumMap<>(Outcome.class);
    private final Map<Outcome, Timer> seconds = new EnumMap<>(Outcome.class);
    private final Map<PrefetchOutcome, Counter> prefetches = new EnumMap<>(PrefetchOutcome.class);
    private final Map<Corruption, Counter> corrupt = new EnumMap<>(Corruption.class);
    private final Counter fallbacks;
    private final Counter coalesced;
    private final Counter readFailures;
    private final Counter diskFull;
    private final Counter writeFailures;
    private final Counter diskEvictions;
    private final AtomicLong diskBytes = new AtomicLong();
    private final AtomicLong diskFiles = new AtomicLong();

    /** Registers every meter in {@code registry}; the memory gauges read {@code memory}. */
    public CacheMetrics(MeterRegistry registry, MemoryTier memory) {
        for (Outcome o : Outcome.values()) {
            searches.put(o, Counter.builder(SEARCHES).description("Searches answered, by outcome")
                    .tag(TAG_OUTCOME, o.tag()).register(registry));
            seconds.put(o, Timer.builder(SEARCH_SECONDS).description("Time to answer a search on this node")
                    .tag(TAG_OUTCOME, o.tag()).publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10))
                    .register(registry));
        }
        for (PrefetchOutcome o : PrefetchOutcome.values()) {
            prefetches.put(o, Counter.builder(PREFETCHES).description("Prefetches, by outcome")
                    .tag(TAG_OUTCOME, o.tag()).register(registry));
        }
        for (Corruption c : Corruption.values()) {
            corrupt.put(c, Counter.builder(CORRUPT_FILES).description("Damaged result files found and recomputed")
                    .tag(TAG_KIND, c.name().toLowerCase(Locale.ROOT)).register(registry));
        }
        fallbacks = Counter.builder(GATEWAY_FALLBACKS)
                .description("Pages served in historical order because no gateway answered").register(registry);
        coalesced = Counter.builder(COALESCED).description("Searches that joined a miss already being computed")
                .register(registry);
        readFailures = Counter.builder(READ_FAILURES).description("Result files that could not be read")
                .register(registry);
        diskFull = Counter.builder(DISK_FULL).description("Result files not written: disk full (served uncached)")
                .register(registry);
        writeFailures = Counter.builder(WRITE_FAILURES)
                .description("Result files not written: I/O error other than a full disk").register(registry);
        Gauge.builder(MEMORY_BYTES, memory, MemoryTier::bytes).description("Bytes of result sets in memory")
                .baseUnit("bytes").register(registry);
        Gauge.builder(MEMORY_ENTRIES, memory, MemoryTier::entries).description("Result sets in memory")
                .register(registry);
        FunctionCounter.builder(MEMORY_EVICTIONS, memory, MemoryTier::evictions)
                .description("Result sets evicted from memory").register(registry);
        diskEvictions = Counter.builder(DISK_EVICTIONS)
                .description("Least recently used result files deleted to keep the disk tier within its budget")
                .register(registry);
        Gauge.builder(DISK_BYTES, diskBytes, AtomicLong::get).description("Bytes of result files on disk")
                .baseUnit("bytes").register(registry);
        Gauge.builder(DISK_FILES, diskFiles, AtomicLong::get).description("Result files on disk")
                .register(registry);
    }

    /** Records one search that started at {@code startNanos} ({@link System#nanoTime}). */
    public void search(Outcome outcome, long startNanos) {
        searches.get(outcome).increment();
        seconds.get(outcome).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    public void prefetch(PrefetchOutcome outcome) {
        prefetches.get(outcome).increment();
    }

    public void gatewayFallback() {
        fallbacks.increment();
    }

    public void coalesced() {
        coalesced.increment();
    }

    public void corruptFile(Corruption kind) {
        corrupt.get(kind).increment();
    }

    public void readFailure() {
        readFailures.increment();
    }

    public void diskFull() {
        diskFull.increment();
    }

    public void writeFailure() {
        writeFailures.increment();
    }

    /** Adds what a scan of the cache directory found. */
    public void diskScanned(long files, long bytes) {
        diskFiles.addAndGet(files);
        diskBytes.addAndGet(bytes);
    }

    /**
     * Takes what a disk sweep found as the disk gauges' values (writes that landed during
     * its walk may be missed or counted twice until the next sweep: the gauges are an
     * operator's view, the budget check tolerates that) and counts its evictions.
     */
    public void diskSwept(long files, long bytes, long evicted) {
        diskFiles.set(files);
        diskBytes.set(bytes);
        diskEvictions.increment(evicted);
    }

    /**
     * Counts a written file of {@code bytes} that replaced one of {@code replacedBytes}
     * ({@code -1}: there was none; {@code 0}: size unknown, e.g. a corrupt file).
     */
    public void fileWritten(int bytes, long replacedBytes) {
        if (replacedBytes < 0) {
            diskFiles.incrementAndGet();
        }
        diskBytes.addAndGet(bytes - Math.max(0, replacedBytes));
    }

    // ---- read back, for tests and the demo ----

    public double searches(Outcome outcome) {
        return searches.get(outcome).count();
    }

    public double prefetches(PrefetchOutcome outcome) {
        return prefetches.get(outcome).count();
    }

    public double corruptFiles(Corruption kind) {
        return corrupt.get(kind).count();
    }

    public double gatewayFallbacks() {
        return fallbacks.count();
    }

    public double coalescedMisses() {
        return coalesced.count();
    }

    public double diskFullEvents() {
        return diskFull.count();
    }

    public long diskFiles() {
        return diskFiles.get();
    }

    public long diskBytes() {
        return diskBytes.get();
    }

    public double diskEvictions() {
        return diskEvictions.count();
    }
}
