package io.constellation.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The launcher as an operator uses it: every subcommand documents itself; import reports what it did. */
class LauncherIT {

    @TempDir
    Path dir;

    @Test
    void everySubcommandAnswersHelp() {
        for (String sub : List.of("demo", "index", "import", "query")) {
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
    void unknownSubcommandAndBadOptionsAreUsageErrors() {
        assertEquals(2, new CommandLine(new Constellation()).setErr(new PrintWriter(new StringWriter()))
                .execute("no-such-thing"));
        assertEquals(2, new CommandLine(new Constellation()).setErr(new PrintWriter(new StringWriter()))
                .execute("index", "--shard", "x"));
    }

    private record Run(int code, String out) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new Constellation()).setOut(new PrintWriter(out)).execute(args);
        return new Run(code, out.toString());
    }
}
