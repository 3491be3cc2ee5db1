package io.constellation.bench.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.LogByteSizeMergePolicy;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.MMapDirectory;

/**
 * Lucene 9 configured as close to our index as it goes: one field, docs-only postings
 * ({@link IndexOptions#DOCS}: no frequencies, positions or norms), nothing stored, no doc
 * values, tokens exactly the corpus' normalised words (fed pre-tokenised), an
 * {@link MMapDirectory} on disk, force-merged to one segment. A query is a
 * {@link BooleanQuery} of {@code FILTER} {@link TermQuery} clauses collecting every match
 * with {@link ScoreMode#COMPLETE_NO_SCORES}; the query cache is off because ours has none
 * and the benchmark repeats queries.
 *
 * <p>Build: the corpus is cut into {@code threads} contiguous slices, each indexed by its
 * own {@link IndexWriter} on one thread (so a writer's doc ids follow insertion order;
 * one writer fed from several threads would interleave them), then
 * {@link IndexWriter#addIndexes(CodecReader...)} merges the slices, in order, into a single
 * segment. Hence Lucene doc id {@code d} is corpus entry {@code d}, and an {@code int[]}
 * maps it to the track id without doc values.
 */
public final class LuceneEngine implements SearchEngine {

    static final String FIELD = "w";
    private static final FieldType WORDS_TYPE = wordsType();
    /** Per slice writer; large enough that flushes are few, small enough for two slices. */
    private static final double RAM_BUFFER_MB = 512;

    private final Path directoryPath;
    private final Directory directory;
    private final DirectoryReader reader;
    private final IndexSearcher searcher;
    private final int[] docToTrackId;
    private final IdCollector collector;

    private LuceneEngine(Path directoryPath, Directory directory, int[] docToTrackId) throws IOException {
        this.directoryPath = directoryPath;
        this.directory = directory;
        this.reader = DirectoryReader.open(directory);
        this.searcher = new IndexSearcher(reader);
        searcher.setQueryCache(null);
        this.docToTrackId = docToTrackId;
        this.collector = new IdCollector(docToTrackId);
        if (reader.maxDoc() != docToTrackId.length) {
            throw new IllegalStateException("Lucene holds " + reader.maxDoc() + " docs, corpus " + docToTrackId.length);
        }
    }

    private static FieldType wordsType() {
        FieldType type = new FieldType();
        type.setIndexOptions(IndexOptions.DOCS);
        type.setOmitNorms(true);
        type.setTokenized(true);
        type.setStored(false);
        type.freeze();
        return type;
    }

