package io.dejavu.cli.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.call.VideoCodec;
import io.dejavu.learning.learn.LearnerBudget;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.signaling.SignalingCodec;
import io.dejavu.store.ModelBundle;
import io.dejavu.testing.SampleFootage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * {@code demo learn} end to end on tiny settings (two 10 s calls: keeping starts 3 s after connecting and
 * the replay's first 3 s are left out, so 4 s of pairs a call; 5 s of fine-tuning), with both
 * embedded servers behind proxies that keep every byte the app sends them: the privacy
 * test. Nothing but the model may leave the machine: the store receives only model bundles of
 * alice's own model (three model files each), signaling only its JSON messages and the publish
 * credential request, and nothing the size of a frame.
 */
class DemoLearnIT {
    /** A 400x300 Y plane; no message to signaling comes near it (SDP offers are a few KB). */
    private static final int FRAME_BYTES = 400 * 300;

    @Test
    void everyCallTeachesAndNothingButTheModelReachesTheServers() throws Exception {
        Path work = SampleFootage.tempDir("demo-learn");
        Path generic =
                Paths.get("..", "models", "generic-call").toAbsolutePath().normalize();
        Path earlier = SampleFootage.require(SampleFootage.ONE_MAN);
        Path later = SampleFootage.require(SampleFootage.ONE_MAN_OTHER_TAKE);
        StringWriter err = new StringWriter();
        DemoLearn.Settings settings = new DemoLearn.Settings(
                2,
                Duration.ofSeconds(10),
                VideoCodec.VP8,
                Optional.empty(),
                LearnerBudget.defaults().withMaxTime(Duration.ofSeconds(5)),
                30,
                1);

        LearnReport report;
        List<byte[]> toStore;
        List<byte[]> toSignaling;
        try (DemoServers servers = DemoServers.start(work, Optional.of(generic));
                WatchingProxy store =
                        new WatchingProxy("store", servers.storeUri().getPort());
                WatchingProxy signaling =
                        new WatchingProxy("signaling", servers.signalingUri().getPort())) {
            DemoLearn.Endpoints watched =
                    new DemoLearn.Endpoints(signaling.in(servers.signalingUri()), store.in(servers.storeUri()));
            report = new DemoLearn(work, generic, new PrintWriter(err, true))
                    .run(servers, watched, earlier, later, settings);
            toStore = store.sent();
            toSignaling = signaling.sent();
        }

        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(report.toJson()));
        assertEquals(2, json.path("gains_db").size(), json::toString);
        assertEquals(2, json.path("versions").size(), json::toString);
        assertEquals(2, json.path("training_seconds").size(), json::toString);
        assertTrue(json.path("generic_gain_db").isNumber(), json::toString);
        assertTrue(json.path("frames_dropped_during_calls").isIntegralNumber(), json::toString);
        for (JsonNode s : json.path("training_seconds")) {
            assertTrue(s.asDouble() > 0, json::toString);
        }
        long published = report.rows().stream().filter(r -> r.version() > 0).count();

        List<Traffic.Request> uploads = new ArrayList<>();
        for (byte[] connection : toStore) {
            uploads.addAll(Traffic.read(connection).requests);
        }
        assertEquals(published, uploads.size(), () -> "one upload per published version, nothing else; " + err);
        for (Traffic.Request r : uploads) {
            assertEquals("POST", r.method());
            assertEquals("/v1/models/alice/versions", r.path());
            assertTrue(r.header("authorization").startsWith("Publish "), "as alice herself (ADR 0308)");
            assertEquals(Set.of(ModelBundle.ENHANCER, ModelBundle.SCORER, ModelBundle.METADATA), zipEntries(r.body()));
        }

        int messages = 0;
        for (byte[] connection : toSignaling) {
            Traffic t = Traffic.read(connection);
            for (Traffic.Request r : t.requests) {
                boolean socket = r.method().equals("GET") && r.header("upgrade").equalsIgnoreCase("websocket");
                boolean credential = r.method().equals("POST") && r.path().equals("/v1/publish-credentials");
                assertTrue(
                        socket || credential, () -> "unexpected request to signaling: " + r.method() + " " + r.path());
                assertEquals(0, r.body().length, "requests to signaling carry no body");
            }
            for (Traffic.Frame f : t.frames) {
                assertTrue(f.opcode() != 2, "no binary WebSocket message");
                assertTrue(f.payload().length < FRAME_BYTES / 4, () -> "a message of " + f.payload().length + " bytes");
                if (f.opcode() == 1) {
                    messages++;
                    // Only the protocol's own messages: decoding anything else fails.
                    SignalingCodec.decode(f.text());
                }
            }
        }
        assertTrue(messages > 0, "the watcher saw the signaling messages of the calls");
    }

    private static Set<String> zipEntries(byte[] zip) throws Exception {
        Set<String> names = new HashSet<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            while ((e = in.getNextEntry()) != null) {
                names.add(e.getName());
            }
        }
        return names;
    }
}
