package io.constellation.deploy.files;

import static io.constellation.deploy.files.DeployDir.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/compose/docker-compose.yml as {@code docker-compose config} renders it (offline, no
 * Docker engine): every Constellation service runs a launcher subcommand that parses, its
 * published ports and the addresses it is given are ports the launcher listens on, and
 * Prometheus scrapes each on its metrics port.
 */
class ComposeFileIT {

    private static Map<String, Map<String, Object>> services;
    private static Map<String, LauncherArgs> launched;
    private static Set<String> pending;

    @BeforeAll
    static void render() throws Exception {
        Path deploy = DeployDir.root();
        String yaml = ExternalTool.check(deploy, null,
                List.of("docker-compose", "-f", "compose/docker-compose.yml", "config"));
        Map<String, Map<String, Object>> rendered = at(DeployDir.documents(yaml).get(0), "services");
        services = new TreeMap<>(rendered);
        launched = new TreeMap<>();
        pending = new HashSet<>();
        for (Map.Entry<String, Map<String, Object>> e : services.entrySet()) {
            if (String.valueOf(e.getValue().get("image")).startsWith("constellation")) {
                LauncherArgs args = LauncherArgs.parse("compose service " + e.getKey(),
                        at(e.getValue(), "command"), KubernetesManifestsIT.PENDING);
                if (args != null) {
                    launched.put(e.getKey(), args);
                } else {
                    pending.add(e.getKey());
                    System.err.println("compose service " + e.getKey() + ": subcommand pending, not checked");
                }
            }
        }
    }

    @Test
    void theFileRunsMariaDbEveryTierPrometheusAndGrafana() {
        assertTrue(services.keySet().containsAll(List.of("mariadb", "prometheus", "grafana", "web")),
                services.keySet().toString());
        Set<String> subcommands = new HashSet<>();
        launched.values().forEach(a -> subcommands.add(a.subcommand()));
        assertTrue(subcommands.containsAll(List.of("import", "index", "gateway", "satellite-server", "cache")),
                subcommands.toString());
    }

    @Test
    void publishedPortsArePortsTheServiceListensOn() {
        int checked = 0;
        for (Map.Entry<String, LauncherArgs> e : launched.entrySet()) {
            List<Map<String, Object>> ports = at(services.get(e.getKey()), "ports");
            for (Map<String, Object> p : ports == null ? List.<Map<String, Object>>of() : ports) {
                assertTrue(e.getValue().ports().containsValue((Integer) p.get("target")),
                        e.getKey() + " publishes " + p + " but listens on " + e.getValue().ports());
                checked++;
            }
        }
        assertTrue(checked > 0, "the satellite port is published");
    }

    @Test
    void addressesInArgumentsAreServicesOnTheirPortsAndNodeIds() {
        int checked = 0;
        for (Map.Entry<String, LauncherArgs> e : launched.entrySet()) {
            for (Map.Entry<String, String> option : LauncherArgs.ADDRESS_OPTIONS.entrySet()) {
                for (LauncherArgs.Address address : e.getValue().addresses(option.getKey())) {
                    String where = e.getKey() + " " + option.getKey() + " " + address;
                    LauncherArgs target = launched.get(address.host());
                    assertNotNull(target, where + ": no such service");
                    assertEquals(target.port(option.getValue()), address.port(), where);
                    if (address.id() != null) {
                        assertEquals(target.string("--node-id"), address.id(), where + ": the node's --node-id");
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 0);
    }

    @Test
    void prometheusScrapesEveryServiceOnItsMetricsPort() throws Exception {
        Map<String, Object> config = DeployDir.document(DeployDir.root().resolve("prometheus/prometheus.yml"));
        Set<String> scraped = new HashSet<>();
        for (Map<String, Object> job : DeployDir.<List<Map<String, Object>>>at(config, "scrape_configs")) {
            for (Map<String, Object> sc : DeployDir.<List<Map<String, Object>>>at(job, "static_configs")) {
                for (String target : DeployDir.<List<String>>at(sc, "targets")) {
                    String host = target.substring(0, target.lastIndexOf(':'));
                    int port = Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
                    if (host.equals("localhost") || pending.contains(host)) {
                        continue;
                    }
                    LauncherArgs args = launched.get(host);
                    assertNotNull(args, job.get("job_name") + " scrapes " + target + ": no such service");
                    assertEquals(args.port("--metrics-port"), port, job.get("job_name") + " " + target);
                    scraped.add(host);
                }
            }
        }
        for (Map.Entry<String, LauncherArgs> e : launched.entrySet()) {
            if (e.getValue().port("--metrics-port") != null) {
                assertTrue(scraped.contains(e.getKey()), e.getKey() + " is not scraped");
            }
        }
    }

    @Test
    void satelliteServersAreGivenTimeToDrain() {
        for (Map.Entry<String, LauncherArgs> e : launched.entrySet()) {
            if (e.getValue().subcommand().equals("satellite-server")) {
                String grace = String.valueOf(services.get(e.getKey()).get("stop_grace_period"));
                assertTrue(grace.matches("\\d+s"), grace);
                long needed = e.getValue().duration("--drain-spread").toSeconds()
                        + KubernetesManifestsIT.DRAIN_MARGIN_SECONDS;
                assertTrue(Duration.ofSeconds(Long.parseLong(grace.replace("s", ""))).toSeconds() >= needed,
                        e.getKey() + " stop_grace_period " + grace + " < " + needed + " s");
            }
        }
    }

    @Test
    void grafanaReadsTheProvisionedPrometheusAndTheDashboardUsesIt() throws Exception {
        Path grafana = DeployDir.root().resolve("grafana");
        Map<String, Object> ds = DeployDir.<List<Map<String, Object>>>at(
                DeployDir.document(grafana.resolve("provisioning/datasources/prometheus.yml")), "datasources").get(0);
        assertEquals("http://prometheus:9090", ds.get("url"));
        assertTrue(services.containsKey("prometheus"));
        Map<String, Object> dashboard = DeployDir.document(grafana.resolve("dashboards/constellation.json"));
        List<Map<String, Object>> panels = at(dashboard, "panels");
        int queries = 0;
        for (Map<String, Object> panel : panels) {
            if ("row".equals(panel.get("type"))) {
                continue;
            }
            assertEquals(ds.get("uid"), at(panel, "datasource", "uid"), String.valueOf(panel.get("title")));
            List<Map<String, Object>> targets = at(panel, "targets");
            for (Map<String, Object> t : targets) {
                assertEquals(ds.get("uid"), at(t, "datasource", "uid"));
                queries++;
            }
        }
        assertTrue(queries > 10, "the operator's panels carry queries");
    }
}
