package io.dejavu.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
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
}
