package io.constellation.bench.cache;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.cache.client.CacheNode;
import io.constellation.proto.search.v1.ServedFrom;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The search benchmarks for a second or two with tiny parameters, servers in this JVM:
 * every answer must be right, cached runs must be served from the cache, and the figures
 * BENCHMARKS.md quotes must be printed, so the programs cannot rot unnoticed.
 */
class SearchBenchTest {

    @Test
    void cachedSearchesAreAllHitsAndTheFiguresArePrinted() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        SearchDriver d = CachedSearchLoad.run(CachedSearchLoad.Options.parse(new String[] {
            "--stack", "embedded", "--tracks", "3000", "--queries", "150", "--concurrency", "4", "--via", "stub",
            "--warmup", "300ms", "--duration", "1s"}), print(log));
        String out = log.toString(StandardCharsets.UTF_8);
        assertTrue(d.calls() > 0, out);
        assertEquals(0, d.errors() + d.wrongAnswers(), out);
        assertEquals(0, d.served(ServedFrom.SERVED_FROM_MISS), "every query was warmed first: " + out);
        for (String figure : new String[] {"searches/s:", "latency us: p50", "p99", "CPU:", "hit ratio 1.0000",
                                           "target (>= 15,000 searches/s"}) {
            assertTrue(out.contains(figure), "prints " + figure + ": " + out);
        }
    }

    @Test
    void uncachedSearchesAreAllMissesAndEveryStageIsReported() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        StackOptions stack = StackOptions.from(new OptionMap(new String[] {"--tracks", "3000"}), 3000);
        SearchDriver d = UncachedSearchLoad.run(stack, 40, 7, 20, "client", 2, print(log));
        String out = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, d.errors() + d.wrongAnswers(), out);
        assertEquals(40, d.served(ServedFrom.SERVED_FROM_MISS), out);
        for (String stage : new String[] {"index ", "catalog ", "gateway ", "total (node) "}) {
            assertTrue(out.contains("  " + stage), "reports stage " + stage + ": " + out);
        }
    }

    @Test
    void theQueryStreamIsSeededAndSkewed() {
        QueryPool a = QueryPool.generate(3000, 42, 300, 1.0, 20_000, 5);
        QueryPool b = QueryPool.generate(3000, 42, 300, 1.0, 20_000, 5);
        int[] streamA = IntStream.range(0, 20_000).map(a::at).toArray();
        assertArrayEquals(streamA, IntStream.range(0, 20_000).map(b::at).toArray(), "same seed, same stream");
        int[] counts = new int[300];
        for (int q : streamA) {
            counts[q]++;
        }
        int[] sorted = IntStream.of(counts).sorted().toArray();
        assertTrue(sorted[299] > 20 * Math.max(1, sorted[150]),
                "the most popular query is far more frequent than the median one: " + sorted[299] + " vs " + sorted[150]);
        QueryPool once = a.eachOnce();
        assertArrayEquals(IntStream.range(0, 300).toArray(), IntStream.range(0, 300).map(once::at).toArray());
    }

    @Test
    void optionsAndNodeListsRefuseNonsense() {
        assertThrows(IllegalArgumentException.class, () -> CachedSearchLoad.Options.parse(new String[] {"--bogus", "1"}));
        assertThrows(IllegalArgumentException.class, () -> CachedSearchLoad.Options.parse(new String[] {"--limit", "0"}));
        assertThrows(IllegalArgumentException.class, () -> new OptionMap(new String[] {"--tracks"}));
        assertEquals(List.of(CacheNode.of("a", "127.0.0.1", 7001), CacheNode.of("b", "10.0.0.2", 7002)),
                StackUnderTest.parse("a@7001,b@10.0.0.2:7002", "127.0.0.1"));
        assertThrows(IllegalArgumentException.class, () -> StackUnderTest.parse("7001", "127.0.0.1"));
    }

    private static PrintStream print(ByteArrayOutputStream log) {
        return new PrintStream(log, true, StandardCharsets.UTF_8);
    }
}
