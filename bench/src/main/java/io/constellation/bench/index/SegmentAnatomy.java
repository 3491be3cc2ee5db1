package io.constellation.bench.index;

import io.constellation.index.Segment;
import org.roaringbitmap.ContainerPointer;
import org.roaringbitmap.RoaringBitmap;

/**
 * Diagnostic: what our segment's memory is made of. Builds the segment for the given corpus
 * size (same tracks as {@link IndexVsLucene}) and counts Roaring containers by kind, values
 * per container and words by document frequency, to explain the gap between
 * {@code Segment.sizeInBytes()}, the retained heap and Lucene's index size.
 *
 * <pre>
 * java -Xmx8g -cp bench/target/benchmarks.jar io.constellation.bench.index.SegmentAnatomy 5000000 42
 * </pre>
 */
public final class SegmentAnatomy {

    private SegmentAnatomy() {
    }

    /** Arguments: track count (default 1,000,000) and seed (default 42). */
    public static void main(String[] args) {
        long tracks = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 42;
        int threads = Runtime.getRuntime().availableProcessors();
        TokenizedCorpus corpus = TokenizedCorpus.generate(tracks, seed, threads, new long[0]);
        long postings = corpus.postingCount();
        long heapBefore = Heap.used();
        OurEngine ours = OurEngine.build(corpus, threads);
        long heap = Heap.used() - heapBefore;
        print(ours.segment(), postings, heap);
    }

    private static void print(Segment segment, long postings, long heap) {
        long[] containers = new long[3]; // array, bitmap, run
        long[] values = new long[3];
        long[] wordsByDf = new long[8]; // df < 10, < 100, ... < 10^7
        long serialized = 0;
        for (int i = 0; i < segment.wordCount(); i++) {
            RoaringBitmap bitmap = segment.postings(i);
            serialized += bitmap.serializedSizeInBytes();
            wordsByDf[Math.min(7, (int) Math.log10(Math.max(1, bitmap.getCardinality())))]++;
            ContainerPointer cp = bitmap.getContainerPointer();
            while (cp.getContainer() != null) {
                int kind = cp.isBitmapContainer() ? 1 : cp.isRunContainer() ? 2 : 0;
                containers[kind]++;
                values[kind] += cp.getCardinality();
                cp.advance();
            }
        }
        long total = containers[0] + containers[1] + containers[2];
        System.out.printf("documents %,d, words %,d, postings %,d%n", segment.documentCount(), segment.wordCount(),
                postings);
        System.out.printf("sizeInBytes %,d; bitmaps serialized %,d (%.2f B/posting); heap retained ~%,d (%.2f B/posting)%n",
                segment.sizeInBytes(), serialized, (double) serialized / postings, heap, (double) heap / postings);
        String[] names = {"array", "bitmap", "run"};
        for (int k = 0; k < 3; k++) {
            System.out.printf("%-6s containers %,d (%.1f%%), values %,d (%.1f per container)%n", names[k],
                    containers[k], 100.0 * containers[k] / total, values[k],
                    containers[k] == 0 ? 0 : (double) values[k] / containers[k]);
        }
        System.out.printf("containers %,d in all: %.2f per word, %.1f postings per container%n", total,
                (double) total / segment.wordCount(), (double) postings / total);
        for (int d = 0; d < wordsByDf.length; d++) {
            System.out.printf("words with 10^%d <= df < 10^%d: %,d%n", d, d + 1, wordsByDf[d]);
        }
    }
}
