package io.constellation.index.internal;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs one task per worker on fresh platform threads and waits for all of them; used by the
 * build phases, which last seconds, so thread start-up cost does not matter and no pool
 * has to be owned or shut down. Stateless; any thread.
 */
public final class Parallel {

    private Parallel() {
    }

    /**
     * Runs {@code task.accept(worker)} for {@code worker} in {@code [0, workers)}, each on
     * its own thread (inline when {@code workers == 1}), and rethrows the first failure.
     */
    public static void run(int workers, String name, IntConsumer task) {
        if (workers == 1) {
            task.accept(0);
            return;
        }
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread[] threads = new Thread[workers];
        for (int w = 0; w < workers; w++) {
            int worker = w;
            threads[w] = new Thread(() -> {
                try {
                    task.accept(worker);
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, name + "-" + w);
            threads[w].start();
        }
        joinAll(threads);
        Throwable t = failure.get();
        if (t != null) {
            throw new IllegalStateException(name + " failed", t);
        }
    }

    /** Joins every thread; an interrupt is remembered and re-asserted after all have ended. */
    public static void joinAll(Thread[] threads) {
        boolean interrupted = false;
        for (Thread thread : threads) {
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
