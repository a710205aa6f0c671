package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingException;
import io.dejavu.signaling.SignalingFixture.Connected;
import io.dejavu.testing.Await;
import io.dejavu.testing.postgres.EmbeddedPostgresServer;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two signaling nodes sharing one Redis and one real PostgreSQL (embedded, random port): what one node writes to the
 * user database, the other acts on (ADR 0309).
 */
class SharedUsersClusterTest {
    @RegisterExtension
    static final EmbeddedPostgresServer PG = new EmbeddedPostgresServer();

    private static DatabaseLocation freshDatabase() {
        return new DatabaseLocation.Postgres(PG.newDatabaseUrl("users"), Optional.empty());
    }

    @Test
    void aUserRegisteredThroughOneNodeSignsInOnTheOther() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2, freshDatabase())) {
            cluster.token("alice", 0);
            cluster.token("bob", 0);
            Connected alice = cluster.connect("alice", 1, false);
            Connected bob = cluster.connect("bob", 0, false);
            assertEquals("alice", alice.client().welcome().orElseThrow().user());

            String callId = bob.client().invite("alice");
            assertEquals(callId, alice.events().next(Invite.class).callId());
        }
    }

    @Test
    void aTokenRevokedOnOneNodeIsRefusedOnTheOtherAndEndsItsSessionThere() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2, freshDatabase())) {
            String token = cluster.token("alice", 0);
            Connected alice = cluster.connect("alice", 1, false);

            cluster.node(0).users().revoke("alice");

            assertEquals(
                    ErrorCode.UNAUTHORIZED,
                    alice.events().next(ErrorMessage.class).code());
            SignalingException refused = assertThrows(SignalingException.class, () -> connect(cluster.node(1), token));
            assertEquals(ErrorCode.UNAUTHORIZED, refused.code().orElseThrow());
        }
    }

    @Test
    void aBlockListWrittenOnOneNodeIsReadOnTheOther() throws Exception {
        try (ClusterFixture cluster = new ClusterFixture(2, freshDatabase())) {
            cluster.node(0).users().block("alice", "mallory", 10);
            assertEquals(java.util.List.of("mallory"), cluster.node(1).users().blockedBy("alice"));
        }
    }

    @Test
    void nodesSignUsersInAgainByThemselvesAfterTheirDatabaseConnectionsAreCut() throws Exception {
        DatabaseLocation database = freshDatabase();
        String name = EmbeddedPostgresServer.databaseName(((DatabaseLocation.Postgres) database).url());
        try (ClusterFixture cluster = new ClusterFixture(2, database)) {
            String alice = cluster.token("alice", 0);
            String bob = cluster.token("bob", 1);

            PG.executeAsAdmin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name
                    + "' AND pid <> pg_backend_pid()");

            Await.until("node 0 signs alice in again", Duration.ofSeconds(30), () -> signsIn(cluster.node(0), alice));
            Await.until("node 1 signs alice in again", Duration.ofSeconds(30), () -> signsIn(cluster.node(1), alice));
            cluster.node(1).users().revoke("bob");
            SignalingException refused = assertThrows(SignalingException.class, () -> connect(cluster.node(0), bob));
            assertEquals(ErrorCode.UNAUTHORIZED, refused.code().orElseThrow());
        }
    }

    private static boolean signsIn(SignalingServer node, String token) {
        try {
            connect(node, token);
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void connect(SignalingServer node, String token) throws Exception {
        URI uri = node.uri();
        try (SignalingClient client = SignalingClient.builder(uri, token)
                .connectTimeout(Duration.ofSeconds(3))
                .build()) {
            client.connect();
        }
    }
}
