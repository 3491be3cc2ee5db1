package io.constellation.common.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter, for anything that retries a remote party (the
 * catalog at start-up, a satellite reconnecting): the delay before attempt {@code n} is
 * drawn uniformly from {@code [0, min(max, initial * 2^n)]}, so a thousand clients that
 * lost the same server do not come back in step.
 *
 * <p>Immutable and thread-safe; the caller supplies the random source.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;

    /**
     * @param initial the ceiling of the first delay (must be positive)
     * @param max     the ceiling that delays never exceed (at least {@code initial})
     */
    public Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("initial backoff must be positive: " + initial);
        }
        if (max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("max backoff " + max + " is below initial " + initial);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
    }

    /** The ceiling of the delay before retry number {@code attempt} (0-based), without jitter. */
    public long ceilingMillis(int attempt) {
        int shift = Math.min(Math.max(attempt, 0), 30);
        long ceiling = initialMillis << shift;
        return ceiling <= 0 || ceiling > maxMillis ? maxMillis : ceiling;
    }

    /** The jittered delay before retry number {@code attempt}: at least 1 ms. */
    public long delayMillis(int attempt, RandomGenerator random) {
        return 1 + random.nextLong(ceilingMillis(attempt));
    }
}
