package io.dejavu.app.ui;

import io.dejavu.app.services.SharedMediaRuntime;
import io.dejavu.call.MediaRuntime;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.protocol.ticket.PublishCredentials;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.StoreConfig;
import io.dejavu.testing.SampleFootage;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Real back ends on loopback for the UI tests: a signaling server and a caller-model store sharing
 * a ticket secret, each with its own SQLite file, and the process's one libwebrtc runtime.
 */
final class Backends implements AutoCloseable {
    static final String SECRET = "ui-test-ticket-secret-0123456789";
    static final String ADMIN = "ui-test-admin-token-0123456789";
    private static SharedMediaRuntime media;

    final Path dir;
    final SignalingServer signaling;
    final ModelStoreServer store;
    final Map<String, String> tokens = new HashMap<>();

    Backends(String... users) throws Exception {
        dir = SampleFootage.tempDir("ui-backends");
        signaling = new SignalingServer(
                SignalingServerOptions.builder(dir.resolve("users.db"), TicketSigner.fromText(SECRET))
                        .host("127.0.0.1")
                        .port(0)
                        .build());
        signaling.start();
        for (String u : users) {
            tokens.put(u, signaling.users().addUser(u));
        }
        store = new ModelStoreServer(StoreConfig.builder(dir.resolve("models.db"), ADMIN)
                .host("127.0.0.1")
                .port(0)
                .ticketSecret(SECRET)
                .build());
        store.start();
    }

    /** The libwebrtc runtime shared by every test of this JVM (libwebrtc wants one per process). */
    static synchronized SharedMediaRuntime media() {
        if (media == null) {
            media = new SharedMediaRuntime(MediaRuntime.Audio.HEADLESS);
            SharedMediaRuntime m = media;
            Runtime.getRuntime().addShutdownHook(new Thread(m::close, "dejavu-test-media-close"));
        }
        return media;
    }

    URI signalingUri() {
        return signaling.uri();
    }

    String storeUrl() {
        return store.uri().toString();
    }

    /** Publishes a small personal model (random EDSR weights, no scorer) for {@code caller}; returns its version. */
    int publishModel(String caller) throws Exception {
        try (ModelStoreClient admin = client()) {
            return admin.upload(bundle(caller), ADMIN, true).version();
        }
    }

    /**
     * Publishes a version of {@code user}'s own model as their app does: with a publish credential
     * signaling issues for their token (ADR 0308), bound to a key of this test's own.
     */
    int publishOwnModel(String user) throws Exception {
        TicketKey key = TicketKey.generate();
        String credential = PublishCredentials.obtain(
                HttpClient.newHttpClient(), signalingUri(), tokens.get(user), key, Duration.ofSeconds(10));
        try (ModelStoreClient client = client()) {
            return client.publishOwn(bundle(user), Credential.publish(credential, key))
                    .version();
        }
    }

    /** Every version of {@code caller}'s model in the store, as the admin lists them. */
    List<ModelVersion> versions(String caller) throws Exception {
        try (ModelStoreClient admin = client()) {
            return admin.versions(caller, ADMIN);
        } catch (ModelStoreException e) {
            if (e.status() == 404) {
                return List.of();
            }
            throw e;
        }
    }

    private ModelStoreClient client() {
        return ModelStoreClient.builder(store.uri())
                .cacheDir(dir.resolve("admin-cache"))
                .build();
    }

    private static ModelBundle bundle(String caller) throws Exception {
        EdsrWeights w = EdsrWeights.random(8, 2, 42L);
        ModelMetadata meta = new ModelMetadata(
                caller,
                w.architecture(),
                w.receptiveFieldRadius(),
                0,
                "vp8",
                300,
                256,
                256,
                Map.of("clips", "ui test"),
                Map.of(),
                Instant.now(),
                // a wide range at the sizes these tests send: the tests check the app's path, not the model
                new OperatingRange(
                        "vp8",
                        List.of(
                                new OperatingRange.Size(256, 256),
                                new OperatingRange.Size(360, 288),
                                new OperatingRange.Size(400, 300),
                                new OperatingRange.Size(320, 180)),
                        0.001,
                        5.0,
                        List.of(),
                        OperatingRange.VALIDATED));
        return ModelBundle.of(meta, OnnxModels.writeEnhancer(w), null);
    }

    @Override
    public void close() {
        store.close();
        signaling.close();
    }
}
