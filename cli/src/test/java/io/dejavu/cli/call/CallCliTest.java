package io.dejavu.cli.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.cli.Cli;
import io.dejavu.testing.SampleFootage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * {@code loopback}'s refusals, before any call: in a fresh JVM as {@code ./dejavu} runs it, or in process
 * for usage errors. The call itself is {@link CallCliIT}.
 */
class CallCliTest {
    @Test
    void missingVideoIsAFailureWithExitCode1() throws Exception {
        CallCliProcess.Result r = CallCliProcess.run("loopback", "--video", "/no/such/clip.mp4", "--seconds", "1");
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("dejavu: file not found: /no/such/clip.mp4"), r.stderr());
        assertFalse(r.stderr().contains("libwebrtc runtime open"), "refused before opening libwebrtc: " + r.stderr());
    }

    @Test
    void unreadableVideoIsAFailureWithExitCode1() throws Exception {
        Path junk = Files.writeString(SampleFootage.tempDir("cli").resolve("junk.mp4"), "this is not a video");
        CallCliProcess.Result r = CallCliProcess.run("loopback", "--video", junk.toString(), "--seconds", "1");
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("dejavu: cannot open video file " + junk), r.stderr());
        assertFalse(r.stderr().contains("\tat "), "no stack trace: " + r.stderr());
    }

    @ParameterizedTest
    @CsvSource(
            textBlock =
                    """
            --bitrate -5,                          --bitrate must be 30..20000 kbps, got -5
            --seconds 0,                           --seconds must be in (0, 3600], got 0.0
            --codec mpeg2,                         mpeg2
            --size abc,                            'frame size must look like WxH (e.g. 256x256, 640x360), got ''abc'''
            --no-such-option,                      --no-such-option
            """)
    void badOptionIsAUsageErrorBeforeAnyCall(String options, String expected) {
        List<String> args = new ArrayList<>(List.of("loopback", "--video", "/no/such/clip.mp4"));
        args.addAll(List.of(options.split(" ")));
        StringWriter err = new StringWriter();
        CommandLine cli = CallCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        assertEquals(Cli.USAGE, cli.execute(args.toArray(String[]::new)), err.toString());
        assertTrue(err.toString().startsWith(Cli.PREFIX), err.toString());
        assertTrue(err.toString().contains(expected), err.toString());
        assertTrue(err.toString().contains("(see ./dejavu loopback --help)"), err.toString());
        assertFalse(err.toString().contains("Exception"), "no exception class names: " + err);
    }
}
