package io.constellation.deploy.files;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Prometheus files pass promtool: both scrape configurations, the rules, and the rules' own tests. */
class PrometheusFilesIT {

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
}
