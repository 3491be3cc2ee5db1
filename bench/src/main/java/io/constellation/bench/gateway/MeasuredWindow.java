package io.constellation.bench.gateway;

import io.grpc.Status;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bookkeeping of a closed-loop load driver: the measured window, the latch its loops
 * count down when they stop, and the tallies of answers. Only calls that both start and
 * end inside the window ({@link System#nanoTime()}) enter the latency histogram and the
 * call count. Thread-safe: completions arrive on several transport threads; {@link #open}
 * happens before the loops start.
 */
public class MeasuredWindow {

    /** Stop a run whose calls fail this often: the server is gone or refusing. */
    private static final long MAX_ERRORS = 1000;

    private final Histogram latency = new Histogram();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong wrong = new AtomicLong();
    private final AtomicLong perSecond = new AtomicLong();
    private volatile Status lastError;
    private volatile long measureFrom;
    private volatile long measureTo;
    private CountDownLatch finished;

    /** Sets the window to the {@code measure} after {@code warmup} from now, for {@code loops} loops. */
    protected final void open(int loops, long warmupNanos, long measureNanos) {
        measureFrom = System.nanoTime() + warmupNanos;
        measureTo = measureFrom + measureNanos;
        finished = new CountDownLatch(loops);
    }

    /** True when a loop must not start another call at {@code now}: the window is over or calls keep failing. */
    protected final boolean over(long now) {
        return now >= measureTo || errors.get() >= MAX_ERRORS;
    }

    /** Called once by each loop when it stops. */
    protected final void loopStopped() {
        finished.countDown();
    }

    /** Counts a failed call. */
    protected final void failed(Throwable error) {
        errors.incrementAndGet();
        lastError = Status.fromThrowable(error);
    }

    /** Counts an answered call started at {@code startedAt} and answered at {@code end}; {@code right} when it checked out. */
    protected final void answered(long startedAt, long end, boolean right) {
        perSecond.incrementAndGet();
        if (!right) {
            wrong.incrementAndGet();
        }
        if (startedAt >= measureFrom && end <= measureTo) {
            calls.incrementAndGet();
            latency.record(end - startedAt);
        }
    }

    /**
     * Follows a started run from the calling thread: prints per-second progress of
     * {@code unit}, measures the CPU of this process and {@code otherPid} (0: none) over the
     * window, then waits up to 30 s for the loops to stop.
     */
    public final CpuMeter.Usage watch(long otherPid, String unit, PrintStream out) throws InterruptedException {
        Thread progress = Progress.start(this::takeCompleted, measureFrom, unit, out);
        Progress.sleepUntil(measureFrom);
        CpuMeter.Reading start = CpuMeter.Reading.now(otherPid);
        Progress.sleepUntil(measureTo);
        CpuMeter.Usage cpu = CpuMeter.Reading.now(otherPid).since(start);
        if (!awaitStopped(TimeUnit.SECONDS.toNanos(30))) {
            out.println("some " + unit + " were still unanswered 30 s after the end");
        }
        progress.interrupt();
        return cpu;
    }

    /** When the measured window starts and ends ({@link System#nanoTime()}). */
    public final long measureFrom() {
        return measureFrom;
    }

    public final long measureTo() {
        return measureTo;
    }

    /** Waits until every loop has stopped (their last calls answered); false on timeout. */
    public final boolean awaitStopped(long timeoutNanos) throws InterruptedException {
        return finished.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** The calls of the measured window. */
    public final Histogram latency() {
        return latency;
    }

    /** Calls answered inside the measured window. */
    public final long calls() {
        return calls.get();
    }

    public final long errors() {
        return errors.get();
    }

    public final long wrongAnswers() {
        return wrong.get();
    }

    public final Status lastError() {
        return lastError;
    }

    /** Calls answered since the previous call of this method (for per-second progress). */
    public final long takeCompleted() {
        return perSecond.getAndSet(0);
    }
}
