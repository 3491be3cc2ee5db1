package io.constellation.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    private static final String TEXT = """
            # HELP constellation_cache_searches_total Searches answered, by outcome
            # TYPE constellation_cache_searches_total counter
            constellation_cache_searches_total{outcome="memory",service="cache"} 12.0
            constellation_cache_searches_total{outcome="miss",service="cache"} 3.0 1712345678000
            constellation_cache_searches_totally_other 100
            constellation_satellites_online 41
            """;

    @Test
    void everyLabelSetOfTheMetricIsSummedAndOtherMetricsAreSkipped() {
        assertEquals(15.0, PrometheusText.sum(TEXT, "constellation_cache_searches_total"));
        assertEquals(41.0, PrometheusText.sum(TEXT, "constellation_satellites_online"));
    }

    @Test
    void aMetricTheTextLacksIsUnknown() {
        assertTrue(Double.isNaN(PrometheusText.sum(TEXT, "constellation_gateway_lookups_total")));
        assertTrue(Double.isNaN(PrometheusText.sum("", "x")));
    }
}
