package io.constellation.deploy.demo;

/**
 * The demo's live figures, for a status line or a web page's status strip.
 *
 * @param satellitesOnline  satellites logged in on the satellite servers now
 * @param searchesPerSecond searches the cache nodes answered per second, over the last second or so
 * @param searches          searches the cache nodes answered since the demo started
 */
public record DemoStatus(int satellitesOnline, double searchesPerSecond, long searches) {
}
