package io.constellation.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SearchRequestsTest {

    @Test
    void pagingWithinTheRulesIsAccepted() {
        assertNull(SearchRequests.pagingProblem(0, 1));
        assertNull(SearchRequests.pagingProblem(1_000_000, 200));
    }

    @Test
    void pagingOutsideTheRulesNamesTheRuleAndTheValue() {
        assertEquals("offset must be 0 or more, got -1", SearchRequests.pagingProblem(-1, 10));
        assertEquals("limit must be 1 to 200, got 0 (was it set?)", SearchRequests.pagingProblem(0, 0));
        assertEquals("limit must be 1 to 200, got 201", SearchRequests.pagingProblem(0, 201));
    }
}
