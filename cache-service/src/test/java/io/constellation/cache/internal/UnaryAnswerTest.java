package io.constellation.cache.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.grpc.Status;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnaryAnswerTest {

    private final List<String> ends = new ArrayList<>();
    private final UnaryAnswer<String> answer = new UnaryAnswer<>(new UnaryAnswer.Outcome<>() {
        @Override
        public void answered(String value) {
            ends.add("answered " + value);
        }

        @Override
        public void failed(Status status) {
            ends.add("failed " + status.getCode() + " " + status.getDescription());
        }
    });

    @Test
    void completionHandsOverTheSingleAnswer() {
        answer.onNext("a");
        answer.onCompleted();
        assertEquals(List.of("answered a"), ends);
    }

    @Test
    void completionWithoutAnAnswerIsInternal() {
        answer.onCompleted();
        assertEquals(List.of("failed INTERNAL completed without an answer"), ends);
    }

    @Test
    void errorIsPassedOnAsItsStatus() {
        answer.onError(Status.UNAVAILABLE.withDescription("down").asRuntimeException());
        assertEquals(List.of("failed UNAVAILABLE down"), ends);
    }
}
