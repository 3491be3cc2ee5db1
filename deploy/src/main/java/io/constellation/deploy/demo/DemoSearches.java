package io.constellation.deploy.demo;

import io.constellation.cache.client.SearchClient;
import io.constellation.common.catalog.Track;
import io.constellation.common.text.Normalizer;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The demo's own trickle of searches, so that searches/s, the hit ratio and the dashboards
 * show life before anyone types: queries are the artist or the first title words of the
 * catalog's most popular tracks, query of rank r asked with probability proportional to
 * 1/(r+1)^s, so a few repeat often (cache hits) and most are rare (misses).
 *
 * <p>One daemon thread sends them asynchronously at a fixed rate through the demo's
 * {@link SearchClient}; at most {@value #MAX_IN_FLIGHT} wait for an answer (a slow machine
 * skips searches rather than piling them up). {@link #start()} once, then {@link #close()}.
 */
final class DemoSearches implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoSearches.class);

    /** Distinct queries, drawn from this many of the most popular tracks at most. */
    static final int QUERIES = 2_000;
    private static final int WORDS_PER_QUERY = 3;
    private static final int MAX_IN_FLIGHT = 8;
    /** A page as the web page asks for it. */
    private static final int PAGE = 20;

    private final SearchClient client;
    private final double perSecond;
    private final String[] queries;
    private final double[] cumulative;
    /** Only the sender thread draws from it. */
    private final SplittableRandom random;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "demo-searches");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param universe  tracks by descending popularity, as the satellites share them
     * @param perSecond searches per second, above 0
     * @param zipf      the skew s of the queries' popularity
     */
    DemoSearches(SearchClient client, List<Track> universe, double perSecond, double zipf, long seed) {
        this.client = client;
        this.perSecond = perSecond;
        this.queries = queries(universe);
        this.cumulative = new double[queries.length];
        double sum = 0;
        for (int r = 0; r < cumulative.length; r++) {
            sum += 1 / Math.pow(r + 1, zipf);
            cumulative[r] = sum;
        }
        this.random = new SplittableRandom(seed);
    }

    /** Alternately the artist's and the title's first words of each track, duplicates dropped. */
    static String[] queries(List<Track> universe) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i < universe.size() && out.size() < QUERIES; i++) {
            Track t = universe.get(i);
            List<String> words = Normalizer.words(i % 2 == 0 ? t.artist() : t.title());
            if (!words.isEmpty()) {
                out.add(String.join(" ", words.subList(0, Math.min(WORDS_PER_QUERY, words.size()))));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no track of the catalog gives a query");
        }
        return out.toArray(new String[0]);
    }

    DemoSearches start() {
        long periodNanos = (long) (1e9 / perSecond);
        sender.scheduleAtFixedRate(this::sendOne, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        log.info("demo sending {} searches/s of its own ({} distinct queries)", perSecond, queries.length);
        return this;
    }

    private void sendOne() {
        if (inFlight.incrementAndGet() > MAX_IN_FLIGHT) {
            inFlight.decrementAndGet();
            return;
        }
        String query = queries[rank(random.nextDouble() * cumulative[cumulative.length - 1])];
        client.search(query, 0, PAGE).whenComplete((r, e) -> {
            inFlight.decrementAndGet();
            if (e != null && failures.getAndIncrement() == 0) {
                // The first only: on a loaded machine a cold search may time out now and then.
                log.warn("a demo search of '{}' failed (later failures are not logged): {}", query, e.toString());
            }
        });
    }

    /** The rank whose cumulative weight first reaches {@code point}. */
    private int rank(double point) {
        int i = Arrays.binarySearch(cumulative, point);
        return Math.min(i >= 0 ? i : -i - 1, cumulative.length - 1);
    }

    @Override
    public void close() {
        sender.shutdownNow();
        try {
            sender.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
