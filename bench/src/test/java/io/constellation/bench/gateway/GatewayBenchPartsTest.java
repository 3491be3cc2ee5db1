package io.constellation.bench.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.proto.availability.v1.GetAvailabilityResponse;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The measuring parts of the gateway benchmarks: histogram, id sampler, client decoder, look-up paths. */
class GatewayBenchPartsTest {

    @Test
    void histogramPercentilesAreWithinTheBucketWidthAndNeverUnderstated() {
        Histogram h = new Histogram();
        for (long v = 1; v <= 100_000; v++) {
            h.record(v * 1000);
        }
        assertEquals(100_000, h.count());
        for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
            double exact = q * 100_000 * 1000;
            long got = h.percentile(q);
            assertTrue(got >= exact && got <= exact * 1.016 + 1, q + ": " + got + " vs " + exact);
        }
        assertEquals(100_000_000L, h.max());
        assertEquals(100_000_000L, h.percentile(1.0));
        for (long v : new long[] {0, 1, 127, 128, 129, 1L << 40, Long.MAX_VALUE}) {
            assertTrue(Histogram.upperBound(Histogram.index(v)) >= v, "bucket of " + v);
        }
    }

    @Test
    void idsStayInTheRangeAndZipfSkewsTowardsFewTracks() {
        SplittableRandom random = new SplittableRandom(1);
        TrackIdSampler uniform = new TrackIdSampler(1000, 0);
        TrackIdSampler skewed = new TrackIdSampler(1000, 1.2);
        int[] u = new int[1001];
        int[] z = new int[1001];
        for (int i = 0; i < 100_000; i++) {
            int a = uniform.next(random);
            int b = skewed.next(random);
            assertTrue(a >= 1 && a <= 1000 && b >= 1 && b <= 1000);
            u[a]++;
            z[b]++;
        }
        assertTrue(max(u) < 200, "uniform: no id far above 100 draws: " + max(u));
        assertTrue(max(z) > 20_000, "Zipf 1.2: the top id takes a fifth or more: " + max(z));
    }

    @Test
    void theClientDecoderReadsWhatProtobufWrites() {
        GetAvailabilityResponse r = GetAvailabilityResponse.newBuilder()
                .addAllCounts(List.of(0, 1, 127, 128, 300_000)).setServersReporting(7).build();
        assertArrayEquals(new int[] {0, 1, 127, 128, 300_000}, LookupCodec.decode(r.toByteArray()));
        assertArrayEquals(new int[0], LookupCodec.decode(new byte[0]));
    }

    @Test
    void bothLookupPathsAnswerAlikeAndTheComparisonMeasuresAll() throws Exception {
        try (LookupFixture f = new LookupFixture(10_000, 100, 64, 0)) {
            LookupPathComparison.checkSameAnswers(f, 64);
            List<LookupPathComparison.PathStats> stats = LookupPathComparison.compare(f, 5, 10, true);
            assertEquals(5, stats.size());
            for (LookupPathComparison.PathStats s : stats) {
                assertTrue(s.medianWall() > 0, s.toString());
            }
        }
    }

    private static int max(int[] a) {
        int m = 0;
        for (int x : a) {
            m = Math.max(m, x);
        }
        return m;
    }
}
