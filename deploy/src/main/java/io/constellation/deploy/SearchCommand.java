package io.constellation.deploy;

import io.constellation.proto.search.v1.SearchRequest;
import io.constellation.proto.search.v1.SearchResponse;
import io.constellation.proto.search.v1.SearchResult;
import io.constellation.proto.search.v1.SearchServiceGrpc;
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

/** {@code constellation search}: one page of a query from one cache node, for operators checking a node by hand. */
@Command(name = "search", mixinStandardHelpOptions = true,
        description = "Ask one cache node for a page of a query's ranked results; prints where it was served from "
                + "and one line per result: id, current and historical availability, artist - title (album).")
final class SearchCommand implements Callable<Integer> {

    @Option(names = "--cache", defaultValue = "127.0.0.1:7400",
            description = "host:port of the cache node's gRPC (default: ${DEFAULT-VALUE}).")
    String cache;

    @Option(names = "--offset", defaultValue = "0", description = "Results to skip (default: ${DEFAULT-VALUE}).")
    int offset;

    @Option(names = "--limit", defaultValue = "20", description = "Results to show, 1 to 200 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Parameters(arity = "1..*", paramLabel = "WORD", description = "The query, as a user would type it.")
    List<String> words;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        int colon = cache.lastIndexOf(':');
        ManagedChannel channel = NettyChannelBuilder
                .forAddress(cache.substring(0, colon), Integer.parseInt(cache.substring(colon + 1)))
                .usePlaintext().build();
        PrintWriter out = spec.commandLine().getOut();
        try {
            SearchResponse r = SearchServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .search(SearchRequest.newBuilder().setQuery(String.join(" ", words)).setOffset(offset)
                            .setLimit(limit).build());
            out.printf("%d results%s, served from %s by %s%s%n", r.getTotal(), r.getTotalCapped() ? " (capped)" : "",
                    r.getServedFrom(), r.getNodeId(),
                    r.getCurrentAvailabilityUnknown() ? "; no gateway answered: historical order only" : "");
            for (SearchResult x : r.getResultsList()) {
                out.printf("%d\t%d\t%.2f\t%s - %s%s%n", x.getTrackId(), x.getCurrentAvailability(),
                        x.getHistoricalAvailability(), x.getArtist(), x.getTitle(),
                        x.getAlbum().isEmpty() ? "" : " (" + x.getAlbum() + ")");
            }
            return 0;
        } catch (StatusRuntimeException e) {
            spec.commandLine().getErr().printf("search failed: %s%n", e.getStatus());
            return 1;
        } finally {
            out.flush();
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
