package io.constellation.index;

import io.constellation.index.internal.SegmentFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rough timings of build, query, merge and file round trip on generated data; a program,
 * not a test (run its main by hand). Args: document count (default 2,000,000), threads.
 */
public final class IndexCoreMeasurement {

    private IndexCoreMeasurement() {
    }

    /** Prints the timings. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        ShardLayout layout = new ShardLayout(0, 1);
        Corpus corpus = new Corpus(1, 300_000);
        List<Doc> docs = new ArrayList<>(count);
        for (int ord = 0; ord < count; ord++) {
            String[] words = corpus.words(ord + 10_000);
            docs.add(new Doc(ord, words.length == 0 ? new String[] {"w0"} : words));
        }
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            Segment seq = SegmentBuilder.build(layout, 1, docs);
            long t1 = System.nanoTime();
            Segment par = SegmentBuilder.build(layout, threads, docs);
            long t2 = System.nanoTime();
            System.out.printf("build %d docs: 1 thread %.2fs, %d threads %.2fs; words %d, size %.1f MB%n", count,
                    (t1 - t0) / 1e9, threads, (t2 - t1) / 1e9, par.wordCount(), par.sizeInBytes() / 1e6);
            seq = null;
        }
        Segment segment = SegmentBuilder.build(layout, threads, docs);
        String[][] queries = new String[10_000][];
        for (int i = 0; i < queries.length; i++) {
            queries[i] = corpus.query();
        }
        long[] out = new long[count];
        for (int round = 0; round < 5; round++) {
            long hits = 0;
            long t0 = System.nanoTime();
            for (String[] q : queries) {
                hits += segment.query(q, out.length, out);
            }
            long t1 = System.nanoTime();
            System.out.printf("10k queries collecting all ids: %.1f ms (%.0f q/s), %d hits%n", (t1 - t0) / 1e6,
                    queries.length / ((t1 - t0) / 1e9), hits);
        }
        Path file = Files.createTempFile("segment", ".cseg");
        long t0 = System.nanoTime();
        SegmentFile.Info info = SegmentFile.write(segment, file);
        long t1 = System.nanoTime();
        SegmentFile.read(file);
        long t2 = System.nanoTime();
        System.out.printf("write %.1f MB %.2fs, read+verify %.2fs%n", info.length() / 1e6, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9);
        Files.delete(file);
        IndexState state = new IndexState(segment, 0);
        List<Doc> upserts = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int ord = i % 2 == 0 ? corpus.random().nextInt(count) : count + i;
            upserts.add(new Doc(ord, corpus.words(ord)));
            if (upserts.size() == 1000) {
                state.apply(upserts, new int[] {corpus.random().nextInt(count)});
                upserts = new ArrayList<>();
            }
        }
        long t3 = System.nanoTime();
        state.merge();
        long t4 = System.nanoTime();
        System.out.printf("merge of 20k changes: %.2fs%n", (t4 - t3) / 1e9);
    }
}
