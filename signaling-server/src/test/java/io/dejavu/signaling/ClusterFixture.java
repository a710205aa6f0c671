package io.dejavu.signaling;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.protocol.signaling.client.SignalingClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A real redis-server on a random port and {@code n} signaling nodes on random ports sharing it and one user
 * database (a SQLite file, or the PostgreSQL it is given), with short timeouts; closing stops the clients, the nodes and Redis.
 */
final class ClusterFixture implements AutoCloseable {
    final RedisServerProcess redis;
    final List<SignalingServer> nodes = new ArrayList<>();
    final Path db;
    private final Map<String, String> tokens = new HashMap<>();
    private final List<AutoCloseable> opened = new ArrayList<>();

    ClusterFixture(int n) throws Exception {
        this(n, null);
    }

    /** {@code n} nodes sharing {@code database}; null for a fresh SQLite file. */
    ClusterFixture(int n, DatabaseLocation database) throws Exception {
        Path dir = Path.of("target", "test-dbs");
        Files.createDirectories(dir);
        db = dir.resolve(UUID.randomUUID() + ".db");
        DatabaseLocation users = database == null ? DatabaseLocation.sqlite(db) : database;
        redis = RedisServerProcess.start();
        try {
            for (int i = 0; i < n; i++) {
                SignalingServer node = new SignalingServer(
                        SignalingServerOptions.builder(users, SignalingFixture.SIGNER)
                                .heartbeat(Duration.ofMillis(300), Duration.ofMillis(1500))
                                .resumeGrace(Duration.ofSeconds(3))
                                .ringTimeout(Duration.ofSeconds(20))
                                .presenceInterval(Duration.ofMillis(50))
                                .build(),
                        redis.uri());
                nodes.add(node);
                node.start();
            }
        } catch (Exception e) {
            close();
            throw e;
        }
    }

    SignalingServer node(int i) {
        return nodes.get(i);
    }

    String token(String user) throws UserStoreException {
        return token(user, 0);
    }

    /** The user's token, registering the user through node {@code i} the first time. */
    String token(String user, int i) throws UserStoreException {
        String t = tokens.get(user);
        if (t == null) {
            t = nodes.get(i).users().addUser(user);
            tokens.put(user, t);
        }
        return t;
    }

    /** A connected client of node {@code i} that falls back to the {@code others} nodes. */
    SignalingFixture.Connected connect(String user, int i, boolean presence, int... others) throws Exception {
        URI[] fallbacks = new URI[others.length];
        for (int k = 0; k < others.length; k++) {
            fallbacks[k] = nodes.get(others[k]).uri();
        }
        return connectTo(user, nodes.get(i).uri(), presence, fallbacks);
    }

    /** A connected client of the node at {@code uri} (one this fixture may not have started). */
    SignalingFixture.Connected connectTo(String user, URI uri, boolean presence, URI... others) throws Exception {
        Events events = new Events();
        List<URI> fallbacks = List.of(others);
        SignalingClient client = SignalingClient.builder(uri, token(user))
                .listener(events)
                .presence(presence)
                .fallbacks(fallbacks)
                .connectTimeout(Duration.ofSeconds(3))
                .build();
        opened.add(client);
        client.connect();
        return new SignalingFixture.Connected(client, events);
    }

    @Override
    public void close() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        for (SignalingServer node : nodes) {
            node.close();
        }
        redis.close();
    }
}
