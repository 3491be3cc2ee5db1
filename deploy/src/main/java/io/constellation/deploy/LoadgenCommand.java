package io.constellation.deploy;

import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.Track;
import io.constellation.common.catalog.TrackStore;
import io.constellation.common.corpus.Corpus;
import io.constellation.deploy.loadgen.LoadGenerator;
import io.constellation.deploy.loadgen.LoadSummary;
import io.constellation.deploy.loadgen.LoadgenConfig;
import io.constellation.deploy.loadgen.LoadgenParsing;
import io.constellation.deploy.loadgen.ShareLists;
import io.constellation.deploy.loadgen.TrackUniverse;
import io.netty.util.ResourceLeakDetector;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code constellation loadgen}: load generators that drive the real services over real
 * sockets and print what they measured; bounded in count and time, they stop by themselves.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
        description = "Drive the services with simulated load and print figures.",
        subcommands = {LoadgenCommand.Satellites.class})
final class LoadgenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code constellation loadgen satellites}: many satellites logging in, sharing, churning. */
    @Command(name = "satellites", mixinStandardHelpOptions = true,
            description = {"Simulated satellites over real TCP: users PREFIX0..PREFIX(N-1) (create them with "
                    + "'constellation users add-many --count N --iterations 1') log in at --ramp-rate, each "
                    + "sharing --files-per-satellite files drawn with Zipf popularity, then --churn of them per "
                    + "second log out and in again, until --duration. A progress line every second, a summary "
                    + "line at the end.",
                "Exit status: 0 when at most --max-failed-fraction of the logins failed, "
                    + Satellites.EXIT_TOO_MANY_FAILURES + " when more did, 2 on bad options, 1 on error."})
    static final class Satellites implements Callable<Integer> {

        static final int EXIT_TOO_MANY_FAILURES = 3;
        private static final String LEAK_DETECTION_PROPERTY = "io.netty.leakDetection.level";

        @Spec
        CommandSpec spec;

        @Mixin
        CatalogOptions catalog;

        @Option(names = "--server", required = true, paramLabel = "HOST:PORT[,HOST:PORT...]",
                description = "Satellite servers; satellites are spread over them by slot.")
        String servers;

        @Option(names = "--satellites", required = true, paramLabel = "N",
                description = "Satellites at most at any time (one per user).")
        int satellites;

        @Option(names = "--files-per-satellite", defaultValue = "300", paramLabel = "F",
                description = "Files each satellite shares (default: ${DEFAULT-VALUE}).")
        int files;

        @Option(names = "--users-prefix", defaultValue = "sat",
                description = "User names are this prefix and 0..N-1 (default: ${DEFAULT-VALUE}).")
        String usersPrefix;

        @Option(names = "--password", defaultValue = "${env:CONSTELLATION_USER_PASSWORD:-loadtest}",
                description = "The users' password (env CONSTELLATION_USER_PASSWORD, default: loadtest).")
        String password;

        @Option(names = "--duration", defaultValue = "60s",
                description = "Length of the run, ramp included, e.g. 60s, 5m (default: ${DEFAULT-VALUE}).")
        String duration;

        @Option(names = "--ramp-rate", defaultValue = "1000/s",
                description = "Logins started per second while ramping up (default: ${DEFAULT-VALUE}).")
        String rampRate;

        @Option(names = "--churn", defaultValue = "0/s",
                description = "Logouts, each followed by a new login, per second once ramped (default: ${DEFAULT-VALUE}).")
        String churn;

        @Option(names = "--source-addresses", paramLabel = "A.B.C.D[-A.B.C.E][,...]",
                description = "Local addresses to connect from, round robin, e.g. 127.0.0.2-127.0.0.9: each "
                        + "gives another ~28,000 source ports (default: the kernel's choice).")
        String sourceAddresses;

        @Option(names = "--event-loops", defaultValue = "2",
                description = "Event loop threads all satellites share (default: ${DEFAULT-VALUE}).")
        int eventLoops;

        @Option(names = "--universe", defaultValue = "50000",
                description = "Distinct tracks the share lists are drawn from (default: ${DEFAULT-VALUE}).")
        int universe;

        @Option(names = "--zipf", defaultValue = "1.0",
                description = "Popularity skew: track of rank r drawn with weight 1/(r+1)^zipf; 0 is uniform "
                        + "(default: ${DEFAULT-VALUE}).")
        double zipf;

        @Option(names = "--seed", defaultValue = "42",
                description = "Seed of the generated tracks, share lists and churn (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--chunk-size", defaultValue = "500",
                description = "Files per ShareList chunk (default: ${DEFAULT-VALUE}).")
        int chunkSize;

        @Option(names = "--login-timeout", defaultValue = "30s",
                description = "A login not online this long after its start counts as failed (default: ${DEFAULT-VALUE}).")
        String loginTimeout;

        @Option(names = "--max-failed-fraction", defaultValue = "0.01",
                description = "Fraction of logins that may fail before the exit status says so (default: ${DEFAULT-VALUE}).")
        double maxFailedFraction;

        @Option(names = "--universe-from-catalog",
                description = "Draw the tracks from the catalog (--catalog-url or --data-dir, in id order) instead "
                        + "of generating them from the bundled corpus with --seed.")
        boolean universeFromCatalog;

        @Override
        public Integer call() throws InterruptedException {
            LoadgenConfig config = config();
            quietLeakDetection();
            List<Track> tracks = universe();
            ShareLists lists = new ShareLists(tracks, zipf);
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "loadgen: %d satellites x %d files against %s from %s; %d tracks (%s), zipf %.2f; "
                            + "ramp %.0f/s, churn %.1f/s, for %s%n",
                    satellites, files, servers, sourceAddresses == null ? "any local address" : sourceAddresses,
                    tracks.size(), universeFromCatalog ? "from the catalog" : "generated, seed " + seed, zipf,
                    config.rampRate(), config.churnRate(), duration);
            out.flush();
            try (LoadGenerator generator = new LoadGenerator(config, lists, out)) {
                LoadSummary summary = generator.run();
                return summary.passed() ? 0 : EXIT_TOO_MANY_FAILURES;
            }
        }

        /**
         * Turns Netty's leak sampling off unless {@value #LEAK_DETECTION_PROPERTY} asks for a
         * level: it records a stack trace for one buffer in 128, CPU that the server measured on
         * the same machine would otherwise have (the client's buffer handling is tested at the
         * paranoid level).
         */
        private static void quietLeakDetection() {
            if (System.getProperty(LEAK_DETECTION_PROPERTY) == null) {
                ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
            }
        }

        private LoadgenConfig config() {
            List<InetSocketAddress> serverList = parse("--server", servers, LoadgenParsing::servers);
            List<InetAddress> sources = sourceAddresses == null ? List.of()
                    : parse("--source-addresses", sourceAddresses, LoadgenParsing::sourceAddresses);
            Duration length = parse("--duration", duration, LoadgenParsing::duration);
            Duration timeout = parse("--login-timeout", loginTimeout, LoadgenParsing::duration);
            double ramp = parse("--ramp-rate", rampRate, LoadgenParsing::rate);
            double churnRate = parse("--churn", churn, LoadgenParsing::rate);
            try {
                return LoadgenConfig.builder()
                        .servers(serverList).satellites(satellites).filesPerSatellite(files)
                        .usersPrefix(usersPrefix).password(password)
                        .duration(length).rampRate(ramp).churnRate(churnRate)
                        .sourceAddresses(sources).eventLoops(eventLoops).chunkSize(chunkSize).seed(seed)
                        .loginTimeout(timeout).maxFailedFraction(maxFailedFraction)
                        .build();
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }

        private List<Track> universe() {
            if (universe < 1) {
                throw new ParameterException(spec.commandLine(), "--universe must be positive, got " + universe);
            }
            if (!(zipf >= 0 && zipf <= 4)) {
                throw new ParameterException(spec.commandLine(), "--zipf must be within [0, 4], got " + zipf);
            }
            if (!universeFromCatalog) {
                return TrackUniverse.generated(Corpus.bundled(), universe, seed);
            }
            try (Catalog db = new Catalog(catalog.config())) {
                return TrackUniverse.fromCatalog(new TrackStore(db), universe);
            }
        }

        private <T> T parse(String option, String value, Function<String, T> parser) {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '" + option + "': "
                        + e.getMessage(), e);
            }
        }
    }
}
