package io.constellation.bench.gateway;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A load run's clock: prints the operations completed in each second (so a disturbed
 * second of a shared machine shows), and sleeps until a point in time. Stateless.
 */
public final class Progress {

    private Progress() {
    }

    /**
     * Starts a daemon thread printing, every second, {@code completed} (which must return the
     * operations done since its previous call) as {@code unit}/s, marked warm-up before
     * {@code measureFrom} ({@link System#nanoTime()}); interrupt it to stop.
     */
    public static Thread start(LongSupplier completed, long measureFrom, String unit, PrintStream out) {
        Thread t = new Thread(() -> {
            long t0 = System.nanoTime();
            for (int second = 1; ; second++) {
                long tick = t0 + TimeUnit.SECONDS.toNanos(second);
                try {
                    sleepUntil(tick);
                } catch (InterruptedException e) {
                    return;
                }
                out.printf(Locale.ROOT, "  %3d s %s %,8d %s/s%n", second,
                        tick <= measureFrom ? "warm-up " : "measured", completed.getAsLong(), unit);
            }
        }, "load-progress");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Sleeps until {@link System#nanoTime()} reaches {@code nanoTime}. */
    public static void sleepUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
