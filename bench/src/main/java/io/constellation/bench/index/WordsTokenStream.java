package io.constellation.bench.index;

import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * A token stream over words already produced by our normaliser, so Lucene indexes exactly
 * the terms our index holds (no analyser of its own could reproduce the normaliser's
 * rules). Reused for every document of one writer thread.
 */
final class WordsTokenStream extends TokenStream {

    private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
    private String[] words = new String[0];
    private int next;

    /** Points the stream at the next document's words. */
    void setWords(String[] documentWords) {
        this.words = documentWords;
        this.next = 0;
    }

    @Override
    public boolean incrementToken() {
        if (next >= words.length) {
            return false;
        }
        clearAttributes();
        term.setEmpty().append(words[next++]);
        return true;
    }

    @Override
    public void reset() throws java.io.IOException {
        super.reset();
        next = 0;
    }
}
