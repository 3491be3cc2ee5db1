package io.constellation.bench.index;

import io.constellation.common.catalog.Track;
import io.constellation.common.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A deterministic mix of search queries of 1 to 4 words, drawn the way people search a
 * music catalog: the words come from randomly chosen tracks of the corpus (so popular words
 * come up as often as they occur), split between artist words, title words, mixes of the
 * two, common words ("the", "love", "remix", "live", ... and the corpus' most frequent
 * words) with or without a rarer word, and about 5% with a word the corpus does not hold.
 * Every query is the output of {@link Normalizer#distinctSortedWords}, the form both
 * engines are queried with.
 */
public final class QueryMix {

    /** Words people add to searches; used only if the corpus holds them. */
    private static final List<String> NAMED_COMMON =
            List.of("the", "love", "remix", "live", "a", "you", "me", "my", "i", "of", "in", "mix", "feat", "version");

    /** How many of the corpus' most frequent words join the common words. */
    private static final int TOP_WORDS = 24;

    /** The kind of a query, with its share of the mix in percent (the shares add up to 100). */
    public enum Kind {
        /** 1-2 words of the artist. */
        ARTIST(30),
        /** 1-3 words of the title. */
        TITLE(25),
        /** 1-2 artist words and 1-2 title words. */
        ARTIST_AND_TITLE(25),
        /** 1-2 common words, usually with 1-2 words of the track. */
        COMMON(15),
        /** A word the corpus does not hold, with 0-2 words of the track. */
        MISSING_WORD(5);

        private final int percent;

        Kind(int percent) {
            this.percent = percent;
        }
    }

    /**
     * The queries and their kinds.
     *
     * @param queries normalised, distinct, sorted words of each query
     * @param kinds   the kind of each query
     */
    public record Queries(String[][] queries, Kind[] kinds) {

        /** How many queries are of {@code kind}. */
        public int count(Kind kind) {
            int n = 0;
            for (Kind k : kinds) {
                n += k == kind ? 1 : 0;
            }
            return n;
        }
    }

    private QueryMix() {
    }

    /**
     * The ids of the tracks queries are drawn from (sorted, possibly repeated once dropped):
     * chosen before generation, so the corpus keeps only those tracks whole.
     */
    public static long[] sampleIds(long trackCount, int queries, long seed) {
        SplittableRandom random = new SplittableRandom(seed ^ 0x51A7E5L);
        // Twice as many as queries: a track without usable words is skipped.
        long[] ids = new long[queries * 2];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + random.nextLong(trackCount);
        }
        Arrays.sort(ids);
        return ids;
    }

    /**
     * Draws {@code count} queries from the sample tracks of {@code corpus}.
     *
     * @param sampleIds the ids given to {@link TokenizedCorpus#generate}, same seed
     */
    public static Queries generate(TokenizedCorpus corpus, long[] sampleIds, int count, long seed) {
        Map<String, Integer> frequencies = corpus.documentFrequencies();
        String[] common = commonWords(frequencies);
        SplittableRandom random = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
        // Draw tracks in a seeded shuffled order, not id order, so kinds do not follow ids.
        long[] order = sampleIds.clone();
        shuffle(order, random);
        String[][] queries = new String[count][];
        Kind[] kinds = new Kind[count];
        int q = 0;
        for (int t = 0; q < count; t++) {
            if (t > 100 * order.length) {
                // Only a corpus of tracks without words gets here; fail rather than spin.
                throw new IllegalStateException("could not draw " + count + " queries from the sample tracks");
            }
            Track track = corpus.sample(order[t % order.length]);
            Kind kind = pickKind(random);
            String[] query = draw(kind, track, common, frequencies, random);
            if (query.length > 0) {
                queries[q] = query;
                kinds[q++] = kind;
            }
        }
        return new Queries(queries, kinds);
    }

    private static String[] commonWords(Map<String, Integer> frequencies) {
        Set<String> words = new LinkedHashSet<>();
        for (String w : NAMED_COMMON) {
            if (frequencies.containsKey(w)) {
                words.add(w);
            }
        }
        frequencies.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP_WORDS)
                .forEach(e -> words.add(e.getKey()));
        return words.toArray(new String[0]);
    }

    private static Kind pickKind(SplittableRandom random) {
        int r = random.nextInt(100);
        for (Kind kind : Kind.values()) {
            r -= kind.percent;
            if (r < 0) {
                return kind;
            }
        }
        return Kind.ARTIST;
    }

    private static String[] draw(Kind kind, Track track, String[] common, Map<String, Integer> frequencies,
                                 SplittableRandom random) {
        String[] artist = Normalizer.distinctSortedWords(track.artist());
        String[] title = Normalizer.distinctSortedWords(track.title());
        String[] both = concat(artist, title);
        List<String> picked = new ArrayList<>();
        switch (kind) {
            case ARTIST -> pick(artist, 1 + random.nextInt(2), picked, random);
            case TITLE -> pick(title, 1 + random.nextInt(3), picked, random);
            case ARTIST_AND_TITLE -> {
                pick(artist, 1 + random.nextInt(2), picked, random);
                pick(title, 1 + random.nextInt(2), picked, random);
            }
            case COMMON -> {
                pick(common, 1 + random.nextInt(2), picked, random);
                // A third of common-word queries are common words alone: the huge results.
                if (random.nextInt(3) != 0) {
                    pick(both, 1 + random.nextInt(2), picked, random);
                }
            }
            case MISSING_WORD -> {
                picked.add(missingWord(frequencies, random));
                pick(both, random.nextInt(3), picked, random);
            }
        }
        String[] query = Normalizer.distinctSortedWords(String.join(" ", picked));
        return query.length > 4 ? new String[0] : query;
    }

    /** Adds up to {@code n} distinct random words of {@code from} (fewer if it is short). */
    private static void pick(String[] from, int n, List<String> into, SplittableRandom random) {
        String[] copy = from.clone();
        shuffle(copy, random);
        for (int i = 0; i < Math.min(n, copy.length); i++) {
            into.add(copy[i]);
        }
    }

    /** A lowercase word the corpus does not hold, so the query must match nothing. */
    private static String missingWord(Map<String, Integer> frequencies, SplittableRandom random) {
        while (true) {
            StringBuilder b = new StringBuilder("zq");
            int length = 5 + random.nextInt(4);
            for (int i = 0; i < length; i++) {
                b.append((char) ('a' + random.nextInt(26)));
            }
            String word = b.toString();
            if (!frequencies.containsKey(word)) {
                return word;
            }
        }
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static void shuffle(String[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            String t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static void shuffle(long[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
