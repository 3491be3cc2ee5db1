package io.constellation.bench.gateway;

import java.time.Duration;

/** Helpers for the benchmarks' {@code --name value} command lines. Stateless. */
public final class Args {

    private Args() {
    }

    /** The value after option {@code i}; fails clearly when it is missing. */
    public static String value(String[] args, int i) {
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException("missing value for " + args[i]);
        }
        return args[i + 1];
    }

    /** A count that may be written 1_000_000 or 1,000,000. */
    public static int count(String v) {
        return Integer.parseInt(v.replace("_", "").replace(",", ""));
    }

    /** A duration written 30s, 500ms, 2m or a plain number of seconds. */
    public static Duration duration(String v) {
        String s = v.trim().toLowerCase(java.util.Locale.ROOT);
        if (s.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        }
        if (s.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
        }
        if (s.endsWith("m")) {
            return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        }
        return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
    }
}
