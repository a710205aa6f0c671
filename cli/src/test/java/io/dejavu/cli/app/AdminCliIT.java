package io.dejavu.cli.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.learning.pairs.CallPathPairs;
import io.dejavu.protocol.Json;
import io.dejavu.testing.SampleFootage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/** The launcher's admin CLI with {@code --pairs call}: short real runs on pairs recorded through a loopback call. */
class AdminCliIT {
    private static final Path GENERIC =
            Paths.get("..", "models", "generic").toAbsolutePath().normalize();
    private static final String CLIP = SampleFootage.ONE_MAN;

    private record Run(int exit, String out, String err) {
        JsonNode lastLineJson() throws Exception {
            String[] lines = out.strip().split("\\R");
            return Json.mapper().readTree(lines[lines.length - 1]);
        }
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit;
        try (CallPathPairs pairs = new CallPathPairs(new PrintWriter(err, true))) {
            exit = AdminCli.commandLine(pairs)
                    .setOut(new PrintWriter(out, true))
                    .setErr(new PrintWriter(err, true))
                    .execute(args);
        }
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void trainsOnPairsRecordedThroughALoopbackCall() throws Exception {
        Path model = SampleFootage.tempDir("admin-cli").resolve("model");

        Run r = run(
                "train",
                "--caller",
                "alice",
                "--video",
                SampleFootage.require(CLIP).toString(),
                "--out",
                model.toString(),
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

        assertEquals(0, r.exit(), () -> "train failed:\n" + r.err() + r.out());
        JsonNode metadata = Json.mapper().readTree(Files.readString(model.resolve("metadata.json")));
        String encoder = metadata.path("data").path("encoder").asText();
        assertTrue(encoder.startsWith("libwebrtc vp8 over a loopback call"), encoder);
        assertTrue(Files.size(model.resolve("enhancer.onnx")) > 0);
    }

    @Test
    void evaluatesOnWhatALoopbackCallDecodes() throws Exception {
        Run r = run(
                "evaluate",
                "--model",
                GENERIC.toString(),
                "--video",
                SampleFootage.require(CLIP).toString(),
                "--max-frames",
                "60",
                "--size",
                "128x128",
                "--bitrate",
                "60",
                "--pairs",
                "call",
                "--json");

        assertEquals(0, r.exit(), () -> "evaluate failed:\n" + r.err() + r.out());
        assertTrue(r.out().contains("encoder: libwebrtc vp8 over a loopback call"), r::out);
        JsonNode result = r.lastLineJson();
        assertTrue(result.path("frames").asInt() >= 40, result::toString);
        assertTrue(result.path("psnr_decoded").asDouble() > 25, result::toString);
    }
}
