package io.constellation.common.concurrent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class Executors2Test {

    @Test
    void queuedWorkFinishesWithinTheGrace() {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        AtomicBoolean ran = new AtomicBoolean();
        pool.execute(() -> sleep(50));
        pool.execute(() -> ran.set(true));
        assertTrue(Executors2.shutdownGracefully(pool, Duration.ofSeconds(30)));
        assertTrue(ran.get(), "the queued task ran before the stop");
        assertTrue(pool.isTerminated());
    }

    @Test
    void workPastTheGraceIsInterrupted() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        pool.execute(() -> {
            started.countDown();
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(5));
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        started.await();
        assertFalse(Executors2.shutdownGracefully(pool, Duration.ofMillis(50)));
        assertTrue(interrupted.await(30, TimeUnit.SECONDS), "the long task was interrupted");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
