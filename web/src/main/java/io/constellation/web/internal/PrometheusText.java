package io.constellation.web.internal;

/**
 * Reads sums out of a Prometheus text exposition ({@code /metrics}): enough for the status
 * strip, not a general parser. A sample line is {@code name{labels} value [timestamp]};
 * comments and other metrics are skipped.
 */
public final class PrometheusText {

    private PrometheusText() {
    }

    /**
     * The sum of every sample of {@code metric} (all label sets), or NaN when the text has
     * none.
     */
    public static double sum(String text, String metric) {
        double sum = 0;
        boolean found = false;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            double v = sample(text, start, end, metric);
            if (!Double.isNaN(v)) {
                sum += v;
                found = true;
            }
            start = end + 1;
        }
        return found ? sum : Double.NaN;
    }

    /** The value of the line [start, end) if it is a sample of {@code metric}, else NaN. */
    private static double sample(String text, int start, int end, String metric) {
        if (!text.startsWith(metric, start)) {
            return Double.NaN;
        }
        int i = start + metric.length();
        if (i >= end) {
            return Double.NaN;
        }
        char c = text.charAt(i);
        if (c == '{') {
            // Label values may hold '}' only escaped inside quotes; Micrometer's bounded tags hold none.
            i = text.indexOf('}', i);
            if (i < 0 || i >= end) {
                return Double.NaN;
            }
            i++;
        } else if (c != ' ') {
            return Double.NaN; // another metric whose name starts with this one
        }
        String rest = text.substring(i, end).trim();
        int space = rest.indexOf(' ');
        try {
            return Double.parseDouble(space < 0 ? rest : rest.substring(0, space));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
