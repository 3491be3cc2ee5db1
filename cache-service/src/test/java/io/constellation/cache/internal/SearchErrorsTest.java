package io.constellation.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

class SearchErrorsTest {

    @Test
    void aStageStatusPassesThroughItsWrapperWithItsMessage() {
        Status s = SearchErrors.toStatus(new CompletionException(Status.UNAVAILABLE
                .withDescription("index shard 1 of 2: no replica answered").asRuntimeException())).getStatus();
        assertEquals(Status.Code.UNAVAILABLE, s.getCode());
        assertEquals("index shard 1 of 2: no replica answered", s.getDescription());
    }

    @Test
    void aRefusedTaskMeansTheNodeIsStoppingAndAnythingElseIsInternal() {
        Status stopping = SearchErrors.toStatus(new CompletionException(new RejectedExecutionException())).getStatus();
        assertEquals(Status.Code.UNAVAILABLE, stopping.getCode());
        assertTrue(stopping.getDescription().contains("secondary"));
        Status bug = SearchErrors.toStatus(new IllegalStateException("boom")).getStatus();
        assertEquals(Status.Code.INTERNAL, bug.getCode());
        assertTrue(bug.getDescription().contains("boom"));
    }
}
