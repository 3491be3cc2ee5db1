package io.constellation.deploy.files;

import static io.constellation.deploy.files.DeployDir.at;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus files pass promtool: both scrape configurations, the rules, the rules' own
 * tests, and the Grafana dashboard's queries (as recording rules, so promtool parses them).
 */
class PrometheusFilesIT {

    @TempDir
    Path tmp;

    private final Path prometheus = DeployDir.root().resolve("prometheus");

    @Test
    void composeAndKubernetesScrapeConfigurationsAreValid() throws Exception {
        // check config also loads every rule file the configuration names.
        ExternalTool.check(prometheus, null, List.of("promtool", "check", "config", "prometheus.yml"));
        ExternalTool.check(prometheus, null, List.of("promtool", "check", "config", "prometheus-k8s.yml"));
    }

    @Test
    void alertRulesAreValid() throws Exception {
        ExternalTool.check(prometheus, null, List.of("promtool", "check", "rules", "rules/constellation.yml"));
    }

    @Test
    void eachAlertFiresOnTheFailureItIsNamedAfter() throws Exception {
        ExternalTool.check(prometheus, null, List.of("promtool", "test", "rules", "tests/constellation_test.yml"));
    }

    @Test
    void everyDashboardQueryIsValidPromQl() throws Exception {
        Map<String, Object> dashboard = DeployDir.document(DeployDir.root().resolve("grafana/dashboards/constellation.json"));
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int n = 0;
        for (Map<String, Object> panel : DeployDir.<List<Map<String, Object>>>at(dashboard, "panels")) {
            List<Map<String, Object>> targets = at(panel, "targets");
            for (Map<String, Object> t : targets == null ? List.<Map<String, Object>>of() : targets) {
                // A YAML double-quoted scalar: only backslashes and quotes need escaping in PromQL.
                String expr = "\"" + t.get("expr").toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
                rules.append("      - record: dashboard_query_").append(n++).append("\n        expr: ").append(expr)
                        .append('\n');
            }
        }
        assertTrue(n > 10, "the dashboard has its queries");
        Path file = Files.writeString(tmp.resolve("dashboard-queries.yml"), rules);
        ExternalTool.check(tmp, null, List.of("promtool", "check", "rules", file.toString()));
    }
}
