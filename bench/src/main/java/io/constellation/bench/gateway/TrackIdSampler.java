package io.constellation.bench.gateway;

import java.util.SplittableRandom;

/**
 * Draws track ids from the populated range 1..{@code tracks}: uniformly, or with Zipf skew
 * (rank r drawn with probability proportional to 1/r^s, as look-ups of popular tracks
 * dominate a search front end's traffic). Ranks are scattered over the range by
 * multiplication with a prime modulo the range (a bijection, since the prime is larger than
 * any range), so popular tracks do not all sit in one page of the gateway's table.
 *
 * <p>Zipf draws use rejection-inversion (Hörmann and Derflinger, 1996): constant time and
 * no table, whatever the range. Immutable; each caller passes its own random source.
 */
public final class TrackIdSampler {

    /** A prime above 2^31: multiplying by it permutes every range of ints. */
    private static final long SCATTER = 2_654_435_761L;

    private final long tracks;
    private final double s;
    private final double hIntegralX1;
    private final double hIntegralN;
    private final double threshold;

    /**
     * @param tracks the populated range is 1..tracks (at least 1)
     * @param zipf   the skew exponent s: 0 draws uniformly
     */
    public TrackIdSampler(long tracks, double zipf) {
        if (tracks < 1 || tracks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tracks must be within 1..2^31-1, got " + tracks);
        }
        if (!(zipf >= 0 && zipf <= 10)) {
            throw new IllegalArgumentException("the Zipf exponent must be within 0..10, got " + zipf);
        }
        this.tracks = tracks;
        this.s = zipf;
        this.hIntegralX1 = hIntegral(1.5) - 1;
        this.hIntegralN = hIntegral(tracks + 0.5);
        this.threshold = 2 - hIntegralInverse(hIntegral(2.5) - h(2));
    }

    /** One track id within 1..tracks. */
    public int next(SplittableRandom random) {
        long rank = s == 0 ? random.nextLong(tracks) : zipfRank(random) - 1; // 0-based
        return (int) ((rank * SCATTER) % tracks) + 1;
    }

    /** A 1-based rank, 1..tracks. */
    private long zipfRank(SplittableRandom random) {
        while (true) {
            double u = hIntegralN + random.nextDouble() * (hIntegralX1 - hIntegralN);
            double x = hIntegralInverse(u);
            long k = Math.max(1, Math.min(tracks, (long) (x + 0.5)));
            if (k - x <= threshold || u >= hIntegral(k + 0.5) - h(k)) {
                return k;
            }
        }
    }

    private double h(double x) {
        return Math.exp(-s * Math.log(x));
    }

    private double hIntegral(double x) {
        double logX = Math.log(x);
        return helper2((1 - s) * logX) * logX;
    }

    private double hIntegralInverse(double x) {
        double t = Math.max(-1, x * (1 - s));
        return Math.exp(helper1(t) * x);
    }

    /** log(1 + x) / x, accurate near 0. */
    private static double helper1(double x) {
        return Math.abs(x) > 1e-8 ? Math.log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x));
    }

    /** (exp(x) - 1) / x, accurate near 0. */
    private static double helper2(double x) {
        return Math.abs(x) > 1e-8 ? Math.expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x));
    }
}
