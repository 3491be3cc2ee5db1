package io.constellation.common.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    @Test
    void ceilingDoublesUntilTheMaximum() {
        assertEquals(100, backoff.ceilingMillis(0));
        assertEquals(200, backoff.ceilingMillis(1));
        assertEquals(3200, backoff.ceilingMillis(5));
        assertEquals(5000, backoff.ceilingMillis(6));
        assertEquals(5000, backoff.ceilingMillis(1000));
    }

    @Test
    void delaysAreJitteredWithinTheCeiling() {
        SplittableRandom random = new SplittableRandom(7);
        long min = Long.MAX_VALUE;
        long max = 0;
        for (int i = 0; i < 1000; i++) {
            long d = backoff.delayMillis(3, random);
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min >= 1 && min < 100, "some delays are short: " + min);
        assertTrue(max <= 800 && max > 700, "delays reach the ceiling: " + max);
    }

    @Test
    void rejectsAMaximumBelowTheInitialDelay() {
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
