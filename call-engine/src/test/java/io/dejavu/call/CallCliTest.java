package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.call.cli.CallCli;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.cli.Cli;
import io.dejavu.testing.SampleFootage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * Runs {@code loopback} the way {@code ./dejavu} does: a fresh JVM (libwebrtc allows one factory per
 * process, and the JVM must be able to exit after the call).
 */
class CallCliTest {
    private record Result(int exit, List<String> stdout, String stderr) {}

    private static Result runCli(String... args) throws IOException, InterruptedException {
        Path dir = SampleFootage.tempDir("cli");
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                "io.dejavu.call.cli.CallCli"));
        command.addAll(List.of(args));
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("MALLOC_ARENA_MAX", "2");
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("CLI did not exit within 90 s: " + Files.readString(err));
        }
        return new Result(
                p.exitValue(),
                Files.readAllLines(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void loopbackThroughTheSignalingServerPrintsJsonLastAndExits() throws Exception {
        Path clip = SampleFootage.require(SampleFootage.ONE_MAN_OTHER_TAKE);
        Result r = runCli(
                "loopback",
                "--video",
                clip.toString(),
                "--bitrate",
                "150",
                "--seconds",
                "2",
                "--warmup",
                "1",
                "--size",
                "256x256",
                "--json");
        assertEquals(0, r.exit(), r.stderr());
        JsonNode json = Json.mapper().readTree(r.stdout().get(r.stdout().size() - 1));
        for (String key : List.of(
                "codec",
                "target_kbps",
                "measured_kbps",
                "frames_sent",
                "frames_received",
                "fps_received",
                "psnr_y",
                "setup_ms")) {
            assertTrue(json.has(key), "missing " + key + " in " + json);
        }
        assertEquals("VP8", json.get("codec").asText());
        assertEquals(150, json.get("target_kbps").asInt());
        assertTrue(json.get("frames_received").asLong() > 20, json.toString());
        assertTrue(json.get("psnr_y").asDouble() > 25, json.toString());
        assertTrue(r.stderr().contains("signaling server listening"), "did not go through the server");
        // AUTO must settle on an audio mode instead of hanging on a machine without a sound server.
        assertTrue(r.stderr().contains("libwebrtc runtime open (audio "), r.stderr());
    }

    @Test
    void missingVideoIsAFailureWithExitCode1() throws Exception {
        Result r = runCli("loopback", "--video", "/no/such/clip.mp4", "--seconds", "1");
        assertEquals(1, r.exit(), r.stderr());
        assertTrue(r.stderr().contains("dejavu: file not found: /no/such/clip.mp4"), r.stderr());
        assertFalse(r.stderr().contains("libwebrtc runtime open"), "refused before opening libwebrtc: " + r.stderr());
    }

    @Test
    void unreadableVideoIsAFailureWithExitCode1() throws Exception {
        Path junk = Files.writeString(SampleFootage.tempDir("cli").resolve("junk.mp4"), "this is not a video");
        Result r = runCli("loopback", "--video", junk.toString(), "--seconds", "1");
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
    }
}
