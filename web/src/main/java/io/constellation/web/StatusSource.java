package io.constellation.web;

/**
 * Where the page's live status strip gets its figures: the demo implements it from the
 * services it runs in-process; a standalone front end uses {@link ScrapedStatus} (the
 * services' {@code /metrics}) or, given none, its own searches per second.
 *
 * <p>Called on an HTTP thread for every {@code /api/status} request (the page polls every
 * few seconds): it must answer from figures it already holds, never wait on the network.
 * Must be thread-safe.
 */
@FunctionalInterface
public interface StatusSource {

    /** The figures now; fields unknown to this source are empty. */
    LiveStatus current();
}
