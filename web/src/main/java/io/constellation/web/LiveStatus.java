package io.constellation.web;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the page's status strip shows: satellites online across the network and searches
 * per second, each empty when unknown (the strip then says so rather than showing 0).
 *
 * @param satellitesOnline  satellites logged in now, summed over the satellite servers
 * @param searchesPerSecond recent searches per second
 */
public record LiveStatus(OptionalLong satellitesOnline, OptionalDouble searchesPerSecond) {

    /** Nothing known. */
    public static final LiveStatus UNKNOWN = new LiveStatus(OptionalLong.empty(), OptionalDouble.empty());

    public LiveStatus {
        java.util.Objects.requireNonNull(satellitesOnline, "satellitesOnline");
        java.util.Objects.requireNonNull(searchesPerSecond, "searchesPerSecond");
    }

    /** Both figures known. */
    public static LiveStatus of(long satellitesOnline, double searchesPerSecond) {
        return new LiveStatus(OptionalLong.of(satellitesOnline), OptionalDouble.of(searchesPerSecond));
    }
}
