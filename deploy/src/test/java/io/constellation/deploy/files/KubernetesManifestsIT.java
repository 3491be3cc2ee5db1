package io.constellation.deploy.files;

import static io.constellation.deploy.files.DeployDir.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/k8s rendered offline by {@code kubectl kustomize}: every container runs a launcher
 * subcommand that parses, on the ports the launcher then listens on; every Service and probe
 * reaches one of those ports; addresses in arguments name Services on their gRPC ports.
 */
class KubernetesManifestsIT {

    /** Subcommands another branch is adding: tolerated in the manifests until the launcher has them. */
    static final Set<String> PENDING = Set.of("web");

    /** Satellite-server shutdown beyond --drain-spread: drain grace (5 s), sweeps, event loops, feed. */
    static final long DRAIN_MARGIN_SECONDS = 15;

    private static List<Map<String, Object>> docs;
    private static List<KubeWorkload> workloads;
    private static Map<String, LauncherArgs> launched;

    @BeforeAll
    static void render() throws Exception {
        Path deploy = DeployDir.root();
        String yaml = ExternalTool.check(deploy, null, List.of("kubectl", "kustomize", "k8s"));
        docs = DeployDir.documents(yaml);
        workloads = KubeWorkload.in(docs);
        launched = new HashMap<>();
        for (KubeWorkload w : workloads) {
            for (KubeWorkload.Container c : w.containers()) {
                LauncherArgs args = LauncherArgs.parse(c.where(), c.args(), PENDING);
                if (args != null) {
                    launched.put(c.where(), args);
                } else {
                    System.err.println(c.where() + ": subcommand '" + c.args().get(0) + "' pending, not checked");
                }
            }
        }
    }

    @Test
    void theRenderHoldsEveryTierWithTheRightKind() {
        Map<String, String> kinds = workloads.stream()
                .collect(Collectors.toMap(KubeWorkload::name, KubeWorkload::kind));
        assertEquals("StatefulSet", kinds.get("index"));
        assertEquals("StatefulSet", kinds.get("cache"));
        assertEquals("Deployment", kinds.get("satellite-server"));
        assertEquals("Deployment", kinds.get("gateway-a"));
        assertEquals("Deployment", kinds.get("web"));
        for (String stateful : List.of("index", "cache")) {
            KubeWorkload w = workload(stateful);
            List<Map<String, Object>> claims = at(w.doc(), "spec", "volumeClaimTemplates");
            assertNotNull(claims, stateful + " keeps its files on a volume");
            String claim = at(claims.get(0), "metadata", "name");
            List<Map<String, Object>> mounts = at(w.containers().get(0).doc(), "volumeMounts");
            assertTrue(mounts.stream().anyMatch(m -> claim.equals(m.get("name")) && "/data".equals(m.get("mountPath"))),
                    stateful + " mounts its claim on /data, the image's CONSTELLATION_DATA_DIR");
        }
        Map<String, Object> satellites = service("satellite-server");
        assertEquals("LoadBalancer", at(satellites, "spec", "type"));
    }

    @Test
    void everyContainerRunsTheImageEntrypointWithALauncherSubcommand() {
        for (KubeWorkload w : workloads) {
            for (KubeWorkload.Container c : w.containers()) {
                assertNull(c.doc().get("command"), c.where() + ": the image's entrypoint is the launcher; use args");
                assertTrue(String.valueOf(c.doc().get("image")).startsWith("constellation"), c.where());
            }
        }
        assertFalse(launched.isEmpty());
    }

    @Test
    void containerPortsAreExactlyThePortsTheLauncherListensOn() {
        for (KubeWorkload w : workloads) {
            for (KubeWorkload.Container c : w.containers()) {
                LauncherArgs args = launched.get(c.where());
                if (args == null) {
                    continue;
                }
                assertEquals(new HashSet<>(args.ports().values()), new HashSet<>(c.ports().values()),
                        c.where() + ": container ports vs the launcher's " + args.ports());
            }
        }
    }

