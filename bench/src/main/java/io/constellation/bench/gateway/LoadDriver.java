package io.constellation.bench.gateway;

import io.grpc.Channel;

/**
 * Keeps a fixed number of GetAvailability calls in flight (a closed loop: each answer
 * starts the next call on the same channel, from the transport thread that delivered it,
 * with no hand-off) until the end time, and records the calls that both start and end
 * inside the measured window. Thread-safe: completions arrive on several transport
 * threads.
 */
final class LoadDriver extends MeasuredWindow {

    private final Channel[] channels;
    private final LookupCodec codec;
    private final RequestPool requests;
    private final AnswerCheck check;
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
        open(concurrency, warmupNanos, measureNanos);
        for (int slot = 0; slot < concurrency; slot++) {
            new Loop(channels[slot % channels.length], slot).next();
        }
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
            if (over(now)) {
                loopStopped();
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
                failed(error);
            } else {
                answered(startedAt, end, check.ok(requests.ids(request), counts));
            }
            next();
        }
    }
}
