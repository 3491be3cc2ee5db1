package io.constellation.web;

import io.constellation.cache.client.CacheNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the cache nodes a front end searches from their command-line form: {@code host:port}
 * or {@code id=host:port} each. Without an id a node is named {@code cache-<port>}, the id
 * {@code constellation cache} gives itself by default, so the two agree on the ring.
 */
public final class CacheNodeList {

    private CacheNodeList() {
    }

    /**
     * The nodes, in order.
     *
     * @throws IllegalArgumentException naming the entry that is not {@code [id=]host:port}
     */
    public static List<CacheNode> parse(List<String> entries) {
        List<CacheNode> nodes = new ArrayList<>();
        for (String raw : entries) {
            String entry = raw.trim();
            if (!entry.isEmpty()) {
                nodes.add(node(entry));
            }
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("name at least one cache node as host:port or id=host:port");
        }
        return nodes;
    }

    private static CacheNode node(String entry) {
        int eq = entry.indexOf('=');
        String address = eq < 0 ? entry : entry.substring(eq + 1);
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new IllegalArgumentException("cache node '" + entry + "' is not host:port or id=host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("cache node '" + entry + "' has no numeric port");
        }
        String id = eq < 0 ? "cache-" + port : entry.substring(0, eq);
        return CacheNode.of(id, host, port);
    }
}