    @Test
    void everyServicePortReachesAContainerPortOfTheWorkloadItSelects() {
        for (Map<String, Object> svc : services()) {
            String name = at(svc, "metadata", "name");
            KubeWorkload target = selected(svc);
            KubeWorkload.Container c = target.containers().get(0);
            for (Map<String, Object> port : ports(svc)) {
                Object targetPort = port.getOrDefault("targetPort", port.get("port"));
                assertNotNull(c.resolve(targetPort), "Service " + name + " port " + port + " reaches no port of "
                        + c.where() + " " + c.ports());
            }
        }
    }

    @Test
    void probesAskHealthzOnTheMetricsPortAndGrpcHealthOnTheGrpcPort() {
        for (KubeWorkload w : workloads) {
            for (KubeWorkload.Container c : w.containers()) {
                LauncherArgs args = launched.get(c.where());
                if (args == null || args.port("--metrics-port") == null) {
                    continue;
                }
                List<String> healthz = args.grpcPort() != null ? List.of("startupProbe", "readinessProbe")
                        : List.of("readinessProbe");
                for (String probe : healthz) {
                    Map<String, Object> http = at(c.doc(), probe, "httpGet");
                    assertNotNull(http, c.where() + " " + probe + " is an HTTP probe");
                    assertEquals("/healthz", http.get("path"), c.where() + " " + probe);
                    assertEquals(args.port("--metrics-port"), c.resolve(http.get("port")), c.where() + " " + probe);
                }
                if (args.grpcPort() == null) {
                    assertNotNull(c.doc().get("livenessProbe"), c.where() + " has a liveness probe");
                    continue;
                }
                Map<String, Object> grpc = at(c.doc(), "livenessProbe", "grpc");
                assertNotNull(grpc, c.where() + " liveness is gRPC health");
                assertEquals(args.grpcPort(), c.resolve(grpc.get("port")), c.where() + " liveness port");
            }
        }
    }

    @Test
    void everyContainerRequestsCpuAndMemoryAndHasAMemoryLimit() {
        for (KubeWorkload w : workloads) {
            for (KubeWorkload.Container c : w.containers()) {
                assertNotNull(at(c.doc(), "resources", "requests", "cpu"), c.where());
                assertNotNull(at(c.doc(), "resources", "requests", "memory"), c.where());
                assertNotNull(at(c.doc(), "resources", "limits", "memory"), c.where());
            }
        }
    }

    @Test
    void satelliteServersHaveTimeToDrainBeforeTheyAreKilled() {
        KubeWorkload w = workload("satellite-server");
        LauncherArgs args = launched.get(w.containers().get(0).where());
        Integer grace = at(w.doc(), "spec", "template", "spec", "terminationGracePeriodSeconds");
        assertNotNull(grace);
        long needed = args.duration("--drain-spread").toSeconds() + DRAIN_MARGIN_SECONDS;
        assertTrue(grace >= needed, "terminationGracePeriodSeconds " + grace + " < drain " + needed);
    }

    @Test
    void indexShardCountIsTheStatefulSetsReplicas() {
        KubeWorkload index = workload("index");
        assertEquals(index.replicas(), launched.get(index.containers().get(0).where()).intValue("--shards"));
    }

    @Test
    void addressesInArgumentsNameServicesOnTheirPortsAndNodeIds() {
        int checked = 0;
        for (Map.Entry<String, LauncherArgs> e : launched.entrySet()) {
            for (Map.Entry<String, String> option : LauncherArgs.ADDRESS_OPTIONS.entrySet()) {
                for (LauncherArgs.Address address : e.getValue().addresses(option.getKey())) {
                    checkAddress(e.getKey() + " " + option.getKey() + " " + address, address, option.getValue());
                    checked++;
                }
            }
        }
        assertTrue(checked > 0);
    }

