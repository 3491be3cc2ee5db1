package io.constellation.index;

import io.constellation.index.internal.Parallel;
import io.constellation.index.internal.PostingsAccumulator;
import io.constellation.index.internal.PostingsAccumulator.PartialPostings;
import io.constellation.index.internal.SegmentAssembler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Builds a {@link Segment} from documents fed one at a time, for a full (re)build of a
 * shard, e.g. from a JDBC reader.
 *
 * <p>Threading: exactly one producer thread calls {@link #add} and then {@link #build} (or
 * {@link #close}). With {@code threads == 1} everything happens on that thread. Otherwise
 * the producer fills batches of {@value #BATCH_SIZE} documents and hands them to
 * {@code threads} worker threads through a bounded queue (so a fast reader cannot buffer
 * the whole table); each worker accumulates the postings of the batches it takes into its
 * own partial index, with no sharing and no locks, and converts them to bitmaps when the
 * input ends. {@link #build} then merges the partials in parallel by word (see
 * {@link SegmentAssembler}). A reader that delivers rows in id order gives each worker
 * ascending ordinals, the cheapest case; any order is accepted.
 *
 * <p>Each ordinal must be added at most once (a repeated ordinal would hold the union of
 * its word sets).
 */
public final class SegmentBuilder implements AutoCloseable {

    /** Documents per batch: large enough to make queue hand-offs rare, small enough to spread. */
    static final int BATCH_SIZE = 4096;

    private final ShardLayout layout;
    private final int threads;
    /** Used on the producer thread when {@code threads == 1}; null otherwise. */
    private final PostingsAccumulator inline;
    private final BlockingQueue<Batch> queue;
    private final Thread[] workers;
    private final PartialPostings[] partials;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    /** Tells a worker the input has ended; one per worker is queued. */
    private final Batch endOfInput = new Batch(0);
    private Batch current;
    private boolean finished;

    private SegmentBuilder(ShardLayout layout, int threads) {
        this.layout = Objects.requireNonNull(layout, "layout");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1: " + threads);
        }
        this.threads = threads;
        this.partials = new PartialPostings[threads];
        if (threads == 1) {
            inline = new PostingsAccumulator();
            queue = null;
            workers = new Thread[0];
        } else {
            inline = null;
            queue = new ArrayBlockingQueue<>(2 * threads);
            workers = new Thread[threads];
            for (int w = 0; w < threads; w++) {
                int worker = w;
                workers[w] = new Thread(() -> work(worker), "segment-build-" + layout.shard() + "-" + w);
                workers[w].setDaemon(true);
                workers[w].start();
            }
            current = new Batch(BATCH_SIZE);
        }
    }

    /**
     * A builder for the shard using {@code threads} threads ({@code >= 1}); for a full build
     * use {@code Runtime.getRuntime().availableProcessors()}. Worker threads start at once;
     * call {@link #build} or {@link #close} to end them.
     */
    public static SegmentBuilder create(ShardLayout layout, int threads) {
        return new SegmentBuilder(layout, threads);
    }

    /** Builds a segment from {@code docs} with {@code threads} threads, on the calling thread. */
    public static Segment build(ShardLayout layout, int threads, Iterable<Doc> docs) {
        try (SegmentBuilder builder = create(layout, threads)) {
            for (Doc doc : docs) {
                builder.add(doc.ord(), doc.words());
            }
            return builder.build();
        }
    }

    /**
     * Adds document {@code ord} with its distinct normalised words (the array is kept, not
     * copied). Producer thread only; blocks while the workers are behind.
     */
    public void add(int ord, String[] words) {
        if (finished) {
            throw new IllegalStateException("builder already finished");
        }
        if (ord < 0) {
            throw new IllegalArgumentException("ord must be >= 0: " + ord);
        }
        if (inline != null) {
            inline.add(ord, words);
            return;
        }
        current.ords[current.size] = ord;
        current.words[current.size] = Objects.requireNonNull(words, "words");
        if (++current.size == BATCH_SIZE) {
            hand(current);
            current = new Batch(BATCH_SIZE);
        }
    }

    /** Adds {@code doc}; see {@link #add(int, String[])}. */
    public void add(Doc doc) {
        add(doc.ord(), doc.words());
    }

    /**
     * Ends the input, waits for the workers and returns the segment. Producer thread only;
     * at most once.
     *
     * @throws IllegalStateException if a worker failed
     */
    public Segment build() {
        if (finished) {
            throw new IllegalStateException("builder already finished");
        }
        finished = true;
        if (inline != null) {
            return SegmentAssembler.assemble(layout, List.of(inline.finish()), 1);
        }
        if (current.size > 0) {
            hand(current);
        }
        current = null;
        endWorkers();
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException("segment build failed", t);
        }
        return SegmentAssembler.assemble(layout, new ArrayList<>(Arrays.asList(partials)), threads);
    }

    /** Stops the workers if {@link #build} was not called; the partial work is dropped. */
    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        if (inline == null) {
            failure.compareAndSet(null, new IllegalStateException("closed before build"));
            endWorkers();
        }
    }

    private void endWorkers() {
        for (int w = 0; w < threads; w++) {
            hand(endOfInput);
        }
        Parallel.joinAll(workers);
    }

    private void hand(Batch batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.compareAndSet(null, e);
            throw new IllegalStateException("interrupted while feeding the segment build", e);
        }
    }

    /**
     * Worker loop. After a failure (its own or another worker's) it keeps draining the
     * queue without work, so the producer never blocks forever on a full queue.
     */
    private void work(int worker) {
        PostingsAccumulator accumulator = new PostingsAccumulator();
        try {
            while (true) {
                Batch batch = queue.take();
                if (batch == endOfInput) {
                    break;
                }
                if (failure.get() != null) {
                    continue;
                }
                try {
                    for (int i = 0; i < batch.size; i++) {
                        accumulator.add(batch.ords[i], batch.words[i]);
                    }
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }
            if (failure.get() == null) {
                partials[worker] = accumulator.finish();
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e);
        } catch (RuntimeException | Error e) {
            failure.compareAndSet(null, e);
        }
    }

    /** Documents handed from the producer to one worker; owned by one thread at a time. */
    private static final class Batch {
        final int[] ords;
        final String[][] words;
        int size;

        Batch(int capacity) {
            ords = new int[capacity];
            words = new String[capacity][];
        }
    }
}
