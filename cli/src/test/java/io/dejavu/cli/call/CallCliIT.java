package io.dejavu.cli.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.protocol.Json;
import io.dejavu.testing.SampleFootage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code loopback} end to end in a fresh JVM: a real libwebrtc call through the embedded signaling server. */
class CallCliIT {
    @Test
    void loopbackThroughTheSignalingServerPrintsJsonLastAndExits() throws Exception {
        Path clip = SampleFootage.require(SampleFootage.ONE_MAN_OTHER_TAKE);
        CallCliProcess.Result r = CallCliProcess.run(
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
}
