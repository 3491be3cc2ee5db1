package io.constellation.deploy;

import io.constellation.proto.index.v1.IndexServiceGrpc;
import io.constellation.proto.index.v1.QueryRequest;
import io.constellation.proto.index.v1.QueryResponse;
import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code constellation query}: asks one index shard a question, for operators checking a shard by hand. */
@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Ask one index shard for the tracks holding all the given words; prints the total and the ids.")
final class QueryCommand implements Callable<Integer> {

    @Option(names = "--index", defaultValue = "127.0.0.1:7301",
            description = "host:port of the index shard's gRPC (default: ${DEFAULT-VALUE}).")
    String index;

    @Option(names = "--limit", defaultValue = "20", description = "Most ids to print (default: ${DEFAULT-VALUE}).")
    int limit;

    @Parameters(arity = "1..*", paramLabel = "WORD", description = "The words, all of which must match.")
    List<String> words;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int colon = index.lastIndexOf(':');
        ManagedChannel channel = NettyChannelBuilder
                .forAddress(index.substring(0, colon), Integer.parseInt(index.substring(colon + 1)))
                .usePlaintext().maxInboundMessageSize(64 << 20).build();
        PrintWriter out = spec.commandLine().getOut();
        try {
            QueryResponse r = IndexServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .query(QueryRequest.newBuilder().addAllWords(words).setLimit(limit).build());
            out.printf("shard %d/%d, generation %d: %d matching tracks%n", r.getShard(), r.getShardCount(),
                    r.getGeneration(), r.getTotal());
            r.getTrackIdsList().forEach(out::println);
            return 0;
        } catch (StatusRuntimeException e) {
            spec.commandLine().getErr().printf("query failed: %s%n", e.getStatus());
            return 1;
        } finally {
            out.flush();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
