package io.constellation.deploy.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.constellation.deploy.Constellation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class LoadgenParsingTest {

    @Test
    void aRangeOfSourceAddressesExpandsInclusivelyInOrder() throws Exception {
        List<InetAddress> a = LoadgenParsing.sourceAddresses("127.0.0.2-127.0.0.9");
        assertEquals(8, a.size());
        assertEquals(InetAddress.getByName("127.0.0.2"), a.get(0));
        assertEquals(InetAddress.getByName("127.0.0.9"), a.get(7));
    }

    @Test
    void rangesAndSingleAddressesMixAndARangeMayCrossAnOctet() throws Exception {
        List<InetAddress> a = LoadgenParsing.sourceAddresses(" 127.0.0.254-127.0.1.1 , 127.0.5.5");
        assertEquals(List.of(InetAddress.getByName("127.0.0.254"), InetAddress.getByName("127.0.0.255"),
                InetAddress.getByName("127.0.1.0"), InetAddress.getByName("127.0.1.1"),
                InetAddress.getByName("127.0.5.5")), a);
    }

    @Test
    void badSourceAddressesAreRefusedNamingTheValue() {
        assertMessage("range runs backwards: '127.0.0.9-127.0.0.2'",
                () -> LoadgenParsing.sourceAddresses("127.0.0.9-127.0.0.2"));
        assertMessage("not an IPv4 address: '127.0.0.256'", () -> LoadgenParsing.sourceAddresses("127.0.0.256"));
        assertMessage("not an IPv4 address: 'localhost'", () -> LoadgenParsing.sourceAddresses("localhost"));
        assertMessage("not an IPv4 address: '127.0.0'", () -> LoadgenParsing.sourceAddresses("127.0.0-127.0.0.3"));
        assertMessage("more than 1024 source addresses", () -> LoadgenParsing.sourceAddresses("127.0.0.0-127.0.255.255"));
        assertMessage("empty value", () -> LoadgenParsing.sourceAddresses(" "));
    }

    @Test
    void ratesArePerSecondWithOrWithoutAUnitAndPerMinuteConverts() {
        assertEquals(500, LoadgenParsing.rate("500/s"));
        assertEquals(500, LoadgenParsing.rate("500"));
        assertEquals(2.5, LoadgenParsing.rate("2.5 / s"));
        assertEquals(10, LoadgenParsing.rate("600/m"));
        assertEquals(0, LoadgenParsing.rate("0/s"));
        assertMessage("not a rate: '-5/s'", () -> LoadgenParsing.rate("-5/s"));
        assertMessage("not a rate: 'fast'", () -> LoadgenParsing.rate("fast"));
        assertMessage("not a rate: '5/h'", () -> LoadgenParsing.rate("5/h"));
    }

    @Test
    void durationsTakeUnitsOrIso8601() {
        assertEquals(Duration.ofSeconds(60), LoadgenParsing.duration("60s"));
        assertEquals(Duration.ofMillis(250), LoadgenParsing.duration("250ms"));
        assertEquals(Duration.ofSeconds(90), LoadgenParsing.duration("1.5m"));
        assertEquals(Duration.ofHours(2), LoadgenParsing.duration("2h"));
        assertEquals(Duration.ofMinutes(1), LoadgenParsing.duration("PT1M"));
        assertMessage("not a duration: '60'", () -> LoadgenParsing.duration("60"));
        assertMessage("not a duration: 'PTx'", () -> LoadgenParsing.duration("PTx"));
        assertMessage("must not be negative", () -> LoadgenParsing.duration("PT-1S"));
    }

    @Test
    void serversAreHostPortPairs() {
        assertEquals(List.of(new InetSocketAddress("127.0.0.1", 7400), new InetSocketAddress("127.0.0.1", 7401)),
                LoadgenParsing.servers("127.0.0.1:7400, 127.0.0.1:7401"));
        assertEquals(List.of(new InetSocketAddress("::1", 7400)), LoadgenParsing.servers("[::1]:7400"));
        assertMessage("not host:port: '127.0.0.1'", () -> LoadgenParsing.servers("127.0.0.1"));
        assertMessage("port out of range 1..65535: 70000", () -> LoadgenParsing.servers("127.0.0.1:70000"));
        assertMessage("not a port: 'x'", () -> LoadgenParsing.servers("127.0.0.1:x"));
    }

    @Test
    void theCommandReportsABadValueAsAUsageErrorNamingOptionAndValue() {
        StringWriter err = new StringWriter();
        int code = new CommandLine(new Constellation()).setErr(new PrintWriter(err)).execute("loadgen", "satellites",
                "--server", "127.0.0.1:7400", "--satellites", "5", "--source-addresses", "127.0.0.9-127.0.0.2");
        assertEquals(2, code);
        assertTrue(err.toString().contains("Invalid value for option '--source-addresses': range runs backwards: "
                + "'127.0.0.9-127.0.0.2'"), err.toString());

        err = new StringWriter();
        code = new CommandLine(new Constellation()).setErr(new PrintWriter(err)).execute("loadgen", "satellites",
                "--server", "127.0.0.1:7400", "--satellites", "0");
        assertEquals(2, code);
        assertTrue(err.toString().contains("satellites must be positive, got 0"), err.toString());
    }

    private static void assertMessage(String expectedPart, org.junit.jupiter.api.function.Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expectedPart), e.getMessage());
    }
}
