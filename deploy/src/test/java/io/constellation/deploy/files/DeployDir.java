package io.constellation.deploy.files;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** Where the deployment files are (Maven runs tests in the deploy module's directory), and YAML reading. */
final class DeployDir {

    private DeployDir() {
    }

    /** The deploy module's directory, holding docker/, compose/, k8s/, prometheus/, grafana/. */
    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("k8s")) && Files.isDirectory(dir.resolve("deploy/k8s"))) {
            dir = dir.resolve("deploy");
        }
        assertTrue(Files.isDirectory(dir.resolve("k8s")), "no deploy/k8s under " + dir);
        return dir;
    }

    /** Every YAML document of {@code text} that is a mapping, in order. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(String text) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(text)) {
            if (doc instanceof Map<?, ?> m) {
                docs.add((Map<String, Object>) m);
            }
        }
        return docs;
    }

    /** The single YAML document of a file. */
    static Map<String, Object> document(Path file) throws IOException {
        List<Map<String, Object>> docs = documents(Files.readString(file));
        assertTrue(docs.size() == 1, file + " holds " + docs.size() + " documents");
        return docs.get(0);
    }

    /** {@code map.get(k1).get(k2)...}, or null where a step is missing. */
    @SuppressWarnings("unchecked")
    static <T> T at(Object node, String... path) {
        Object cur = node;
        for (String key : path) {
            if (!(cur instanceof Map<?, ?> m)) {
                return null;
            }
            cur = m.get(key);
        }
        return (T) cur;
    }
}
