package io.constellation.satellite.internal;

import java.net.InetAddress;

/**
 * At most {@code perSecond} new connections per second from one address, in fixed
 * one-second windows. Addresses hash into a fixed table of slots, so memory does not grow
 * with the number of addresses (an attacker spraying addresses cannot fill a map); two
 * addresses sharing a slot share its allowance, which errs on the side of refusing.
 * IPv6 addresses count by their /64 prefix, what one subscriber usually holds.
 *
 * <p>Thread-safe: one lock, held for a few array accesses per accepted connection.
 */
final class AddressRateLimiter {

    private static final int SLOTS = 1 << 16;

    private final int perSecond;
    private final long[] windowStart = new long[SLOTS];
    private final int[] count = new int[SLOTS];

    /** @param perSecond connections per second per address; 0 means unlimited */
    AddressRateLimiter(int perSecond) {
        this.perSecond = perSecond;
    }

    /** Records a connection from {@code address} at {@code nowNanos}; false if it is one too many. */
    boolean tryAcquire(InetAddress address, long nowNanos) {
        if (perSecond == 0) {
            return true;
        }
        int slot = slot(address.getAddress());
        long window = nowNanos / 1_000_000_000L;
        synchronized (this) {
            if (windowStart[slot] != window || count[slot] == 0) {
                windowStart[slot] = window;
                count[slot] = 0;
            }
            if (count[slot] >= perSecond) {
                return false;
            }
            count[slot]++;
            return true;
        }
    }

    private static int slot(byte[] address) {
        int n = address.length == 16 ? 8 : address.length;
        int h = 0x811c9dc5;
        for (int i = 0; i < n; i++) {
            h = (h ^ (address[i] & 0xff)) * 0x01000193;
        }
        h ^= h >>> 16;
        return h & (SLOTS - 1);
    }
}
