package io.constellation.deploy.loadgen;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the load generator's option values: rates ({@code 500/s}), durations
 * ({@code 60s}), server lists ({@code host:port,host:port}) and source address ranges
 * ({@code 127.0.0.2-127.0.0.9}). Every method throws {@link IllegalArgumentException} with
 * a message naming the bad value and the accepted forms. Stateless.
 */
public final class LoadgenParsing {

    /** Most source addresses one range may expand to: more are a typo, not a plan. */
    public static final int MAX_SOURCE_ADDRESSES = 1024;

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(?:/\\s*(s|sec|second|m|min|minute))?");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h)");

    private LoadgenParsing() {
    }

    /**
     * Events per second from {@code 500/s}, {@code 500}, {@code 2.5/s} or {@code 600/m}; at
     * least 0.
     */
    public static double rate(String text) {
        Matcher m = RATE.matcher(trimmed(text).toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a rate: '" + text + "' (write e.g. 500/s, 2.5/s or 600/m)");
        }
        double value = Double.parseDouble(m.group(1));
        String unit = m.group(2);
        boolean perMinute = unit != null && unit.startsWith("m");
        double perSecond = perMinute ? value / 60 : value;
        if (!Double.isFinite(perSecond)) {
            throw new IllegalArgumentException("rate out of range: '" + text + "'");
        }
        return perSecond;
    }

    /**
     * A duration from {@code 250ms}, {@code 60s}, {@code 1.5m}, {@code 2h} or ISO-8601
     * ({@code PT1M}); not negative.
     */
    public static Duration duration(String text) {
        String t = trimmed(text);
        if (t.regionMatches(true, 0, "PT", 0, 2)) {
            try {
                Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
                if (d.isNegative()) {
                    throw new IllegalArgumentException("duration must not be negative: '" + text + "'");
                }
                return d;
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("not a duration: '" + text + "' (write e.g. 60s, 250ms, 2m, 1h)");
            }
        }
        Matcher m = DURATION.matcher(t.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (write e.g. 60s, 250ms, 2m, 1h)");
        }
        double value = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> value;
            case "s" -> value * 1_000;
            case "m" -> value * 60_000;
            default -> value * 3_600_000;
        };
        if (millis > Long.MAX_VALUE / 1_000_000) {
            throw new IllegalArgumentException("duration out of range: '" + text + "'");
        }
        return Duration.ofNanos(Math.round(millis * 1_000_000));
    }

    /** Servers from {@code host:port[,host:port...]}; a host may be a name or an address ({@code [::1]:7400} for IPv6). */
    public static List<InetSocketAddress> servers(String text) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String part : trimmed(text).split(",")) {
            String p = part.trim();
            int colon = p.lastIndexOf(':');
            if (p.isEmpty() || colon <= 0 || colon == p.length() - 1) {
                throw new IllegalArgumentException("not host:port: '" + p + "' in '" + text + "'");
            }
            String host = p.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(p.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a port: '" + p.substring(colon + 1) + "' in '" + text + "'");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port out of range 1..65535: " + port + " in '" + text + "'");
            }
            InetSocketAddress address = new InetSocketAddress(host, port);
            if (address.isUnresolved()) {
                throw new IllegalArgumentException("unknown host '" + host + "' in '" + text + "'");
            }
            out.add(address);
        }
        return List.copyOf(out);
    }

    /**
     * Local addresses from a comma-separated list of IPv4 addresses and inclusive ranges
     * {@code a.b.c.d-a.b.c.e} (e.g. {@code 127.0.0.2-127.0.0.9,127.0.1.1}), in order; at
     * most {@value #MAX_SOURCE_ADDRESSES}.
     */
    public static List<InetAddress> sourceAddresses(String text) {
        List<InetAddress> out = new ArrayList<>();
        for (String part : trimmed(text).split(",")) {
            String p = part.trim();
            int dash = p.indexOf('-');
            long from = ipv4(dash < 0 ? p : p.substring(0, dash), text);
            long to = dash < 0 ? from : ipv4(p.substring(dash + 1), text);
            if (to < from) {
                throw new IllegalArgumentException("range runs backwards: '" + p + "'");
            }
            if (out.size() + (to - from + 1) > MAX_SOURCE_ADDRESSES) {
                throw new IllegalArgumentException("more than " + MAX_SOURCE_ADDRESSES + " source addresses in '" + text + "'");
            }
            for (long a = from; a <= to; a++) {
                out.add(toAddress(a));
            }
        }
        return List.copyOf(out);
    }

    private static long ipv4(String text, String whole) {
        String[] octets = text.trim().split("\\.", -1);
        if (octets.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: '" + text.trim() + "' in '" + whole
                    + "' (write e.g. 127.0.0.2-127.0.0.9)");
        }
        long value = 0;
        for (String o : octets) {
            int octet;
            try {
                octet = o.isEmpty() || o.length() > 3 ? -1 : Integer.parseInt(o);
            } catch (NumberFormatException e) {
                octet = -1;
            }
            if (octet < 0 || octet > 255) {
                throw new IllegalArgumentException("not an IPv4 address: '" + text.trim() + "' in '" + whole + "'");
            }
            value = value << 8 | octet;
        }
        return value;
    }

    private static InetAddress toAddress(long value) {
        byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return (Inet4Address) InetAddress.getByAddress(b);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are always an IPv4 address", e);
        }
    }

    private static String trimmed(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("empty value");
        }
        return text.trim();
    }
}
