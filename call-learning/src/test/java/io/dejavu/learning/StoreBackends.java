package io.dejavu.learning;

import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.StoreConfig;
import io.dejavu.training.TestModels;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A real signaling server and caller-model store on random loopback ports, sharing a ticket secret
 * (so signaling's publish credentials open the store), each on its own SQLite file, with the user
 * {@code alice} signed up.
 */
final class StoreBackends implements AutoCloseable {
    static final String SECRET = "learning-test-ticket-secret-0123456789";
    static final String ADMIN = "learning-test-admin-token-0123456789";

    final Path dir;
    final SignalingServer signaling;
    final ModelStoreServer store;
    final String aliceToken;
    /** The key alice's signaling client would hold. */
    final TicketKey aliceKey = TicketKey.generate();

    StoreBackends(Path dir) throws Exception {
        this.dir = Files.createDirectories(dir);
        signaling = new SignalingServer(
                SignalingServerOptions.builder(dir.resolve("users.db"), TicketSigner.fromText(SECRET))
                        .host("127.0.0.1")
                        .port(0)
                        .build());
        signaling.start();
        aliceToken = signaling.users().addUser("alice");
        store = new ModelStoreServer(StoreConfig.builder(dir.resolve("models.db"), ADMIN)
                .host("127.0.0.1")
                .port(0)
                .ticketSecret(SECRET)
                .build());
        store.start();
    }

    /** Alice's way to her own model, as her app wires it. */
    PersonalModelFetcher fetcher(Path learningDir) {
        return new PersonalModelFetcher(store.uri(), signaling.uri(), aliceToken, aliceKey, learningDir);
    }

    StorePublisher publisher(Path learningDir) {
        return new StorePublisher(store.uri(), signaling.uri(), aliceToken, aliceKey, learningDir.resolve("store"));
    }

    /**
     * A small real model of alice's (identity enhancer, random scorer) as the admin's training tools
     * make one, written to {@code dir}; {@code gainDb} in its metrics tells versions apart.
     */
    static ModelBundle aliceModel(Path dir, double gainDb) throws IOException, BundleFormatException {
        return ModelBundle.readDirectory(TestModels.bundle(dir, "alice", Map.of("gain_db", gainDb)));
    }

    /** Publishes {@code bundle} with the admin token and makes it active; its version. */
    int publishAsAdmin(ModelBundle bundle) throws Exception {
        try (ModelStoreClient admin = adminClient()) {
            return admin.upload(bundle, ADMIN, true).version();
        }
    }

    /** Makes {@code version} of alice's model the active one again, as an admin's rollback does. */
    void activate(int version) throws Exception {
        try (ModelStoreClient admin = adminClient()) {
            admin.activate("alice", version, ADMIN);
        }
    }

    void deleteAllOfAlice() throws Exception {
        try (ModelStoreClient admin = adminClient()) {
            admin.deleteCaller("alice", ADMIN);
        }
    }

    URI storeUri() {
        return store.uri();
    }

    private ModelStoreClient adminClient() {
        return ModelStoreClient.builder(store.uri())
                .cacheDir(dir.resolve("admin-cache"))
                .build();
    }

    @Override
    public void close() {
        store.close();
        signaling.close();
    }
}
