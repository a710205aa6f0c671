package io.dejavu.cli.demo;

import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.signaling.SignalingServer;
import io.dejavu.signaling.SignalingServerException;
import io.dejavu.signaling.SignalingServerOptions;
import io.dejavu.signaling.UserStoreException;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.StoreConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * The demo's embedded back end: a signaling server and a caller-model store on random loopback
 * ports, with SQLite files in the work folder, sharing a fresh ticket secret, and two users.
 */
final class DemoServers implements AutoCloseable {
    static final String CALLER = "alice";
    static final String CALLEE = "bob";

    private final SignalingServer signaling;
    private final ModelStoreServer store;
    private final String adminToken;
    private final String callerToken;
    private final String calleeToken;

    private DemoServers(
            SignalingServer signaling,
            ModelStoreServer store,
            String adminToken,
            String callerToken,
            String calleeToken) {
        this.signaling = signaling;
        this.store = store;
        this.adminToken = adminToken;
        this.callerToken = callerToken;
        this.calleeToken = calleeToken;
    }

    /** Starts both servers with fresh databases under {@code work}; the generic model is served when given. */
    static DemoServers start(Path work, Optional<Path> genericModel) throws IOException {
        Path dir = Files.createDirectories(
                work.resolve("servers-" + ProcessHandle.current().pid()));
        String secret = randomText(32);
        String admin = randomText(24);
        SignalingServer signaling = null;
        ModelStoreServer store = null;
        try {
            Files.deleteIfExists(dir.resolve("users.db"));
            Files.deleteIfExists(dir.resolve("models.db"));
            signaling = new SignalingServer(
                    SignalingServerOptions.builder(dir.resolve("users.db"), TicketSigner.fromText(secret))
                            .port(0)
                            .build());
            signaling.start();
            String callerToken = signaling.users().addUser(CALLER);
            String calleeToken = signaling.users().addUser(CALLEE);
            StoreConfig.Builder config = StoreConfig.builder(dir.resolve("models.db"), admin)
                    .port(0)
                    .ticketSecret(secret)
                    // Tickets end with their call (ADR 0304).
                    .signaling(URI.create("http://127.0.0.1:" + signaling.port()));
            genericModel.ifPresent(config::genericModel);
            store = new ModelStoreServer(config.build());
            store.start();
            return new DemoServers(signaling, store, admin, callerToken, calleeToken);
        } catch (SignalingServerException | UserStoreException | IOException | RuntimeException e) {
            closeQuietly(store);
            closeQuietly(signaling);
            throw new IOException("cannot start the demo servers: " + e.getMessage(), e);
        }
    }

    URI signalingUri() {
        return signaling.uri();
    }

    URI storeUri() {
        return store.uri();
    }

    String adminToken() {
        return adminToken;
    }

    String callerToken() {
        return callerToken;
    }

    String calleeToken() {
        return calleeToken;
    }

    @Override
    public void close() {
        closeQuietly(store);
        closeQuietly(signaling);
    }

    private static String randomText(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            // shutting down; nothing left to do with it
        }
    }
}
