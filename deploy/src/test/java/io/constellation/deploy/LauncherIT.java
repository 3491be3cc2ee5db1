package io.constellation.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import io.constellation.common.auth.PasswordHasher;
import io.constellation.common.catalog.Catalog;
import io.constellation.common.catalog.CatalogConfig;
import io.constellation.common.catalog.User;
import io.constellation.common.catalog.UserStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher as an operator uses it: every subcommand documents itself; import reports what it did. */
class LauncherIT {

    @TempDir
    Path dir;

    @Test
    void everySubcommandAnswersHelp() {
        for (String sub : List.of("demo", "index", "import", "query", "users", "satellite-server", "gateway", "cache", "search", "loadgen", "web")) {
            StringWriter out = new StringWriter();
            int code = new CommandLine(new Constellation()).setOut(new PrintWriter(out)).execute(sub, "--help");
            assertEquals(0, code, sub);
            assertTrue(out.toString().contains("Usage: constellation " + sub), out.toString());
        }
    }

    @Test
    void importOfACsvReportsBadRowsByLineAndASecondRunAddsNothing() throws Exception {
        Path csv = dir.resolve("songs.csv");
        Files.writeString(csv, String.join("\n",
                "title,artist,first_chart_week,last_chart_week,peak_position,weeks_on_chart",
                "Hey Ya!,OutKast,2003-09-20,2004-03-06,1,29",
                ",No Title Artist,2003-09-20,2004-03-06,1,29",
                "\"Crazy In Love\",Beyoncé Featuring Jay-Z,2003-06-14,2003-11-15,1,27",
                ""));
        String dataDir = dir.resolve("data").toString();
        Run first = run("import", "--data-dir", dataDir, "--csv", csv.toString());
        assertEquals(ImportCommand.EXIT_BAD_ROWS, first.code);
        assertTrue(first.out.contains("2 new tracks"), first.out);
        assertTrue(first.out.contains("bad row at line 3"), first.out);

        Run second = run("import", "--data-dir", dataDir, "--csv", csv.toString());
        assertTrue(second.out.contains("0 new tracks, 2 already present"), second.out);
    }

    @Test
    void usersAreCreatedOnceWithAVerifiableHashAndTheirSlotsChange() {
        String dataDir = dir.resolve("data").toString();
        Run many = run("users", "add-many", "--data-dir", dataDir, "--count", "3", "--iterations", "1",
                "--max-send", "2", "--password", "pw");
        assertEquals(0, many.code, many.out);
        assertTrue(many.out.contains("created 3 users"), many.out);
        assertTrue(run("users", "add-many", "--data-dir", dataDir, "--count", "3", "--password", "pw")
                .out.contains("created 0 users"), "a second run adds nothing");
        assertEquals(0, run("users", "set-slots", "sat1", "--data-dir", dataDir, "--max-send", "7", "--max-recv", "8").code);
        assertEquals(4, run("users", "set-slots", "nobody", "--data-dir", dataDir, "--max-send", "1", "--max-recv", "1").code);

        CatalogConfig config = CatalogConfig.embedded(dir.resolve("data"));
        try (Catalog catalog = new Catalog(config)) {
            User sat1 = new UserStore(catalog).findByName("sat1").orElseThrow();
            assertEquals(7, sat1.maxSend());
            assertEquals(8, sat1.maxRecv());
            assertTrue(new PasswordHasher().verify("pw", sat1.passwordHash()));
            assertFalse(new PasswordHasher().verify("wrong", sat1.passwordHash()));
        }
    }

    @Test
    void unknownSubcommandAndBadOptionsAreUsageErrors() {
        assertEquals(2, new CommandLine(new Constellation()).setErr(new PrintWriter(new StringWriter()))
                .execute("no-such-thing"));
        assertEquals(2, new CommandLine(new Constellation()).setErr(new PrintWriter(new StringWriter()))
                .execute("index", "--shard", "x"));
        assertEquals(2, new CommandLine(new Constellation()).setErr(new PrintWriter(new StringWriter()))
                .execute("cache", "--gateway", "127.0.0.1:7200"), "a cache node needs its --index shards");
    }

    private record Run(int code, String out) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new Constellation()).setOut(new PrintWriter(out)).execute(args);
        return new Run(code, out.toString());
    }
}
