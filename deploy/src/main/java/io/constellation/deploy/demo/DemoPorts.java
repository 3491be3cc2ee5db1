package io.constellation.deploy.demo;

/**
 * The demo's fixed port layout, as offsets from a base port, chosen so that with the
 * default base (7000) every service has the port its stand-alone subcommand defaults to
 * (so {@code constellation search} and friends find the demo without options). Each
 * service's {@code /metrics} and {@code /healthz} port is its main port plus
 * {@value #METRICS_OFFSET}. Base 0: every port is picked by the system (tests).
 *
 * <pre>
 *   satellite servers  base+0, base+1      (satellites' TCP)   admin gRPC base+100, base+101
 *   gateway            base+200
 *   index shards       base+301, base+302
 *   cache nodes        base+400, base+401  (SearchService, what web front ends call)
 *   web page           base+1080           (the search page and its JSON API)
 * </pre>
 */
public final class DemoPorts {

    /** The default base port. */
    public static final int DEFAULT_BASE = 7000;
    /** Distance of a service's metrics port from its main port. */
    public static final int METRICS_OFFSET = 2000;
    private static final int SATELLITE = 0;
    private static final int SATELLITE_ADMIN = 100;
    private static final int GATEWAY = 200;
    private static final int INDEX = 301;
    private static final int CACHE = 400;
    private static final int WEB = 1080;
    /** The highest offset used, metrics included: the web page's metrics port. */
    static final int SPAN = WEB + METRICS_OFFSET;

    private final int base;

    /** @param base the first port, or 0 for ports picked by the system */
    public DemoPorts(int base) {
        this.base = base;
    }

    /** The base port; 0 when every port is picked by the system. */
    public int base() { return base; }
    /** Satellites' TCP port of satellite server {@code i}. */
    public int satellite(int i) { return at(SATELLITE + i); }
    /** Admin gRPC port of satellite server {@code i}. */
    public int satelliteAdmin(int i) { return at(SATELLITE_ADMIN + i); }
    public int gateway() { return at(GATEWAY); }
    /** gRPC port of index shard {@code i}. */
    public int index(int i) { return at(INDEX + i); }
    /** gRPC port of cache node {@code i}. */
    public int cache(int i) { return at(CACHE + i); }
    /** HTTP port of the web page (its /metrics and /healthz at {@link #metricsOf} of it). */
    public int web() { return at(WEB); }

    /** The /metrics and /healthz port that goes with {@code port} (0 stays 0). */
    public int metricsOf(int port) {
        return port == 0 ? 0 : port + METRICS_OFFSET;
    }

    private int at(int offset) {
        return base == 0 ? 0 : base + offset;
    }
}
