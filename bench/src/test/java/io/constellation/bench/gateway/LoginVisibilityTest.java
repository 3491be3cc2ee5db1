package io.constellation.bench.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The login-visibility program for about two seconds at a low rate on H2, gateway in this
 * JVM: every login of the window must show at the gateway (the marker and all its tracks)
 * and the latency figures must be printed.
 */
class LoginVisibilityTest {

    @Test
    void everyLoginShowsAtTheGatewayAndTheLatenciesArePrinted() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LoginVisibility.Result r = LoginVisibility.run(LoginVisibility.Options.parse(new String[] {
            "--embedded", "--rate", "20", "--files", "40", "--universe", "2000", "--warmup", "500ms",
            "--duration", "2s", "--hold", "3s", "--delta", "100ms", "--sources", "2", "--client-threads", "1"}),
                AvailabilityLoadTest.print(log));
        String out = log.toString(StandardCharsets.UTF_8);
        assertTrue(r.started() >= 30, out);
        assertEquals(0, r.failed(), out);
        assertEquals(0, r.notVisible(), "every login shows: " + out);
        assertEquals(r.started(), r.visibleCount(), out);
        assertTrue(r.visiblePercentile(0.5) > 0 && r.visiblePercentile(0.99) < 3000, out);
        for (String figure : new String[] {"start -> ShareAck ms:", "start -> all tracks at gateway ms: p50",
                                           "p99", "max", "target: p99"}) {
            assertTrue(out.contains(figure), "prints " + figure + ": " + out);
        }
    }
}
