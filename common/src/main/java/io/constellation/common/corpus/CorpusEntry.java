package io.constellation.common.corpus;

/**
 * One chart row of the bundled corpus.
 *
 * @param title        song or album title
 * @param artist       artist as credited
 * @param weeksOnChart longest run on the chart, in weeks (0 when unknown)
 * @param peakPosition best position (1 is best; 0 when unknown)
 */
public record CorpusEntry(String title, String artist, int weeksOnChart, int peakPosition) {

    /**
     * A popularity weight, always positive: weeks on chart, boosted up to 2x for a high peak.
     * Gives the skew (a few artists charted for years, most for a week or two) the generator keeps.
     */
    public double popularity() {
        int peak = peakPosition <= 0 ? 200 : Math.min(peakPosition, 200);
        return Math.max(1, weeksOnChart) * (1.0 + (200 - peak) / 200.0);
    }
}
