package io.constellation.deploy.files;

import static io.constellation.deploy.files.DeployDir.at;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A Deployment, StatefulSet or Job of the rendered Kubernetes manifests, with its containers. */
record KubeWorkload(String kind, String name, Map<String, Object> doc, Map<String, String> podLabels, int replicas,
                    List<Container> containers) {

    /** One container: its arguments and its named ports. */
    record Container(String where, Map<String, Object> doc, List<String> args, Map<String, Integer> ports) {

        /** The container port a Service targetPort or a probe port (name or number) designates, or null. */
        Integer resolve(Object port) {
            if (port instanceof Integer n) {
                return ports.containsValue(n) ? n : null;
            }
            return port == null ? null : ports.get(port.toString());
        }
    }

    /** The workloads among the rendered documents. */
    @SuppressWarnings("unchecked")
    static List<KubeWorkload> in(List<Map<String, Object>> docs) {
        List<KubeWorkload> out = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            String kind = (String) doc.get("kind");
            if (!List.of("Deployment", "StatefulSet", "Job").contains(kind)) {
                continue;
            }
            String name = at(doc, "metadata", "name");
            Map<String, Object> pod = at(doc, "spec", "template");
            List<Container> containers = new ArrayList<>();
            for (Map<String, Object> c : (List<Map<String, Object>>) at(pod, "spec", "containers")) {
                Map<String, Integer> ports = new LinkedHashMap<>();
                for (Map<String, Object> p : (List<Map<String, Object>>) c.getOrDefault("ports", List.of())) {
                    ports.put(String.valueOf(p.get("name")), (Integer) p.get("containerPort"));
                }
                containers.add(new Container(kind + "/" + name + "/" + c.get("name"), c,
                        (List<String>) c.get("args"), ports));
            }
            Map<String, String> labels = at(pod, "metadata", "labels");
            Integer replicas = at(doc, "spec", "replicas");
            out.add(new KubeWorkload(kind, name, doc, labels == null ? Map.of() : labels,
                    replicas == null ? 1 : replicas, containers));
        }
        return out;
    }

    /** Whether a Service selector picks this workload's pods. */
    boolean selectedBy(Map<String, String> selector) {
        return selector != null && !selector.isEmpty() && podLabels.entrySet().containsAll(selector.entrySet());
    }
}
