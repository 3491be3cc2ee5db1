package io.constellation.common.concurrent;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The stop every service applies to its own worker pools (house rule 3): stop taking work,
 * let queued and running tasks finish within a grace period, then interrupt what is left.
 */
public final class Executors2 {

    private Executors2() {
    }

    /**
     * Shuts {@code executor} down, waits up to {@code grace} for its tasks, then interrupts
     * them. Keeps the caller's interrupt status: an interrupted wait forces the stop at once.
     *
     * @return whether every task finished within the grace period
     */
    @Blocking
    public static boolean shutdownGracefully(ExecutorService executor, Duration grace) {
        executor.shutdown();
        try {
            if (executor.awaitTermination(grace.toNanos(), TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        return false;
    }
}
