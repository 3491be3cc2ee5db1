package io.constellation.index;

/**
 * Receives a query's matching ordinals in batches, ascending across calls.
 *
 * <p>Why batches: a query returns tens of thousands of ids, and one interface call per id
 * (which the JIT cannot inline where several sinks meet one call site) cost more than
 * the intersection itself; one call per batch leaves a plain array loop per id.
 *
 * <p>The array belongs to the caller and is reused for the next batch: a sink copies what
 * it keeps before returning. Called on the querying thread only.
 */
@FunctionalInterface
public interface OrdSink {

    /** Takes {@code ords[0..count)}, ascending and greater than any ordinal passed before. */
    void accept(int[] ords, int count);
}
