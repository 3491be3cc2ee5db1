package io.constellation.bench.gateway;

import io.grpc.Channel;
import io.grpc.Status;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps a fixed number of GetAvailability calls in flight (a closed loop: each answer
 * starts the next call on the same channel, from the transport thread that delivered it,
 * with no hand-off) until the end time, and records the calls that both start and end
 * inside the measured window. Thread-safe: completions arrive on several transport
 * threads.
 */
final class LoadDriver {

    /** Stop a run whose calls fail this often: the gateway is gone or refusing. */
    private static final long MAX_ERRORS = 1000;

    private final Channel[] channels;
    private final LookupCodec codec;
    private final RequestPool requests;
    private final AnswerCheck check;
    private final Histogram latency = new Histogram();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final AtomicLong perSecond = new AtomicLong();
    private volatile Status lastError;
    private volatile long measureFrom;
    private volatile long measureTo;
    private volatile long stopAt;
    private CountDownLatch finished;

    /** Checks one answer: true when its counts are right for the request's ids. */
    interface AnswerCheck {
        boolean ok(int[] ids, int[] counts);
    }

    LoadDriver(Channel[] channels, LookupCodec codec, RequestPool requests, AnswerCheck check) {
        this.channels = channels;
        this.codec = codec;
        this.requests = requests;
        this.check = check;
    }

    /**
     * Starts {@code concurrency} call loops that run until {@code warmup + measure} from now
     * is over and record the calls of the last {@code measure}; returns at once.
     */
    void start(int concurrency, long warmupNanos, long measureNanos) {
        long now = System.nanoTime();
        measureFrom = now + warmupNanos;
        measureTo = measureFrom + measureNanos;
        stopAt = measureTo;
        finished = new CountDownLatch(concurrency);
        for (int slot = 0; slot < concurrency; slot++) {
            new Loop(channels[slot % channels.length], slot).next();
        }
    }

    /** When the measured window starts and ends ({@link System#nanoTime()}). */
    long measureFrom() {
        return measureFrom;
    }

    long measureTo() {
        return measureTo;
    }

    /** Waits until every loop has stopped (their last calls answered); false on timeout. */
    boolean awaitStopped(long timeoutNanos) throws InterruptedException {
        return finished.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** The calls of the measured window. */
    Histogram latency() {
        return latency;
    }

    long calls() {
        return calls.get();
    }

    long errors() {
        return errors.get();
    }

    long wrongAnswers() {
        return wrong.get();
    }

    Status lastError() {
        return lastError;
    }

    /** Calls completed since the previous call of this method (for per-second progress). */
    long takeCompleted() {
        return perSecond.getAndSet(0);
    }

    /** One of the call loops: at most one call of its own in flight at any time. */
    private final class Loop implements LookupCodec.Answer {
        private final Channel channel;
        private int request;
        private long startedAt;

        Loop(Channel channel, int slot) {
            this.channel = channel;
            this.request = slot * 7919 % requests.size();
        }

        void next() {
            long now = System.nanoTime();
            if (now >= stopAt || errors.get() >= MAX_ERRORS) {
                finished.countDown();
                return;
            }
            request = request + 1 == requests.size() ? 0 : request + 1;
            startedAt = now;
            codec.call(channel, requests, request, this);
        }

        @Override
        public void done(int[] counts, Throwable error) {
            long end = System.nanoTime();
            if (error != null) {
                errors.incrementAndGet();
                lastError = Status.fromThrowable(error);
            } else {
                perSecond.incrementAndGet();
                if (!check.ok(requests.ids(request), counts)) {
                    wrong.incrementAndGet();
                }
                if (startedAt >= measureFrom && end <= measureTo) {
                    calls.incrementAndGet();
                    latency.record(end - startedAt);
                }
            }
            next();
        }
    }
}
