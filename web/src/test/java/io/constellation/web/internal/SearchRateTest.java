package io.constellation.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SearchRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theRateAveragesTheLastWholeSecondsAndLeavesOutTheCurrentOne() {
        AtomicLong now = new AtomicLong(100 * SECOND);
        SearchRate rate = new SearchRate(now::get);
        for (int s = 0; s < SearchRate.WINDOW_SECONDS; s++) {
            for (int i = 0; i < 10; i++) {
                rate.record();
            }
            now.addAndGet(SECOND);
        }
        rate.record(); // the current second: not counted yet
        assertEquals(10.0, rate.perSecond());
        now.addAndGet(SearchRate.WINDOW_SECONDS * SECOND);
        assertEquals(0.2, rate.perSecond(), 1e-9, "only the one event of the now-old current second is left");
        now.addAndGet(SECOND);
        assertEquals(0.0, rate.perSecond());
    }

    @Test
    void aSlotReusedAfterItsSecondPassedStartsFromZero() {
        AtomicLong now = new AtomicLong(7 * SECOND);
        SearchRate rate = new SearchRate(now::get);
        rate.record();
        rate.record();
        now.addAndGet(8 * SECOND); // same slot of the ring, a new second
        rate.record();
        now.addAndGet(SECOND);
        assertEquals(1.0 / SearchRate.WINDOW_SECONDS, rate.perSecond(), 1e-9);
    }
}
