package io.constellation.cache.search.internal;

import java.util.Arrays;

/**
 * K-way merge of strictly ascending id lists (one per index shard) into one strictly
 * ascending {@code long[]}, through a binary min-heap of list numbers keyed by each list's
 * current head. O(n log k) for n ids in k lists; no boxing, one output array (the heap and
 * cursors are k ints each). An id present in several lists appears once.
 *
 * <p>Stateless; safe from any thread.
 */
public final class SortedMerge {

    private SortedMerge() {
    }

    /**
     * Merges the lists.
     *
     * @throws IllegalArgumentException naming the list when one is not strictly ascending
     *                                  (a shard that answered out of order)
     */
    public static long[] merge(long[][] lists) {
        if (lists.length == 1) {
            checkAscending(lists[0], 0);
            return lists[0];
        }
        long total = 0;
        for (long[] list : lists) {
            total += list.length;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too many ids to merge: " + total);
        }
        long[] out = new long[(int) total];
        int n = new Heap(lists).drainInto(out);
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static void checkAscending(long[] list, int which) {
        for (int i = 1; i < list.length; i++) {
            if (list[i] <= list[i - 1]) {
                throw outOfOrder(which, i, list);
            }
        }
    }

    private static IllegalArgumentException outOfOrder(int which, int at, long[] list) {
        return new IllegalArgumentException("list " + which + " is not strictly ascending at index " + at + ": "
                + list[at - 1] + " then " + list[at]);
    }

    /** The heap of one merge: list numbers ordered by their head id. Single-threaded. */
    private static final class Heap {
        private final long[][] lists;
        private final int[] cursor;
        private final int[] heap;
        private int size;

        Heap(long[][] lists) {
            this.lists = lists;
            this.cursor = new int[lists.length];
            this.heap = new int[lists.length];
            for (int l = 0; l < lists.length; l++) {
                if (lists[l].length > 0) {
                    heap[size++] = l;
                }
            }
            for (int i = size / 2 - 1; i >= 0; i--) {
                siftDown(i);
            }
        }

        int drainInto(long[] out) {
            int n = 0;
            while (size > 0) {
                int l = heap[0];
                long id = head(l);
                if (n == 0 || id != out[n - 1]) {
                    out[n++] = id;
                }
                advance(l);
            }
            return n;
        }

        /** Moves list {@code l} (at the heap's top) to its next id, or drops it when done. */
        private void advance(int l) {
            long[] list = lists[l];
            int next = ++cursor[l];
            if (next == list.length) {
                heap[0] = heap[--size];
            } else if (list[next] <= list[next - 1]) {
                throw outOfOrder(l, next, list);
            }
            siftDown(0);
        }

        private long head(int l) {
            return lists[l][cursor[l]];
        }

        private void siftDown(int i) {
            while (true) {
                int left = 2 * i + 1;
                if (left >= size) {
                    return;
                }
                int right = left + 1;
                int child = right < size && head(heap[right]) < head(heap[left]) ? right : left;
                if (head(heap[child]) >= head(heap[i])) {
                    return;
                }
                int t = heap[i];
                heap[i] = heap[child];
                heap[child] = t;
                i = child;
            }
        }
    }
}
