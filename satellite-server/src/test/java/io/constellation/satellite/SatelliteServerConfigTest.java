package io.constellation.satellite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SatelliteServerConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        SatelliteServerConfig c = SatelliteServerConfig.builder().build();
        assertEquals(1024 * 1024, c.maxFrameBytes());
        assertEquals(Duration.ofSeconds(90), c.idleTimeout(), "three heartbeat intervals of 30 s");
        assertEquals(0, c.port());
        assertEquals(18_000, c.maxConnections());
    }

    @Test
    void nonsenseIsRefusedWithTheFieldNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SatelliteServerConfig.builder().port(70_000).build());
        assertTrue(e.getMessage().contains("port"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SatelliteServerConfig.builder().writeBufferWaterMarks(10, 5).build());
        assertThrows(IllegalArgumentException.class,
                () -> SatelliteServerConfig.builder().heartbeatInterval(Duration.ZERO).build());
        assertThrows(IllegalArgumentException.class,
                () -> SatelliteServerConfig.builder().maxFrameBytes(10).build());
    }
}
