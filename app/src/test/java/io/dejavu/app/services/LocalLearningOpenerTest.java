package io.dejavu.app.services;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.app.session.LearningAccount;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The opener wires the user's own model in the store (the personal model an admin trained for
 * them) as what their learning starts from: real signaling and store servers on random ports, the
 * account as the app signs in with it.
 */
class LocalLearningOpenerTest {
    private static final String SECRET = "opener-test-ticket-secret-0123456789";
    private static final String ADMIN = "opener-test-admin-token-0123456789";

    @TempDir
    Path tmp;

    private SignalingServer signaling;
    private ModelStoreServer store;
    private String aliceToken;

    @BeforeEach
    void start() throws Exception {
        signaling = new SignalingServer(
                SignalingServerOptions.builder(tmp.resolve("users.db"), TicketSigner.fromText(SECRET))
                        .host("127.0.0.1")
                        .port(0)
                        .build());
        signaling.start();
        aliceToken = signaling.users().addUser("alice");
        store = new ModelStoreServer(StoreConfig.builder(tmp.resolve("models.db"), ADMIN)
                .host("127.0.0.1")
                .port(0)
                .ticketSecret(SECRET)
                .build());
        store.start();
    }

    @AfterEach
    void stop() {
        store.close();
        signaling.close();
    }

    @Test
    void learningOfAUserAnAdminTrainedStartsFromTheirPersonalModel() throws Exception {
        ModelBundle admins = aliceModel();
        try (ModelStoreClient admin = ModelStoreClient.builder(store.uri())
                .cacheDir(tmp.resolve("admin-cache"))
                .build()) {
            admin.upload(admins, ADMIN, true);
        }
        Path dir = tmp.resolve("learning").resolve("alice");
        LearningAccount account = new LearningAccount(
                "alice",
                signaling.uri(),
                aliceToken,
                TicketKey.generate(),
                store.uri().toString());

        Optional<Path> personal =
                LocalLearningOpener.personalModel(account, dir).get();

        assertTrue(personal.isPresent(), "the admin's model of alice");
        assertTrue(personal.get().startsWith(dir), personal.get()::toString);
        assertArrayEquals(
                admins.enhancerOnnx(), Files.readAllBytes(personal.get().resolve(ModelBundle.ENHANCER)));
    }

    @Test
    void withoutAStoreLearningStartsFromWhatThisMachineHas() {
        LearningAccount account = new LearningAccount("alice", signaling.uri(), aliceToken, TicketKey.generate(), "");

        assertEquals(
                Optional.empty(),
                LocalLearningOpener.personalModel(account, tmp.resolve("alice")).get());
    }

    private static ModelBundle aliceModel() {
        EdsrWeights w = EdsrWeights.identity(16, 4);
        ModelMetadata meta = new ModelMetadata(
                        "alice",
                        w.architecture(),
                        w.receptiveFieldRadius(),
                        0,
                        "vp8",
                        50,
                        256,
                        256,
                        Map.of("clips", "opener test"),
                        Map.of(),
                        Instant.now())
                .withOperatingRange(OperatingRange.derived("vp8", 256, 256, 50));
        return ModelBundle.of(meta, OnnxModels.writeEnhancer(w), null);
    }
}
