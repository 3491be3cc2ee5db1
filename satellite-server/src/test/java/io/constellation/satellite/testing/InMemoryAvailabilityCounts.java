package io.constellation.satellite.testing;

import io.constellation.satellite.share.AvailabilityCounts;
import it.unimi.dsi.fastutil.ints.Int2IntOpenHashMap;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;

/**
 * Counts per track in a map, for tests, checking the contract as it goes: ids in one call
 * are distinct and no count goes below zero (a violation fails the test that caused it
 * through {@link #violations()}). Thread-safe.
 */
public final class InMemoryAvailabilityCounts implements AvailabilityCounts {

    private final Int2IntOpenHashMap counts = new Int2IntOpenHashMap();
    private int violations;

    @Override
    public synchronized void add(int[] trackIds, int length) {
        checkDistinct(trackIds, length);
        for (int i = 0; i < length; i++) {
            counts.addTo(trackIds[i], 1);
        }
    }

    @Override
    public synchronized void remove(int[] trackIds, int length) {
        checkDistinct(trackIds, length);
        for (int i = 0; i < length; i++) {
            int before = counts.addTo(trackIds[i], -1);
            if (before <= 0) {
                violations++;
            } else if (before == 1) {
                counts.remove(trackIds[i]);
            }
        }
    }

    /** How many sessions share {@code trackId}. */
    public synchronized int count(int trackId) {
        return counts.get(trackId);
    }

    /** Tracks with a count above zero. */
    public synchronized int tracks() {
        return counts.size();
    }

    /** Sum of all counts. */
    public synchronized long total() {
        long sum = 0;
        for (int v : counts.values()) {
            sum += v;
        }
        return sum;
    }

    /** Calls that broke the contract (repeated ids in a call, a count below zero). */
    public synchronized int violations() {
        return violations;
    }

    private void checkDistinct(int[] ids, int length) {
        IntOpenHashSet seen = new IntOpenHashSet(length);
        for (int i = 0; i < length; i++) {
            if (!seen.add(ids[i])) {
                violations++;
            }
        }
    }
}
