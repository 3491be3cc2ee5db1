package io.constellation.web.internal;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

/**
 * Events per second over the last {@value #WINDOW_SECONDS} whole seconds (the current,
 * partial second excluded so the figure does not sag at each second's start). Lock-free
 * (an event racing a slot's reuse may be lost): one slot per second in a ring, each slot tagged with the second it counts. Thread-safe.
 */
public final class SearchRate {

    /** Whole seconds averaged over. */
    public static final int WINDOW_SECONDS = 5;
    /** Ring slots: the window, the current second, and room so a slot is never reused while read. */
    private static final int SLOTS = 8;

    private final LongSupplier nanoTicker;
    private final AtomicLongArray seconds = new AtomicLongArray(SLOTS);
    private final AtomicLongArray counts = new AtomicLongArray(SLOTS);

    /** @param nanoTicker monotonic nanoseconds ({@code System::nanoTime}; tests pass their own) */
    public SearchRate(LongSupplier nanoTicker) {
        this.nanoTicker = nanoTicker;
        for (int i = 0; i < SLOTS; i++) {
            seconds.set(i, Long.MIN_VALUE);
        }
    }

    /** Counts one event now. */
    public void record() {
        long second = nanoTicker.getAsLong() / 1_000_000_000L;
        int slot = (int) Math.floorMod(second, (long) SLOTS);
        long held = seconds.get(slot);
        if (held != second) {
            // The first event of a new second claims the slot; an event racing the claim may be lost,
            // which a display figure can afford (a lock could not be afforded on every search).
            if (seconds.compareAndSet(slot, held, second)) {
                counts.set(slot, 0);
            }
        }
        counts.incrementAndGet(slot);
    }

    /** Events per second over the last whole seconds. */
    public double perSecond() {
        long now = nanoTicker.getAsLong() / 1_000_000_000L;
        long sum = 0;
        for (long s = now - WINDOW_SECONDS; s < now; s++) {
            int slot = (int) Math.floorMod(s, (long) SLOTS);
            if (seconds.get(slot) == s) {
                sum += counts.get(slot);
            }
        }
        return (double) sum / WINDOW_SECONDS;
    }
}