    /**
     * Indexes the pre-tokenised corpus into a new directory under {@code parent} with
     * {@code threads} writer threads, merged into one segment; all of it is the timed build.
     */
    public static LuceneEngine build(TokenizedCorpus corpus, Path parent, int threads) {
        try {
            Path root = Files.createTempDirectory(parent, "lucene-");
            int[] docToTrackId = docToTrackIds(corpus.ids());
            int slices = Math.max(1, Math.min(threads, corpus.size()));
            Path[] slicePaths = new Path[slices];
            indexSlices(corpus, root, slicePaths);
            Path merged = root.resolve("index");
            Directory directory = new MMapDirectory(merged);
            mergeSlices(directory, slicePaths);
            for (Path p : slicePaths) {
                deleteRecursively(p);
            }
            return new LuceneEngine(root, directory, docToTrackId);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] docToTrackIds(long[] ids) {
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    private static void indexSlices(TokenizedCorpus corpus, Path root, Path[] slicePaths) throws IOException {
        int slices = slicePaths.length;
        int n = corpus.size();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int s = 0; s < slices; s++) {
            int from = (int) ((long) n * s / slices);
            int to = (int) ((long) n * (s + 1) / slices);
            slicePaths[s] = root.resolve("slice-" + s);
            Path path = slicePaths[s];
            Thread t = new Thread(() -> {
                try {
                    indexSlice(corpus.words(), from, to, path);
                } catch (IOException | RuntimeException e) {
                    failures.add(e);
                }
            }, "lucene-slice-" + s);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            joinUninterruptibly(t);
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("Lucene slice indexing failed", failures.get(0));
        }
    }

    private static void indexSlice(String[][] words, int from, int to, Path path) throws IOException {
        try (Directory dir = new MMapDirectory(path); IndexWriter writer = new IndexWriter(dir, writerConfig())) {
            // One document and field reused for every track: what Lucene recommends for speed.
            WordsTokenStream tokens = new WordsTokenStream();
            Field field = new Field(FIELD, tokens, WORDS_TYPE);
            Document doc = new Document();
            doc.add(field);
            for (int i = from; i < to; i++) {
                tokens.setWords(words[i]);
                field.setTokenStream(tokens);
                writer.addDocument(doc);
            }
            writer.commit();
        }
    }

    private static IndexWriterConfig writerConfig() {
        IndexWriterConfig config = new IndexWriterConfig();
        config.setOpenMode(IndexWriterConfig.OpenMode.CREATE);
        config.setRAMBufferSizeMB(RAM_BUFFER_MB);
        // Log merges only merge adjacent segments, so doc ids keep insertion order.
        config.setMergePolicy(new LogByteSizeMergePolicy());
        config.setUseCompoundFile(false);
        return config;
    }

    private static void mergeSlices(Directory target, Path[] slicePaths) throws IOException {
        List<DirectoryReader> readers = new ArrayList<>();
        try {
            List<CodecReader> leaves = new ArrayList<>();
            for (Path p : slicePaths) {
                DirectoryReader r = DirectoryReader.open(new MMapDirectory(p));
                readers.add(r);
                for (LeafReaderContext leaf : r.leaves()) {
                    leaves.add((CodecReader) leaf.reader());
                }
            }
            try (IndexWriter writer = new IndexWriter(target, writerConfig())) {
                // addIndexes(CodecReader...) merges all given readers, in order, into one segment.
                writer.addIndexes(leaves.toArray(new CodecReader[0]));
                writer.forceMerge(1);
                writer.commit();
            }
        } finally {
            for (DirectoryReader r : readers) {
                Directory d = r.directory();
                r.close();
                d.close();
            }
        }
    }

    /** Number of segments of the searched index (1 after the build's merge). */
    public int segmentCount() {
        return reader.leaves().size();
    }

    @Override
    public String name() {
        return "lucene";
    }

    // search(Query, Collector) is deprecated in 9.x in favour of CollectorManager, which exists
    // to fan out over slices on an executor; this searcher has none, and one reused collector
    // keeps per-query allocation comparable to ours.
    @SuppressWarnings("deprecation")
    @Override
    public int search(String[] words, long[] out) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        for (String word : words) {
            builder.add(new TermQuery(new Term(FIELD, word)), BooleanClause.Occur.FILTER);
        }
        collector.reset(out);
        try {
            searcher.search(builder.build(), collector);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return collector.count;
    }

    @Override
    public long indexBytes() {
        try {
            long total = 0;
            for (String file : directory.listAll()) {
                total += directory.fileLength(file);
            }
            return total;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
            directory.close();
            deleteRecursively(directoryPath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Collects every hit as a track id into the caller's array: the Lucene counterpart of
     * our query filling a {@code long[]}. Reused across queries by the one querying thread.
     */
    private static final class IdCollector extends SimpleCollector {
        private final int[] docToTrackId;
        private long[] out;
        private int docBase;
        private int count;

        IdCollector(int[] docToTrackId) {
            this.docToTrackId = docToTrackId;
        }

        void reset(long[] target) {
            out = target;
            count = 0;
        }

        @Override
        protected void doSetNextReader(LeafReaderContext context) {
            docBase = context.docBase;
        }

        @Override
        public void collect(int doc) {
            out[count++] = docToTrackId[docBase + doc];
        }

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }
    }
}
