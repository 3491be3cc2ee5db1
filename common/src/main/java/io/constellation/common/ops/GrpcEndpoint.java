package io.constellation.common.ops;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.MetricCollectingServerInterceptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service's gRPC server with what every Constellation service exposes beside its own
 * API: the standard health service (so probes and clients see NOT_SERVING until the
 * service is ready), server reflection (so grpcurl and other generic clients can call it
 * without the .proto files) and per-method metrics.
 *
 * <p>Health starts NOT_SERVING for the overall server and each named service; the owner
 * calls {@link #setServing(boolean)} when it can answer.
 */
public final class GrpcEndpoint implements AutoCloseable {

    private final String host;
    private final int requestedPort;
    private final List<BindableService> services;
    private final List<String> serviceNames;
    private final MeterRegistry registry;
    private final int maxInboundMessageBytes;
    private final HealthStatusManager health = new HealthStatusManager();
    private boolean directExecutor;
    private Server server;

    /**
     * @param host                   address to bind
     * @param port                   port to bind; 0 picks a free one
     * @param services               the service implementations
     * @param registry               where per-method call metrics go
     * @param maxInboundMessageBytes the largest request accepted
     */
    public GrpcEndpoint(String host, int port, List<BindableService> services, MeterRegistry registry,
                        int maxInboundMessageBytes) {
        this.host = host;
        this.requestedPort = port;
        this.services = List.copyOf(services);
        this.serviceNames = this.services.stream()
                .map(s -> s.bindService().getServiceDescriptor().getName())
                .toList();
        this.registry = registry;
        this.maxInboundMessageBytes = maxInboundMessageBytes;
    }

    /**
     * Runs every call on gRPC's transport (event loop) threads instead of handing it to an
     * executor thread: saves two thread hand-offs per call, which matters for small, hot
     * calls on few cores. Only for services whose handlers never block (health and
     * reflection don't). Call before {@link #start()}.
     */
    public synchronized GrpcEndpoint directExecutor() {
        this.directExecutor = true;
        return this;
    }

    /** Binds and starts; health is NOT_SERVING until {@link #setServing(boolean)}. */
    public synchronized GrpcEndpoint start() {
        NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, requestedPort))
                .maxInboundMessageSize(maxInboundMessageBytes)
                .intercept(new MetricCollectingServerInterceptor(registry))
                .addService(health.getHealthService())
                .addService(ProtoReflectionServiceV1.newInstance());
        services.forEach(builder::addService);
        if (directExecutor) {
            builder.directExecutor();
        }
        setServing(false);
        try {
            server = builder.build().start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the gRPC port " + host + ":" + requestedPort, e);
        }
        return this;
    }

    /** The bound port. */
    public int port() {
        return server.getPort();
    }

    /** Sets the health of the server and of every service it hosts. Any thread. */
    public void setServing(boolean serving) {
        ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
        health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
        for (String name : serviceNames) {
            health.setStatus(name, status);
        }
    }

    /** Stops taking calls, lets running calls finish for up to 5 s, then cancels the rest. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        health.enterTerminalState();
        server.shutdown();
        try {
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            server.shutdownNow();
            Thread.currentThread().interrupt();
        }
        server = null;
    }
}
