package io.constellation.deploy.files;

import static org.junit.jupiter.api.Assertions.fail;

import io.constellation.deploy.Constellation;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A container's arguments as the launcher reads them: picocli parses them exactly as
 * {@code constellation <args>} would (unknown subcommands or options, bad values fail), and
 * the ports the service listens on are read from the parsed options, defaults included.
 */
final class LauncherArgs {

    /** Options naming a port the service listens on. */
    static final List<String> PORT_OPTIONS = List.of("--port", "--admin-port", "--metrics-port");

    /**
     * Options that name other services, and the option of the named service whose port they
     * must use: gRPC addresses its --port, status URLs its --metrics-port.
     */
    static final Map<String, String> ADDRESS_OPTIONS = Map.of(
            "--gateway", "--port", "--index", "--port", "--cache", "--port", "--status-metrics", "--metrics-port");

    /** Subcommands whose --port is a gRPC server with health and reflection. */
    static final Set<String> GRPC_SUBCOMMANDS = Set.of("index", "cache", "gateway");

    /** Kubernetes fills {@code $(VAR)} from the pod; these stand in for the values it would give. */
    private static final Map<String, String> POD_VALUES = Map.of(
            "POD_INDEX", "0", "POD_NAME", "pod-0", "POD_IP", "10.0.0.1");
    private static final Pattern POD_VARIABLE = Pattern.compile("\\$\\(([A-Z_]+)\\)");

    private final String where;
    private final String subcommand;
    private final CommandSpec spec;
    private final List<String> rawArgs;

    private LauncherArgs(String where, String subcommand, CommandSpec spec, List<String> rawArgs) {
        this.where = where;
        this.subcommand = subcommand;
        this.spec = spec;
        this.rawArgs = List.copyOf(rawArgs);
    }

    /** The launcher's subcommand names, as picocli knows them. */
    static Set<String> subcommands() {
        return new CommandLine(new Constellation()).getSubcommands().keySet();
    }

    /**
     * Parses {@code args} with the launcher; fails the test naming {@code where} when it would
     * not start. Returns null for a subcommand listed in {@code pending} that the launcher
     * does not have yet.
     */
    static LauncherArgs parse(String where, List<String> args, Set<String> pending) {
        if (args == null || args.isEmpty()) {
            fail(where + ": no arguments: the container would only print the launcher's help");
        }
        if (!subcommands().contains(args.get(0))) {
            if (pending.contains(args.get(0))) {
                return null;
            }
            fail(where + ": '" + args.get(0) + "' is not a launcher subcommand; it has " + subcommands());
        }
        List<String> filled = new ArrayList<>();
        for (String arg : args) {
            filled.add(fillPodValues(where, arg));
        }
        try {
            CommandLine.ParseResult parsed = new CommandLine(new Constellation()).parseArgs(filled.toArray(String[]::new));
            CommandLine.ParseResult sub = parsed.subcommand();
            return new LauncherArgs(where, sub.commandSpec().name(), sub.commandSpec(), args);
        } catch (CommandLine.ParameterException e) {
            fail(where + ": the launcher rejects " + args + ": " + e.getMessage());
            return null;
        }
    }

    private static String fillPodValues(String where, String arg) {
        Matcher m = POD_VARIABLE.matcher(arg);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String value = POD_VALUES.get(m.group(1));
            if (value == null) {
                fail(where + ": $(" + m.group(1) + ") is not one of the pod values the checks know " + POD_VALUES.keySet());
            }
            m.appendReplacement(b, value);
        }
        return m.appendTail(b).toString();
    }

    String where() {
        return where;
    }

    String subcommand() {
        return subcommand;
    }

    /** Option name to port, for every port option this subcommand has (given or default). */
    Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String name : PORT_OPTIONS) {
            OptionSpec o = spec.findOption(name);
            if (o != null && o.getValue() instanceof Integer port) {
                ports.put(name, port);
            }
        }
        return ports;
    }

    /** The port the named option gives, or null when the subcommand has no such option. */
    Integer port(String option) {
        return ports().get(option);
    }

    /**
     * The port gRPC health answers on, null for a service without gRPC: a satellite
     * server's --admin-port, the --port of the gRPC services.
     */
    Integer grpcPort() {
        if (subcommand.equals("satellite-server")) {
            return port("--admin-port");
        }
        return GRPC_SUBCOMMANDS.contains(subcommand) ? port("--port") : null;
    }

    /** An address another service is given: {@code host:port}, {@code id=host:port} or a URL. */
    record Address(String id, String host, int port, String path) {

        static Address parse(String text) {
            if (text.contains("://")) {
                URI uri = URI.create(text);
                return new Address(null, uri.getHost(), uri.getPort(), uri.getPath());
            }
            int eq = text.indexOf('=');
            String id = eq >= 0 ? text.substring(0, eq) : null;
            String hostPort = text.substring(eq + 1);
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                fail(text + " is not host:port");
            }
            return new Address(id, hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)), null);
        }
    }

    /**
     * The addresses an option names (list options, and ';' or ',' separated strings such as
     * --index), empty when the option is absent or unset.
     */
    List<Address> addresses(String option) {
        OptionSpec o = spec.findOption(option);
        Object value = o == null ? null : o.getValue();
        List<Address> out = new ArrayList<>();
        Collection<?> values = value instanceof Collection<?> c ? c : value == null ? List.of() : List.of(value);
        for (Object v : values) {
            for (String a : v.toString().split("[;,]")) {
                if (!a.isBlank()) {
                    out.add(Address.parse(a.trim()));
                }
            }
        }
        return out;
    }

    /** The option's value as written in the deploy file, before pod values are filled in; null if absent. */
    String written(String option) {
        int i = rawArgs.indexOf(option);
        return i >= 0 && i + 1 < rawArgs.size() ? rawArgs.get(i + 1) : null;
    }

    /** The value of a string option after parsing (default included), or null. */
    String string(String option) {
        OptionSpec o = spec.findOption(option);
        return o == null || o.getValue() == null ? null : o.getValue().toString();
    }

    /** The value of a duration option, e.g. --drain-spread. */
    java.time.Duration duration(String option) {
        return (java.time.Duration) spec.findOption(option).getValue();
    }

    /** The value of an int option. */
    int intValue(String option) {
        return (Integer) spec.findOption(option).getValue();
    }
}
