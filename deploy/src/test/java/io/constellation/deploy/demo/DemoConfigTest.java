package io.constellation.deploy.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo's port layout and the values its configuration refuses. */
class DemoConfigTest {

    private static final Path DIR = Path.of("data");

    @Test
    void defaultBaseGivesEveryServiceItsStandAloneDefaultPorts() {
        DemoPorts ports = DemoConfig.builder(DIR).build().ports();
        assertEquals(7000, ports.satellite(0));
        assertEquals(7001, ports.satellite(1));
        assertEquals(9100, ports.metricsOf(ports.satelliteAdmin(0)));
        assertEquals(7200, ports.gateway());
        assertEquals(9200, ports.metricsOf(ports.gateway()));
        assertEquals(7301, ports.index(0));
        assertEquals(9302, ports.metricsOf(ports.index(1)));
        assertEquals(7400, ports.cache(0));
        assertEquals(8080, ports.web());
    }

    @Test
    void baseZeroLetsTheSystemPickEveryPort() {
        DemoPorts ports = DemoConfig.builder(DIR).basePort(0).build().ports();
        assertEquals(0, ports.satellite(1));
        assertEquals(0, ports.cache(1));
        assertEquals(0, ports.metricsOf(ports.index(0)));
        assertEquals(0, ports.web());
    }

    @Test
    void outOfRangeValuesAreRefusedWithTheirName() {
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.builder(DIR).basePort(80).build());
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.builder(DIR).basePort(65000).build());
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.builder(DIR).satellites(-1).build());
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.builder(DIR).churnRate(-1).build());
        assertThrows(IllegalArgumentException.class, () -> DemoConfig.builder(DIR).zipf(5).build());
    }
}
