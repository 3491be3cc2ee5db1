package io.constellation.bench.cache;

import io.constellation.bench.gateway.Args;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@code --name value} command line read option by option: each getter takes its option
 * out (with a default when absent) and {@link #done()} fails on whatever is left, so a
 * misspelt option never passes silently. Single-threaded, used once by a main.
 */
final class OptionMap {

    private final Map<String, String> values = new LinkedHashMap<>();

    OptionMap(String[] args) {
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected an option, got " + args[i]);
            }
            values.put(args[i].substring(2), Args.value(args, i));
        }
    }

    String string(String name, String otherwise) {
        String v = values.remove(name);
        return v == null ? otherwise : v;
    }

    int count(String name, int otherwise) {
        String v = values.remove(name);
        return v == null ? otherwise : Args.count(v);
    }

    long number(String name, long otherwise) {
        String v = values.remove(name);
        return v == null ? otherwise : Long.parseLong(v.replace("_", "").replace(",", ""));
    }

    double real(String name, double otherwise) {
        String v = values.remove(name);
        return v == null ? otherwise : Double.parseDouble(v);
    }

    Duration duration(String name, Duration otherwise) {
        String v = values.remove(name);
        return v == null ? otherwise : Args.duration(v);
    }

    /** Fails naming every option no getter took. */
    void done() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): --" + String.join(", --", values.keySet()));
        }
    }
}
