package io.constellation.deploy.demo;

import java.net.URI;

/**
 * Where one of the demo's services listens.
 *
 * @param name        e.g. "cache-0", "index-1", "gateway", "sat-1"
 * @param host        the address every port is bound to
 * @param port        its main port: gRPC, or the satellites' TCP port for a satellite server
 * @param metricsPort the port of its {@code /metrics} and {@code /healthz}
 */
public record ServiceAddress(String name, String host, int port, int metricsPort) {

    /** {@code host:port} of the main port. */
    public String address() {
        return host + ":" + port;
    }

    /** Its Prometheus scrape URL. */
    public URI metricsUrl() {
        return URI.create("http://" + host + ":" + metricsPort + "/metrics");
    }

    /** Its health URL (200 when serving). */
    public URI healthUrl() {
        return URI.create("http://" + host + ":" + metricsPort + "/healthz");
    }
}
