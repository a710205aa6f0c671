package io.dejavu.protocol.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The one exit-code table and error prefix, through a real picocli command. */
class CliTest {
    @Command(name = "dejavu", subcommands = Work.class)
    static final class Root {}

    @Command(name = "work")
    static final class Work implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--count")
        int count = 1;

        @Option(names = "--fail")
        String fail = "";

        static int started;

        @Override
        public Integer call() throws Exception {
            if (count < 1) {
                throw Cli.usage(spec, "--count must be at least 1, got " + count);
            }
            started++;
            switch (fail) {
                case "file" -> throw new NoSuchFileException("/no/such/clip.mp4");
                case "state" -> throw new IllegalStateException("the store refused the bundle\n  at line 3");
                case "bug" -> throw new NullPointerException("x is null");
                case "json" ->
                    throw new java.io.IOException("bundle metadata.json is not valid JSON: Unexpected"
                            + " character ('}' (code 125)) at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION`"
                            + " disabled); line: 1, column: 9]");
                case "video" ->
                    throw new java.io.IOException("cannot read junk.mp4: avformat_open_input() error"
                            + " -1094995529: Could not open input \"junk.mp4\". (Has setFormat() been called?)");
                default -> {
                    return Cli.OK;
                }
            }
        }
    }

    private record Run(int code, String err) {}

    private static Run run(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Cli.configure(new CommandLine(new Root()));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new Run(code, err.toString());
    }

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            work --count 0,   --count must be at least 1, got 0
            work --count x,   Invalid value for option '--count'
            work --bogus,     Unknown option: '--bogus'
            nothing,          Unmatched argument at index 0: 'nothing'
            """)
    void badCommandLineIsAUsageErrorOnOneLine(String args, String expected) {
        Work.started = 0;
        Run r = run(args.split(" "));
        assertEquals(Cli.USAGE, r.code(), r.err());
        assertTrue(r.err().startsWith(Cli.PREFIX + expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertEquals(0, Work.started, "no work before the options are checked");
    }

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            file,   dejavu: file not found: /no/such/clip.mp4
            state,  dejavu: the store refused the bundle
            bug,    dejavu: internal error: NullPointerException: x is null (DEJAVU_LOG_LEVEL=DEBUG shows where)
            """)
    void failedWorkExitsOneWithOneLine(String fail, String expected) {
        Run r = run("work", "--fail", fail);
        assertEquals(Cli.FAILURE, r.code(), r.err());
        assertEquals(expected, r.err().strip());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    }

    @Test
    void libraryInternalsInAMessageAreLeftOut() {
        assertEquals(
                "dejavu: bundle metadata.json is not valid JSON: Unexpected character ('}' (code 125))",
                run("work", "--fail", "json").err().strip());
        assertEquals(
                "dejavu: cannot read junk.mp4: avformat_open_input() error -1094995529: Could not open input"
                        + " \"junk.mp4\".",
                run("work", "--fail", "video").err().strip());
    }

    @ParameterizedTest
    @CsvSource({"work", "work --count 3"})
    void workThatSucceedsExitsZero(String args) {
        assertEquals(Cli.OK, run(args.split(" ")).code());
    }
}
