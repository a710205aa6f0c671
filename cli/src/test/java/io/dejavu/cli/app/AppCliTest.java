package io.dejavu.cli.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class AppCliTest {
    @Test
    void appCommandTakesServerUserAndStore() {
        CommandLine cli = AppCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("app", "--help"));
        assertTrue(out.toString().contains("--server=URL"), out.toString());
        assertTrue(out.toString().contains("--user=NAME"), out.toString());
        assertTrue(out.toString().contains("--store=URL"), out.toString());
        assertTrue(out.toString().contains("--video=FILE"), out.toString());
    }

    @Test
    void demoAndItsSweepAreRegistered() {
        CommandLine demo = AppCli.commandLine().getSubcommands().get("demo");
        assertTrue(demo != null, "no demo command");
        assertTrue(demo.getSubcommands().containsKey("sweep"), "no demo sweep command");
    }

    @Test
    void unknownOptionIsAUsageError() {
        CommandLine cli = AppCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertEquals(2, cli.execute("app", "--colour", "red"));
    }

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cli = AppCli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** Each bad option is refused with exit 2 before the demo reads footage or trains anything. */
    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            demo --headless --bitrate -5,        --bitrate must be 30..20000 kbps, got -5
            demo --headless --seconds 1,         --seconds must be 2..3600, got 1
            demo --headless --k 2,               --k must be in 0..1, got 2.0
            demo --headless --train-minutes 0,   --train-minutes must be in (0, 600], got 0.0
            demo --headless --pairs carrier,     unknown pair source 'carrier': use ffmpeg or call
            demo --headless --codec av1,         --codec must be vp8 or h264, got av1
            demo --headless --threads 0,         --threads must be 1..64, got 0
            demo sweep --bitrates 5,             --bitrates must be 30..20000 kbps, got 5
            demo --headless --bitrate,           Missing required parameter for option '--bitrate'
            """)
    void demoRefusesABadOptionBeforeAnyWork(String args, String expected) {
        Run r = run(args.split(" "));
        assertEquals(Cli.USAGE, r.code(), r.err());
        assertTrue(r.err().startsWith(Cli.PREFIX + expected), r.err());
        assertFalse(r.err().contains("footage"), "no work before the check: " + r.err());
        assertFalse(r.err().contains("training"), "no work before the check: " + r.err());
        assertEquals("", r.out());
    }

    @Test
    void demoWithAMissingClipFailsWithExitOneBeforeAnyWork() {
        Run r = run("demo", "--headless", "--clip", "/no/such/clip.mp4");
        assertEquals(Cli.FAILURE, r.code(), r.err());
        assertEquals("dejavu: file not found: /no/such/clip.mp4", r.err().strip());
    }
}
