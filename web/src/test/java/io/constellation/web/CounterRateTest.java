package io.constellation.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class CounterRateTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theRateIsTheIncreaseOverTheTimeBetweenTwoSamples() {
        CounterRate rate = new CounterRate(Duration.ZERO);
        assertFalse(rate.sample(100, 0).isPresent(), "one sample has no rate");
        assertEquals(OptionalDouble.of(25.0), rate.sample(150, 2 * SECOND));
        assertEquals(OptionalDouble.of(0.0), rate.sample(150, 3 * SECOND));
    }

    @Test
    void samplesCloserThanTheIntervalRepeatTheLastRate() {
        CounterRate rate = new CounterRate(Duration.ofSeconds(1));
        rate.sample(0, 0);
        assertEquals(OptionalDouble.of(10.0), rate.sample(10, SECOND));
        assertEquals(OptionalDouble.of(10.0), rate.sample(500, SECOND + SECOND / 2), "too soon: the last rate");
        assertEquals(OptionalDouble.of(490.0), rate.sample(500, 2 * SECOND), "measured from the last taken sample");
    }

    @Test
    void anUnknownTotalOrACounterThatWentDownHasNoRate() {
        CounterRate rate = new CounterRate(Duration.ZERO);
        rate.sample(100, 0);
        assertFalse(rate.sample(Double.NaN, SECOND).isPresent(), "unknown total");
        assertFalse(rate.sample(100, 2 * SECOND).isPresent(), "first known sample after an unknown one");
        assertFalse(rate.sample(5, 3 * SECOND).isPresent(), "the counter restarted");
        assertEquals(OptionalDouble.of(5.0), rate.sample(10, 4 * SECOND), "measured again from the restart");
    }

    @Test
    void aNegativeIntervalIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CounterRate(Duration.ofSeconds(-1)));
    }
}
