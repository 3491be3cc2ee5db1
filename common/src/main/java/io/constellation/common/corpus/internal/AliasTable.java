package io.constellation.common.corpus.internal;

import java.util.SplittableRandom;

/**
 * Walker/Vose alias table: samples index {@code i} with probability {@code weight[i] / sum}
 * in O(1) (one random index, one random double), which keeps the generator above a million
 * tracks per second. Immutable after construction; the random source is the caller's.
 */
public final class AliasTable {

    private final double[] prob;
    private final int[] alias;

    /** A table for these weights (all finite and positive, at least one). */
    public AliasTable(double[] weights) {
        int n = weights.length;
        if (n == 0) {
            throw new IllegalArgumentException("no weights");
        }
        prob = new double[n];
        alias = new int[n];
        double sum = 0;
        for (double w : weights) {
            if (!(w > 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be positive and finite: " + w);
            }
            sum += w;
        }
        build(weights, sum);
    }

    private void build(double[] weights, double sum) {
        int n = weights.length;
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = weights[i] * n / sum;
            if (scaled[i] < 1) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            prob[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            if (scaled[l] < 1) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        // Leftovers are 1 up to rounding error.
        while (nl > 0) {
            prob[large[--nl]] = 1;
        }
        while (ns > 0) {
            prob[small[--ns]] = 1;
        }
    }

    /** An index drawn with probability proportional to its weight. */
    public int sample(SplittableRandom random) {
        int i = random.nextInt(prob.length);
        return random.nextDouble() < prob[i] ? i : alias[i];
    }

    /** Number of weights. */
    public int size() {
        return prob.length;
    }
}
