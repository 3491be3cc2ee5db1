package io.constellation.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

class ApiErrorTest {

    @Test
    void invalidArgumentIsA400WithTheSearchApisOwnMessage() {
        ApiError e = ApiError.of(Status.INVALID_ARGUMENT.withDescription("the query has no letters or digits"));
        assertEquals(400, e.outcome().httpStatus());
        assertEquals("the query has no letters or digits", e.message());
    }

    @Test
    void unavailableIsA503ThatSaysToTryAgain() {
        ApiError e = ApiError.of(Status.UNAVAILABLE.withDescription("index shard 1 has no live replica"));
        assertEquals(503, e.outcome().httpStatus());
        assertTrue(e.message().contains("index shard 1 has no live replica") && e.message().contains("Try again"));
    }

    @Test
    void deadlineIsA504AndAnythingElseA502() {
        assertEquals(504, ApiError.of(Status.DEADLINE_EXCEEDED).outcome().httpStatus());
        ApiError e = ApiError.of(Status.INTERNAL.withDescription("boom"));
        assertEquals(502, e.outcome().httpStatus());
        assertTrue(e.message().contains("INTERNAL: boom"), e.message());
    }
}
