package io.constellation.deploy;

import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.DuplicateUserException;
import io.constellation.common.catalog.UserStore;
import io.constellation.deploy.loadgen.LoadUsers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code constellation users}: the operators' path to create satellite users and change
 * their passwords and transfer slots. Passwords are read from standard input or an
 * environment variable, never from the command line (which other users of the machine and
 * the shell history can read).
 */
@Command(name = "users", mixinStandardHelpOptions = true,
        description = "Create satellite users and change their passwords or transfer slots.",
        subcommands = {UsersCommand.Add.class, UsersCommand.AddMany.class, UsersCommand.SetSlots.class})
final class UsersCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Options every users subcommand shares. */
    static final class HashOptions {
        @Option(names = "--iterations", defaultValue = "" + PasswordHasher.DEFAULT_ITERATIONS,
                description = "PBKDF2 iterations of the stored hash (default: ${DEFAULT-VALUE}; "
                        + "about 25 ms a login here). Load-test users may use 1.")
        int iterations;

        @Option(names = "--max-send", defaultValue = "4", description = "Upload slots (default: ${DEFAULT-VALUE}).")
        int maxSend;

        @Option(names = "--max-recv", defaultValue = "4", description = "Download slots (default: ${DEFAULT-VALUE}).")
        int maxRecv;
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Create a user. The password is the first line of standard input, or "
                    + "$CONSTELLATION_USER_PASSWORD when set.",
                "Exit status: 0 created, 4 the name is taken, 1 on error."})
    static final class Add implements Callable<Integer> {
        @Mixin
        CatalogOptions catalog;

        @Mixin
        HashOptions hash;

        @Parameters(paramLabel = "NAME", description = "User name (at most 64 characters, case-sensitive).")
        String name;

        @Option(names = "--password-env", defaultValue = "${env:CONSTELLATION_USER_PASSWORD}", hidden = true)
        String passwordFromEnv;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            String password = passwordFromEnv != null ? passwordFromEnv : firstLineOfStdin();
            if (password == null || password.isEmpty()) {
                spec.commandLine().getErr().println("no password: give it on standard input or in CONSTELLATION_USER_PASSWORD");
                return 1;
            }
            try (Catalog db = new Catalog(catalog.config())) {
                db.migrate();
                long id = new UserStore(db).create(name, new PasswordHasher(hash.iterations).hash(password),
                        hash.maxSend, hash.maxRecv);
                print(spec, "created user %s (id %d, max_send %d, max_recv %d)%n", name, id, hash.maxSend, hash.maxRecv);
                return 0;
            } catch (DuplicateUserException e) {
                spec.commandLine().getErr().println("user " + name + " exists already");
                return 4;
            }
        }
    }

    @Command(name = "add-many", mixinStandardHelpOptions = true,
            description = "Create users PREFIX0 .. PREFIX(N-1) sharing one password, for load tests; "
                    + "names that exist already are skipped.")
    static final class AddMany implements Callable<Integer> {
        @Mixin
        CatalogOptions catalog;

        @Mixin
        HashOptions hash;

        @Option(names = "--prefix", defaultValue = "sat", description = "Name prefix (default: ${DEFAULT-VALUE}).")
        String prefix;

        @Option(names = "--count", required = true, description = "Number of users.")
        int count;

        @Option(names = "--password", defaultValue = "${env:CONSTELLATION_USER_PASSWORD:-loadtest}",
                description = "Their password (env CONSTELLATION_USER_PASSWORD, default: loadtest).")
        String password;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Catalog db = new Catalog(catalog.config())) {
                db.migrate();
                String encoded = new PasswordHasher(hash.iterations).hash(password);
                int created = LoadUsers.ensure(new UserStore(db), prefix, count, encoded, hash.maxSend, hash.maxRecv);
                print(spec, "created %d users %s0..%s%d (%d existed already)%n", created, prefix, prefix, count - 1,
                        count - created);
                return 0;
            }
        }
    }

    @Command(name = "set-slots", mixinStandardHelpOptions = true,
            description = "Change a user's transfer slots; a connected satellite gets them at its next login.")
    static final class SetSlots implements Callable<Integer> {
        @Mixin
        CatalogOptions catalog;

        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--max-send", required = true)
        int maxSend;

        @Option(names = "--max-recv", required = true)
        int maxRecv;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Catalog db = new Catalog(catalog.config())) {
                db.migrate();
                UserStore users = new UserStore(db);
                return users.findByName(name)
                        .map(u -> {
                            users.updateSlots(u.id(), maxSend, maxRecv);
                            print(spec, "user %s: max_send %d, max_recv %d%n", name, maxSend, maxRecv);
                            return 0;
                        })
                        .orElseGet(() -> {
                            spec.commandLine().getErr().println("no user " + name);
                            return 4;
                        });
            }
        }
    }

    private static String firstLineOfStdin() throws IOException {
        return new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
    }

    private static void print(CommandSpec spec, String format, Object... args) {
        PrintWriter out = spec.commandLine().getOut();
        out.printf(format, args);
        out.flush();
    }
}
