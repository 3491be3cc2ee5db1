package io.constellation.index;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Random documents over a Zipfian vocabulary, and a brute-force model to check the index
 * against. The common words are dense enough for Roaring bitmap containers, and one word
 * ("block") covers a contiguous range of ordinals so run containers appear too.
 */
final class Corpus {

    private final Random random;
    private final String[] vocabulary;
    private final double[] cumulative;

    Corpus(long seed, int vocabularySize) {
        random = new Random(seed);
        vocabulary = new String[vocabularySize];
        cumulative = new double[vocabularySize];
        double sum = 0;
        for (int rank = 0; rank < vocabularySize; rank++) {
            vocabulary[rank] = "w" + rank;
            sum += 1.0 / (rank + 1);
            cumulative[rank] = sum;
        }
        for (int rank = 0; rank < vocabularySize; rank++) {
            cumulative[rank] /= sum;
        }
    }

    Random random() {
        return random;
    }

    String zipfWord() {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        return vocabulary[Math.min(i < 0 ? -i - 1 : i, vocabulary.length - 1)];
    }

    /** 0..12 distinct words, sorted; ords in [2000, 6000) also hold "block". */
    String[] words(int ord) {
        TreeSet<String> words = new TreeSet<>();
        int count = random.nextInt(13);
        for (int i = 0; i < count; i++) {
            words.add(zipfWord());
        }
        if (ord >= 2000 && ord < 6000) {
            words.add("block");
        }
        return words.toArray(new String[0]);
    }

    /** {@code count} documents with distinct ordinals below {@code maxOrd}, ascending. */
    List<Doc> documents(int count, int maxOrd) {
        TreeSet<Integer> ords = new TreeSet<>();
        while (ords.size() < count) {
            ords.add(random.nextInt(maxOrd));
        }
        List<Doc> docs = new ArrayList<>(count);
        for (int ord : ords) {
            docs.add(new Doc(ord, words(ord)));
        }
        return docs;
    }

    /** 1..4 distinct words, mostly Zipfian, sometimes unknown or the run word. */
    String[] query() {
        TreeSet<String> words = new TreeSet<>();
        int count = 1 + random.nextInt(4);
        while (words.size() < count) {
            int kind = random.nextInt(20);
            words.add(kind == 0 ? "nosuchword" : kind == 1 ? "block" : zipfWord());
        }
        return words.toArray(new String[0]);
    }

    /** The live documents, by ordinal; answers queries by scanning all of them. */
    static final class Model {
        final TreeMap<Integer, List<String>> docs = new TreeMap<>();

        Model(List<Doc> initial) {
            initial.forEach(this::upsert);
        }

        void upsert(Doc doc) {
            docs.put(doc.ord(), Arrays.asList(doc.words()));
        }

        void delete(int ord) {
            docs.remove(ord);
        }

        List<Integer> query(String[] words) {
            List<Integer> out = new ArrayList<>();
            if (words.length == 0) {
                return out;
            }
            for (Map.Entry<Integer, List<String>> e : docs.entrySet()) {
                if (e.getValue().containsAll(Arrays.asList(words))) {
                    out.add(e.getKey());
                }
            }
            return out;
        }
    }

    static List<Integer> ords(Segment segment, String[] words) {
        List<Integer> out = new ArrayList<>();
        int total = segment.query(words, Integer.MAX_VALUE, (ords, n) -> { for (int i = 0; i < n; i++) { out.add(ords[i]); } });
        if (total != out.size()) {
            throw new AssertionError("total " + total + " but " + out.size() + " ords");
        }
        return out;
    }

    static List<Integer> ords(Snapshot snapshot, String[] words) {
        List<Integer> out = new ArrayList<>();
        int total = snapshot.searchOrds(words, Integer.MAX_VALUE, (ords, n) -> { for (int i = 0; i < n; i++) { out.add(ords[i]); } });
        if (total != out.size() || total != snapshot.count(words)) {
            throw new AssertionError("total " + total + " but " + out.size() + " ords");
        }
        return out;
    }
}
