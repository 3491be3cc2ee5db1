package io.constellation.cache.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test started, closed in reverse order (later resources may use earlier ones).
 * Closes everything even when one close fails, then rethrows the first failure. Used from
 * the test thread only.
 */
public final class Closer implements AutoCloseable {

    private final List<AutoCloseable> resources = new ArrayList<>();

    /** Closes {@code resource} before what was added earlier. */
    public <T extends AutoCloseable> T add(T resource) {
        resources.add(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        Exception first = null;
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        resources.clear();
        if (first != null) {
            throw first;
        }
    }
}
