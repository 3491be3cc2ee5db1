package io.constellation.gateway;

import io.constellation.common.catalog.testing.TestCatalog;
import io.constellation.gateway.testing.FeedClient;
import io.constellation.proto.availability.v1.AvailabilityServiceGrpc;
import io.constellation.proto.availability.v1.GetAvailabilityRequest;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rough check of GetAvailability throughput (1,000 ids per call) over loopback gRPC, not a
 * test and not the benchmark (that belongs to the bench module): run its main from the IDE or
 * with exec:java on the test classpath. Args: seconds (default 10), client threads (default 4).
 */
public final class LookupThroughputMeasurement {

    private LookupThroughputMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        int tracks = 1_000_000;
        try (TestCatalog db = TestCatalog.h2();
             GatewayServer gw = new GatewayServer(GatewayConfig.builder().startupWait(Duration.ZERO)
                     .historicalJobScheduled(false).build(), db.catalog()).start()) {
            ManagedChannel[] channels = new ManagedChannel[2];
            for (int i = 0; i < channels.length; i++) {
                channels[i] = NettyChannelBuilder.forAddress("127.0.0.1", gw.grpcPort()).usePlaintext().build();
            }
            Map<Integer, Integer> counts = new HashMap<>();
            SplittableRandom random = new SplittableRandom(1);
            for (int id = 1; id <= tracks; id += 2) {
                counts.put(id, 1 + random.nextInt(50));
            }
            new FeedClient(channels[0], "sat-1", 1, "sat-1:7001").snapshot(counts, 100_000);
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
                AvailabilityServiceGrpc.AvailabilityServiceBlockingStub stub =
                        AvailabilityServiceGrpc.newBlockingStub(channels[t % channels.length]);
                int offset = t;
                workers[t] = new Thread(() -> {
                    int i = offset;
                    while (System.nanoTime() < end) {
                        stub.getAvailability(requests[i++ & 63]);
                        if (System.nanoTime() > warm) {
                            calls.incrementAndGet();
                        }
                    }
                });
                workers[t].start();
            }
            for (Thread w : workers) {
                w.join();
            }
            System.out.printf("GetAvailability of 1,000 ids: %.0f calls/s with %d client threads%n",
                    calls.get() / (double) (seconds - seconds / 2), threads);
            for (ManagedChannel c : channels) {
                c.shutdownNow();
            }
        }
    }
}
