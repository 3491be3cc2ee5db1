package io.constellation.bench.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The GetAvailability load program for about two seconds with tiny parameters, with the
 * gateway in this JVM and in a child JVM: every answer must be right and the figures the
 * results file quotes must be printed, so the benchmark cannot rot unnoticed.
 */
class AvailabilityLoadTest {

    @Test
    void embeddedGatewayAnswersEveryCallRightAndTheFiguresArePrinted() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AvailabilityLoad.Result r = AvailabilityLoad.run(AvailabilityLoad.Options.parse(new String[] {
            "--embedded", "--tracks", "20000", "--ids", "200", "--zipf", "1.1", "--requests", "64",
            "--concurrency", "8", "--channels", "2", "--warmup", "500ms", "--duration", "1500ms"}), print(log));
        String out = log.toString(StandardCharsets.UTF_8);
        assertTrue(r.calls() > 0, out);
        assertEquals(0, r.errors(), out);
        assertEquals(0, r.wrongAnswers(), "answers checked against the fed counts: " + out);
        assertTrue(r.latency().percentile(0.99) >= r.latency().percentile(0.5));
        assertTrue(r.cpuMicrosPerCall() > 0, out);
        for (String figure : new String[] {"calls/s:", "ids/s:", "latency us: p50", "p99", "p999", "CPU:",
                                           "an idle 2-core machine would do"}) {
            assertTrue(out.contains(figure), "prints " + figure + ": " + out);
        }
    }

    @Test
    void gatewayInItsOwnJvmWithTheGeneratedClientCodec() throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        AvailabilityLoad.Result r = AvailabilityLoad.run(AvailabilityLoad.Options.parse(new String[] {
            "--spawn", "--gateway-jvm", "-Xmx256m", "--tracks", "5000", "--ids", "100", "--requests", "16",
            "--concurrency", "4", "--channels", "1", "--warmup", "500ms", "--duration", "1500ms",
            "--codec", "protobuf"}), print(log));
        String out = log.toString(StandardCharsets.UTF_8);
        assertFalse(r.gatewayInProcess());
        assertTrue(r.calls() > 0, out);
        assertEquals(0, r.errors() + r.wrongAnswers(), out);
        assertTrue(r.cpu().otherSeconds() > 0, "the gateway JVM's CPU is read: " + out);
        assertTrue(out.contains("[gateway] gateway stopping"), "the child JVM stops when told: " + out);
    }

    @Test
    void optionsRefuseNonsense() {
        assertThrowsIllegal("--ids", "0");
        assertThrowsIllegal("--bogus", "1");
        assertThrowsIllegal("--duration");
    }

    private static void assertThrowsIllegal(String... args) {
        try {
            AvailabilityLoad.Options.parse(args);
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("accepted " + String.join(" ", args));
    }

    static PrintStream print(ByteArrayOutputStream log) {
        return new PrintStream(log, true, StandardCharsets.UTF_8);
    }
}
