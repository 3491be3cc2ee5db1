package io.constellation.gateway;

import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.gateway.testing.FeedClient;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import io.constellation.proto.availability.v1.GetAvailabilityResponse;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rough check of GetAvailability throughput (1,000 ids per call) over loopback gRPC, not a
 * test and not the benchmark (that belongs to the bench module). Run its main on the test
 * classpath:
 * <ul>
 *   <li>{@code serve SECONDS}: a gateway alone; prints its port, and its CPU per second at the end;</li>
 *   <li>{@code load SECONDS THREADS TRACKS [PORT]}: feeds a snapshot of TRACKS/2 tracks and
 *       drives look-ups from THREADS threads, each with 32 calls in flight, against the gateway
 *       at PORT, or one started in this JVM; counts the second half of the run.</li>
 * </ul>
 */
public final class LookupThroughputMeasurement {

    private static final int IN_FLIGHT = 32;

    private LookupThroughputMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(args[1]);
        if (args[0].equals("serve")) {
            try (TestCatalog db = TestCatalog.h2(); GatewayServer gw = gateway(db)) {
                System.out.println("gateway on port " + gw.grpcPort());
                long cpu0 = cpuNanos();
                Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                System.out.printf("gateway used %.2f cores%n", (cpuNanos() - cpu0) / 1e9 / seconds);
            }
            return;
        }
        int threads = Integer.parseInt(args[2]);
        int tracks = Integer.parseInt(args[3]);
        if (args.length > 4) {
            load(Integer.parseInt(args[4]), seconds, threads, tracks);
        } else {
            try (TestCatalog db = TestCatalog.h2(); GatewayServer gw = gateway(db)) {
                load(gw.grpcPort(), seconds, threads, tracks);
            }
        }
    }

    private static GatewayServer gateway(TestCatalog db) {
        return new GatewayServer(GatewayConfig.builder().startupWait(Duration.ZERO).historicalJobScheduled(false).build(),
                db.catalog()).start();
    }

    private static void load(int port, int seconds, int threads, int tracks) throws Exception {
        ManagedChannel[] channels = new ManagedChannel[2];
        for (int i = 0; i < channels.length; i++) {
            channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
        }
        SplittableRandom random = new SplittableRandom(1);
        Map<Integer, Integer> counts = new HashMap<>();
        for (int id = 1; id <= tracks; id += 2) {
            counts.put(id, 1 + random.nextInt(50));
        }
        new FeedClient(channels[0], "sat-" + System.nanoTime(), 1, "sat:7001").snapshot(counts, 100_000);
        GetAvailabilityRequest[] requests = new GetAvailabilityRequest[64];
        for (int r = 0; r < requests.length; r++) {
            GetAvailabilityRequest.Builder b = GetAvailabilityRequest.newBuilder();
            for (int i = 0; i < 1000; i++) {
                b.addTrackIds(1 + random.nextInt(tracks));
            }
            requests[r] = b.build();
        }
        AtomicLong calls = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds / 2);
        Thread[] workers = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            AvailabilityServiceGrpc.AvailabilityServiceStub stub =
                    AvailabilityServiceGrpc.newStub(channels[t % channels.length]);
            int offset = t;
            workers[t] = new Thread(() -> {
                // Asynchronous calls with a window: blocking ones would measure thread wake-ups.
                Semaphore window = new Semaphore(IN_FLIGHT);
                int i = offset;
                while (System.nanoTime() < end) {
                    window.acquireUninterruptibly();
                    stub.getAvailability(requests[i++ & 63], new StreamObserver<GetAvailabilityResponse>() {
                        @Override public void onNext(GetAvailabilityResponse r) {
                            if (System.nanoTime() > warm) {
                                calls.incrementAndGet();
                            }
                        }
                        @Override public void onError(Throwable e) { window.release(); }
                        @Override public void onCompleted() { window.release(); }
                    });
                }
                window.acquireUninterruptibly(IN_FLIGHT);
            });
            workers[t].start();
        }
        while (System.nanoTime() < warm) {
            Thread.sleep(10);
        }
        long cpu0 = cpuNanos();
        for (Thread w : workers) {
            w.join();
        }
        long cpu = cpuNanos() - cpu0;
        System.out.printf("GetAvailability of 1,000 ids: %.0f calls/s, %.0f us of this process's CPU per call%n",
                calls.get() / (double) (seconds - seconds / 2), cpu / 1e3 / Math.max(1, calls.get()));
        for (ManagedChannel c : channels) {
            c.shutdownNow();
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
