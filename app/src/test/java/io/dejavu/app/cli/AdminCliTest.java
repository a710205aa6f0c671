package io.dejavu.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.protocol.Json;
import io.dejavu.testing.SampleFootage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./dejavu train --pairs call}: a short real training run on pairs recorded through a loopback call. */
class AdminCliTest {
    private static final Path GENERIC =
            Paths.get("..", "models", "generic").toAbsolutePath().normalize();

    @Test
    void trainsOnPairsRecordedThroughALoopbackCall() throws Exception {
        Path out = SampleFootage.tempDir("admin-cli").resolve("model");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = AdminCli.commandLine(new PrintWriter(stderr, true));
        cli.setOut(new PrintWriter(stdout, true)).setErr(new PrintWriter(stderr, true));

        int exit = cli.execute(
                "train",
                "--caller",
                "alice",
                "--video",
                SampleFootage.require("ed_pose2_man_60s_256.mp4").toString(),
                "--out",
                out.toString(),
                "--base",
                GENERIC.toString(),
                "--generic",
                GENERIC.toString(),
                "--max-frames",
                "100",
                "--size",
                "128x128",
                "--bitrate",
                "60",
                "--max-steps",
                "10",
                "--scorer-seconds",
                "2",
                "--pairs",
                "call",
                "--json");

        assertEquals(0, exit, () -> "train failed:\n" + stderr + stdout);
        JsonNode metadata = Json.mapper().readTree(Files.readString(out.resolve("metadata.json")));
        String encoder = metadata.path("data").path("encoder").asText();
        assertTrue(encoder.startsWith("libwebrtc vp8 over a loopback call"), encoder);
        assertTrue(Files.size(out.resolve("enhancer.onnx")) > 0);
    }

    @Test
    void evaluatesOnWhatALoopbackCallDecodes() throws Exception {
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = AdminCli.commandLine(new PrintWriter(stderr, true));
        cli.setOut(new PrintWriter(stdout, true)).setErr(new PrintWriter(stderr, true));

        int exit = cli.execute(
                "evaluate",
                "--model",
                GENERIC.toString(),
                "--video",
                SampleFootage.require("ed_pose2_man_60s_256.mp4").toString(),
                "--max-frames",
                "60",
                "--size",
                "128x128",
                "--bitrate",
                "60",
                "--pairs",
                "call",
                "--json");

        assertEquals(0, exit, () -> "evaluate failed:\n" + stderr + stdout);
        assertTrue(stdout.toString().contains("encoder: libwebrtc vp8 over a loopback call"), stdout::toString);
        String[] lines = stdout.toString().strip().split("\\R");
        JsonNode result = Json.mapper().readTree(lines[lines.length - 1]);
        assertTrue(result.path("frames").asInt() >= 40, result::toString);
        assertTrue(result.path("psnr_decoded").asDouble() > 25, result::toString);
    }
}
