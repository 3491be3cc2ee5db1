package io.constellation.common.text;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Turns catalog text and search queries into words, the same way for both, so that a
 * word a user types finds the word the catalog holds.
 *
 * <p>Steps: Unicode NFKC (full-width and ligature forms become plain letters), accents
 * stripped (NFD, combining marks dropped, plus the Latin letters that do not decompose
 * such as ø, ł, æ, ß), case folded, then split on anything that is not a letter or a
 * digit. A few in-word symbols that people use as letters are kept inside the word:
 * apostrophes join ("Don't" is "dont"), {@code $} and {@code !} between letters read as
 * "s" and "i" ("Ke$ha" is "kesha", "P!nk" is "pink"), and single letters joined by dots
 * are one acronym ("R.E.M." is "rem"). Han, Hiragana and Katakana are written without
 * spaces, so each of their characters is a word of its own (AND of the characters of a
 * CJK query then finds the titles that contain them all).
 *
 * <p>Stateless and thread-safe: call it from any thread.
 */
public final class Normalizer {

    /** Longest word, in bytes of UTF-8, that a query may carry and the index stores. */
    public static final int MAX_WORD_BYTES = 64;

    private Normalizer() {
    }

    /**
     * The words of {@code text} in the order they appear, duplicates kept: the form the
     * catalog's unique key is made from.
     */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String folded = fold(text);
        StringBuilder word = new StringBuilder();
        boolean acronym = false;
        int n = folded.length();
        for (int i = 0; i < n; ) {
            int cp = folded.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (isIdeograph(cp)) {
                flush(word, out);
                acronym = false;
                out.add(new String(Character.toChars(cp)));
            } else if (Character.isLetterOrDigit(cp)) {
                word.appendCodePoint(cp);
            } else if (word.length() > 0 && isApostrophe(cp) && isLetterAt(folded, next)) {
                // joined: "don't" -> "dont", "guns n' roses" keeps "n"
            } else if (word.length() > 0 && cp == '$' && isLetterAt(folded, next)) {
                word.append('s');
            } else if (word.length() > 0 && cp == '!' && isLetterAt(folded, next)) {
                word.append('i');
            } else if (cp == '.' && continuesAcronym(word, acronym, folded, next)) {
                acronym = true;
            } else {
                flush(word, out);
                acronym = false;
            }
            i = next;
        }
        flush(word, out);
        return out;
    }

    /**
     * The distinct words of {@code text}, sorted: the form of a query ("A A B", "B A" and
     * "A B B" give the same array) and of the set of words a track is indexed under.
     */
    public static String[] distinctSortedWords(String text) {
        List<String> words = words(text);
        String[] arr = words.toArray(new String[0]);
        Arrays.sort(arr);
        int w = 0;
        for (int r = 0; r < arr.length; r++) {
            if (w == 0 || !arr[r].equals(arr[w - 1])) {
                arr[w++] = arr[r];
            }
        }
        return w == arr.length ? arr : Arrays.copyOf(arr, w);
    }

    /** The normalised query key: the distinct sorted words joined by single spaces. */
    public static String queryKey(String text) {
        return String.join(" ", distinctSortedWords(text));
    }

    /** Size of {@code word} in UTF-8 bytes (what {@link #MAX_WORD_BYTES} limits). */
    public static int utf8Length(String word) {
        return word.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String fold(String text) {
        String s = java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFKC);
        s = java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                continue;
            }
            String replacement = undecomposable(cp);
            if (replacement != null) {
                b.append(replacement);
            } else {
                b.appendCodePoint(cp);
            }
        }
        // Upper then lower folds what lower alone misses (ß -> SS -> ss, final sigma).
        return b.toString().toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    /** Latin letters that NFD leaves whole but people type without the stroke. */
    private static String undecomposable(int cp) {
        switch (cp) {
            case 'ø': case 'Ø': return "o";
            case 'ł': case 'Ł': return "l";
            case 'đ': case 'Đ': case 'ð': case 'Ð': return "d";
            case 'æ': case 'Æ': return "ae";
            case 'œ': case 'Œ': return "oe";
            case 'þ': case 'Þ': return "th";
            case 'ß': return "ss";
            case 'ı': return "i";
            default: return null;
        }
    }

    private static boolean isIdeograph(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return script == Character.UnicodeScript.HAN
                || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA;
    }

    private static boolean isApostrophe(int cp) {
        return cp == '\'' || cp == '\u2019' || cp == '\u2018' || cp == '\u02BC' || cp == '`';
    }

    private static boolean isLetterAt(String s, int i) {
        return i < s.length() && Character.isLetter(s.codePointAt(i)) && !isIdeograph(s.codePointAt(i));
    }

    /**
     * A dot continues an acronym when the word so far is single letters ("r", or "re" of
     * "r.e.m") and the dot is followed by one letter that ends there or at another dot.
     */
    private static boolean continuesAcronym(StringBuilder word, boolean acronym, String s, int next) {
        if (word.length() == 0 || !(acronym || word.length() == 1) || !isLetterAt(s, next)) {
            return false;
        }
        int after = next + Character.charCount(s.codePointAt(next));
        return after >= s.length() || !Character.isLetterOrDigit(s.codePointAt(after));
    }

    private static void flush(StringBuilder word, List<String> out) {
        if (word.length() > 0) {
            out.add(word.toString());
            word.setLength(0);
        }
    }
}