    @Test
    void prometheusScrapesEveryMetricsPortThroughTheServicesDns() throws Exception {
        Map<String, Object> config = DeployDir.document(DeployDir.root().resolve("prometheus/prometheus-k8s.yml"));
        Set<String> scraped = new HashSet<>();
        for (Map<String, Object> job : DeployDir.<List<Map<String, Object>>>at(config, "scrape_configs")) {
            for (Map<String, Object> sd : DeployDir.<List<Map<String, Object>>>at(job, "dns_sd_configs")) {
                int port = (Integer) sd.get("port");
                for (String name : DeployDir.<List<String>>at(sd, "names")) {
                    String svcName = name.substring(0, name.indexOf('.'));
                    assertTrue(name.endsWith(".constellation.svc.cluster.local"), name);
                    KubeWorkload w = selected(service(svcName));
                    LauncherArgs args = launched.get(w.containers().get(0).where());
                    if (args == null) {
                        continue; // a pending subcommand
                    }
                    assertEquals(args.port("--metrics-port"), port, job.get("job_name") + " " + name);
                    assertTrue(ports(service(svcName)).stream().anyMatch(p -> Integer.valueOf(port).equals(p.get("port"))),
                            name + " lists port " + port);
                    scraped.add(w.name());
                }
            }
        }
        for (KubeWorkload w : workloads) {
            LauncherArgs args = launched.get(w.containers().get(0).where());
            if (args != null && args.port("--metrics-port") != null) {
                assertTrue(scraped.contains(w.name()), w.name() + " is not scraped by prometheus-k8s.yml");
            }
        }
    }

    /**
     * The host is a Service, or pod.service of a StatefulSet; the port is a Service port
     * reaching the target's {@code portOption}; an id is the node id of the pod named.
     */
    private static void checkAddress(String where, LauncherArgs.Address address, String portOption) {
        String host = address.host();
        String pod = host.contains(".") ? host.substring(0, host.indexOf('.')) : null;
        String rest = host.contains(".") ? host.substring(host.indexOf('.') + 1) : host;
        String svcName = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        Map<String, Object> svc = service(svcName);
        KubeWorkload target = selected(svc);
        if (pod != null && !host.equals(svcName + ".constellation.svc.cluster.local")) {
            assertEquals("StatefulSet", target.kind(), where + ": " + host + " names a pod of a StatefulSet");
            assertTrue(pod.startsWith(target.name() + "-"), where + ": no pod " + pod);
            int ordinal = Integer.parseInt(pod.substring(target.name().length() + 1));
            assertTrue(ordinal < target.replicas(), where + ": no pod " + pod);
        }
        Map<String, Object> svcPort = ports(svc).stream().filter(p -> Integer.valueOf(address.port()).equals(p.get("port")))
                .findFirst().orElse(null);
        assertNotNull(svcPort, where + ": Service " + svcName + " has no port " + address.port());
        KubeWorkload.Container c = target.containers().get(0);
        LauncherArgs args = launched.get(c.where());
        if (args == null) {
            return;
        }
        assertEquals(args.port(portOption), c.resolve(svcPort.getOrDefault("targetPort", address.port())),
                where + ": reaches " + c.where() + "'s " + portOption);
        if (address.id() != null) {
            String nodeId = "$(POD_NAME)".equals(args.written("--node-id")) ? pod : args.string("--node-id");
            assertEquals(nodeId, address.id(), where + ": the node's --node-id");
        }
    }

    private static KubeWorkload workload(String name) {
        return workloads.stream().filter(w -> w.name().equals(name)).findFirst()
                .orElseGet(() -> fail("no workload " + name));
    }

    private static List<Map<String, Object>> services() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> doc : docs) {
            if ("Service".equals(doc.get("kind"))) {
                out.add(doc);
            }
        }
        return out;
    }

    private static Map<String, Object> service(String name) {
        return services().stream().filter(s -> name.equals(at(s, "metadata", "name"))).findFirst()
                .orElseGet(() -> fail("no Service " + name));
    }

    private static KubeWorkload selected(Map<String, Object> svc) {
        Map<String, String> selector = at(svc, "spec", "selector");
        List<KubeWorkload> picked = workloads.stream().filter(w -> w.selectedBy(selector)).toList();
        assertEquals(1, picked.size(), "Service " + at(svc, "metadata", "name") + " selects " + picked.size()
                + " workloads");
        return picked.get(0);
    }

    private static List<Map<String, Object>> ports(Map<String, Object> svc) {
        return at(svc, "spec", "ports");
    }
}
