package io.constellation.common.catalog.internal;

import java.util.Locale;

/**
 * Recognises UPDATE and DELETE statements that have no WHERE clause: the statements that
 * MySQL's safe-updates mode refuses, checked here for backends without that mode (H2).
 * It is a lexical check (comments and quoted text are skipped), not a parser: it cannot
 * tell whether the WHERE clause actually uses a key, which the MariaDB server still checks.
 * Stateless and thread-safe.
 */
public final class SqlGuard {

    private SqlGuard() {
    }

    /** True if {@code sql} is an UPDATE or DELETE with no WHERE keyword outside quotes and comments. */
    public static boolean isUnguardedWrite(String sql) {
        String words = wordsOnly(sql);
        String[] tokens = words.trim().split("\\s+");
        if (tokens.length == 0) {
            return false;
        }
        String first = tokens[0];
        if (!first.equals("update") && !first.equals("delete")) {
            return false;
        }
        for (String t : tokens) {
            if (t.equals("where")) {
                return false;
            }
        }
        return true;
    }

    /** Lower-cased statement with comments and quoted text replaced by spaces, punctuation by spaces. */
    private static String wordsOnly(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                i = skipQuoted(sql, i, c);
                out.append(' ');
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-' || c == '#') {
                i = skipToEol(sql, i);
                out.append(' ');
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 2;
                out.append(' ');
            } else {
                out.append(Character.isLetterOrDigit(c) || c == '_' ? c : ' ');
                i++;
            }
        }
        return out.toString().toLowerCase(Locale.ROOT);
    }

    private static int skipQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\\' && quote != '`') {
                i += 2;
            } else if (c == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                } else {
                    return i + 1;
                }
            } else {
                i++;
            }
        }
        return i;
    }

    private static int skipToEol(String sql, int i) {
        int end = sql.indexOf('\n', i);
        return end < 0 ? sql.length() : end + 1;
    }
}
