package io.dejavu.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code demo learn} refuses a bad command line before any server, call or training starts. */
class LearnCommandTest {
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            textBlock =
                    """
            --calls, 0, --calls must be 1..50
            --seconds, 8, --seconds must be 9..600
            --train-seconds, 0, --train-seconds must be 1..3600
            --eval-frames, 5, --eval-frames must be 10..10000
            --device, tpu, unknown device 'tpu'
            --bitrate, 5, --bitrate must be 30..20000
            """)
    void refusesABadOptionAsAUsageError(String option, String value, String message) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new DemoCommand())
                .setOut(new PrintWriter(new StringWriter(), true))
                .setErr(new PrintWriter(err, true));

        int exit = cli.execute("learn", option, value);

        assertEquals(2, exit, err::toString);
        assertTrue(err.toString().contains(message), err::toString);
    }
}
