package io.constellation.satellite.login.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counts recent failed logins per key (an address or a user name) in a fixed amount of
 * memory, and says how long a key must wait before it may try again.
 *
 * <p>Each key is a leaky bucket in GCRA form: one long per bucket holds the time at which
 * the bucket will be empty; a failure pushes it one {@code interval} later; a key whose
 * bucket is more than {@code burst - 1} intervals ahead of now is throttled until it is
 * not. Buckets live in a count-min sketch: two rows of {@code slots} buckets, a key
 * hashed (with a per-instance random seed, so collisions cannot be planned) to one bucket
 * per row, a failure recorded in both and the smaller level read. So the memory is two
 * {@code long[slots]} whatever arrives: a flood of random user names or addresses cannot
 * grow it, and expiry needs no sweeper (an old bucket is simply in the past). A flood can
 * only raise many buckets a little, which the min over two rows absorbs until it fails
 * faster than {@code slots / interval} per second.
 *
 * <p>Thread-safe and lock-free (CAS per bucket); called from event loops and login threads.
 */
public final class FailureThrottle {

    private final int mask;
    private final long intervalMillis;
    private final long limitMillis;
    private final long capMillis;
    private final long seed;
    private final AtomicLongArray emptyAt;

    /**
     * @param slots          buckets per row, a power of two (memory: 16 bytes per slot)
     * @param burst          failures allowed back to back before the key is throttled (at least 1)
     * @param intervalMillis the rate at which failures are forgiven: one per interval
     * @param seed           randomises the key hash (give each instance a random one)
     */
    public FailureThrottle(int slots, int burst, long intervalMillis, long seed) {
        if (slots < 2 || Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two >= 2, got " + slots);
        }
        if (burst < 1 || intervalMillis < 1) {
            throw new IllegalArgumentException("burst and interval must be positive");
        }
        this.mask = slots - 1;
        this.intervalMillis = intervalMillis;
        this.limitMillis = (burst - 1) * intervalMillis;
        // Concurrent failures that passed the check together could push a bucket far ahead;
        // the penalty never exceeds one more burst.
        this.capMillis = 2L * burst * intervalMillis;
        this.seed = seed;
        this.emptyAt = new AtomicLongArray(2 * slots);
    }

    /** Milliseconds before {@code key} may try again; 0 when it may try now. */
    public long retryAfterMillis(long key, long nowMillis) {
        long level = Math.min(level(row0(key), nowMillis), level(row1(key), nowMillis));
        return Math.max(0, level - limitMillis);
    }

    /** Records one failure of {@code key}. */
    public void recordFailure(long key, long nowMillis) {
        push(row0(key), nowMillis);
        push(row1(key), nowMillis);
    }

    /** The hash of a user name under this instance's seed. */
    public long keyOf(String name) {
        long h = seed;
        for (int i = 0; i < name.length(); i++) {
            h = (h ^ name.charAt(i)) * 0x9E3779B97F4A7C15L;
        }
        return mix(h ^ name.length());
    }

    /**
     * The hash of an address under this instance's seed: the whole IPv4 address, or the
     * /64 prefix of an IPv6 one (one subscriber usually holds a whole /64, so rotating
     * through it must not escape the throttle).
     */
    public long keyOf(InetAddress address) {
        byte[] raw = address.getAddress();
        int len = address instanceof Inet4Address ? raw.length : Math.min(raw.length, 8);
        long h = seed ^ 0x5851F42D4C957F2DL;
        for (int i = 0; i < len; i++) {
            h = (h ^ (raw[i] & 0xff)) * 0x9E3779B97F4A7C15L;
        }
        return mix(h ^ len);
    }

    private long level(int slot, long now) {
        return Math.max(0, emptyAt.get(slot) - now);
    }

    private void push(int slot, long now) {
        long old;
        long next;
        do {
            old = emptyAt.get(slot);
            next = Math.min(Math.max(old, now) + intervalMillis, now + capMillis);
        } while (!emptyAt.compareAndSet(slot, old, next));
    }

    private int row0(long key) {
        return (int) key & mask;
    }

    private int row1(long key) {
        return mask + 1 + ((int) (key >>> 32) & mask);
    }

    /** MurmurHash3's 64-bit finaliser: every input bit reaches every output bit. */
    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
