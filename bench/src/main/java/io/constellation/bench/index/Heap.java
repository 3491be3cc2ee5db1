package io.constellation.bench.index;

/**
 * Rough retained-heap readings: used heap after asking for full collections. Good to a few
 * percent on a heap of gigabytes, which is all a "how much memory does the index take"
 * column needs.
 */
final class Heap {

    private Heap() {
    }

    /** Used heap after (requested) garbage collection, in bytes. */
    static long used() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        // Several passes: one GC may leave garbage that became unreachable during it.
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }
}
