package io.constellation.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        GatewayConfig c = GatewayConfig.builder().build();
        assertEquals("127.0.0.1", c.host());
        assertEquals(0, c.grpcPort());
        assertEquals(0, c.metricsPort());
        assertEquals(Duration.ofSeconds(5), c.gracePeriod());
        assertEquals(Duration.ofSeconds(5), c.startupWait());
        assertEquals(0, c.expectedServers());
        assertTrue(c.historicalJobScheduled());
        assertEquals(LocalTime.of(4, 0), c.historicalJobTime());
        assertEquals(10_000, c.historicalBatch());
        assertEquals(Duration.ofMinutes(1), c.historicalLease());
        assertTrue(c.instanceName().startsWith("gateway-"));
        assertTrue(!c.instanceName().equals(GatewayConfig.builder().build().instanceName()), "unique per gateway");
    }

    @Test
    void invalidValuesAreRefusedWithTheirName() {
        assertRefused(GatewayConfig.builder().grpcPort(70_000), "gRPC port");
        assertRefused(GatewayConfig.builder().metricsPort(-1), "metrics port");
        assertRefused(GatewayConfig.builder().gracePeriod(Duration.ZERO), "grace period");
        assertRefused(GatewayConfig.builder().startupWait(Duration.ofSeconds(-1)), "start-up wait");
        assertRefused(GatewayConfig.builder().expectedServers(-1), "expected servers");
        assertRefused(GatewayConfig.builder().historicalBatch(0), "historical batch");
        assertRefused(GatewayConfig.builder().historicalLease(Duration.ofSeconds(-5)), "historical lease");
        assertRefused(GatewayConfig.builder().instanceName(" "), "instance name");
    }

    private static void assertRefused(GatewayConfig.Builder b, String says) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
        assertTrue(e.getMessage().contains(says), e.getMessage());
    }
}
