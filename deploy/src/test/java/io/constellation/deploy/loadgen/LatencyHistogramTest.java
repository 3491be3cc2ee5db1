package io.constellation.deploy.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsCoverEveryValueContiguouslyAndAreAtMostThreePercentWide() {
        assertEquals(0, LatencyHistogram.lowestOf(0));
        for (int b = 0; b < LatencyHistogram.BUCKETS - 1; b++) {
            long low = LatencyHistogram.lowestOf(b);
            long high = LatencyHistogram.highestOf(b);
            assertEquals(high + 1, LatencyHistogram.lowestOf(b + 1), "bucket " + b);
            assertEquals(b, LatencyHistogram.bucketOf(low));
            assertEquals(b, LatencyHistogram.bucketOf(high));
            assertTrue(high - low <= Math.max(0, low / 32), "bucket " + b + ": " + low + ".." + high);
        }
        assertEquals(LatencyHistogram.MAX_MICROS, LatencyHistogram.highestOf(LatencyHistogram.BUCKETS - 1));
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucketOf(Long.MAX_VALUE));
        assertEquals(0, LatencyHistogram.bucketOf(-5));
    }

    @Test
    void percentilesOfAUniformSpreadAreWithinTheBucketWidth() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 100_000; v++) {
            h.record(v);
        }
        assertEquals(100_000, h.count());
        assertEquals(100_000, h.maxMicros());
        assertWithin(50_000, h.percentileMicros(0.5));
        assertWithin(99_000, h.percentileMicros(0.99));
        assertEquals(1, h.percentileMicros(0));
        assertEquals(100_000, h.percentileMicros(1));
    }

    @Test
    void smallValuesAreExactAndAnEmptyHistogramSaysZero() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentileMicros(0.99));
        h.record(7);
        h.record(7);
        h.record(40);
        assertEquals(7, h.percentileMicros(0.5));
        assertEquals(40, h.percentileMicros(0.99));
    }

    @Test
    void theRecorderLosesNothingWhileThreadsRecordAndIntervalsAreTaken() throws Exception {
        LatencyRecorder recorder = new LatencyRecorder();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch done = new CountDownLatch(4);
        for (int t = 0; t < 4; t++) {
            int seed = t;
            pool.execute(() -> {
                SplittableRandom r = new SplittableRandom(seed);
                for (int i = 0; i < 250_000; i++) {
                    recorder.record(r.nextInt(1, 2_000_000));
                }
                done.countDown();
            });
        }
        LatencyHistogram total = new LatencyHistogram();
        while (!done.await(1, TimeUnit.MILLISECONDS)) {
            total.addAll(recorder.takeInterval());
        }
        total.addAll(recorder.takeInterval());
        pool.shutdown();
        assertEquals(1_000_000, total.count());
        assertTrue(total.maxMicros() < 2_000_000 && total.maxMicros() > 1_990_000, "max " + total.maxMicros());
    }

    private static void assertWithin(long expected, long actual) {
        assertTrue(Math.abs(actual - expected) <= expected / 32 + 1, "expected ~" + expected + ", got " + actual);
    }
}
