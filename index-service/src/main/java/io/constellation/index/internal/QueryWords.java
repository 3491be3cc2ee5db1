package io.constellation.index.internal;

import io.constellation.common.text.Normalizer;
import io.constellation.index.IndexServerConfig;
import io.grpc.Status;
import java.util.List;

/**
 * Checks the words of a query against the limits of the API and turns them into the
 * index's words (the catalog's normaliser, duplicates dropped, sorted).
 */
public final class QueryWords {

    private QueryWords() {
    }

    /**
     * The normalised, distinct, sorted words of {@code words}.
     *
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT with a message the caller can act on
     */
    public static String[] normalise(List<String> words) {
        if (words.isEmpty()) {
            throw invalid("a query needs at least one word");
        }
        if (words.size() > IndexServerConfig.MAX_QUERY_WORDS) {
            throw invalid("a query may have at most " + IndexServerConfig.MAX_QUERY_WORDS
                    + " words, got " + words.size());
        }
        for (int i = 0; i < words.size(); i++) {
            int bytes = Normalizer.utf8Length(words.get(i));
            if (bytes > Normalizer.MAX_WORD_BYTES) {
                throw invalid("word " + (i + 1) + " is " + bytes + " bytes of UTF-8; the limit is "
                        + Normalizer.MAX_WORD_BYTES);
            }
        }
        String[] normalised = Normalizer.distinctSortedWords(String.join(" ", words));
        if (normalised.length == 0) {
            throw invalid("the query has no letters or digits to search for");
        }
        if (normalised.length > IndexServerConfig.MAX_QUERY_WORDS) {
            throw invalid("the query splits into " + normalised.length + " words; the limit is "
                    + IndexServerConfig.MAX_QUERY_WORDS);
        }
        return normalised;
    }

    private static io.grpc.StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }
}
