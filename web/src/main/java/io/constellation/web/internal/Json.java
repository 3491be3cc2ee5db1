package io.constellation.web.internal;

/**
 * A small JSON writer for the web API's answers: objects, arrays, strings, numbers,
 * booleans and null, appended to one builder. Not thread-safe; one per response.
 *
 * <p>Strings are escaped for JSON and, beyond what JSON requires, {@code < > &}, U+2028 and
 * U+2029 too: a catalog title such as {@code </script>} then cannot end a script block or be
 * mistaken for markup by anything that sniffs the body, and the output is also valid
 * JavaScript. A lone surrogate is written as its {@code \}{@code uXXXX} escape so the body
 * stays valid UTF-8.
 */
public final class Json {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(256);
    /** Whether the next value in the open object or array needs a comma first. */
    private boolean needComma;

    public Json beginObject() {
        separate();
        out.append('{');
        needComma = false;
        return this;
    }

    public Json endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    public Json beginArray() {
        separate();
        out.append('[');
        needComma = false;
        return this;
    }

    public Json endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    /** A member name; the value follows. */
    public Json name(String name) {
        separate();
        quote(out, name);
        out.append(':');
        needComma = false;
        return this;
    }

    public Json value(String s) {
        separate();
        if (s == null) {
            out.append("null");
        } else {
            quote(out, s);
        }
        needComma = true;
        return this;
    }

    public Json value(long n) {
        separate();
        out.append(n);
        needComma = true;
        return this;
    }

    /** A number; NaN and the infinities, which JSON cannot hold, as null. */
    public Json value(double d) {
        separate();
        out.append(Double.isFinite(d) ? Double.toString(d) : "null");
        needComma = true;
        return this;
    }

    public Json value(boolean b) {
        separate();
        out.append(b);
        needComma = true;
        return this;
    }

    public Json nullValue() {
        separate();
        out.append("null");
        needComma = true;
        return this;
    }

    /** {@code name} and its string value. */
    public Json field(String name, String s) {
        return name(name).value(s);
    }

    public Json field(String name, long n) {
        return name(name).value(n);
    }

    public Json field(String name, double d) {
        return name(name).value(d);
    }

    public Json field(String name, boolean b) {
        return name(name).value(b);
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void separate() {
        if (needComma) {
            out.append(',');
        }
    }

    /** Appends {@code s} as a quoted, escaped JSON string. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        unicodeEscape(out, c);
                    } else if (Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (Character.isSurrogate(c)) {
                        unicodeEscape(out, c);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static void unicodeEscape(StringBuilder out, char c) {
        out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf]).append(HEX[c >> 4 & 0xf])
                .append(HEX[c & 0xf]);
    }
}
