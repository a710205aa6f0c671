package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.client.ConnectionState;
import io.dejavu.testing.postgres.Backend;
import io.dejavu.testing.postgres.EmbeddedPostgresServer;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Revocation reaches open sessions within the revalidation interval (250 ms by default), whether the server's own
 * store or another process (the CLI) revokes; on a SQLite file and on PostgreSQL.
 */
class RevocationTest {
    @RegisterExtension
    static final EmbeddedPostgresServer PG = new EmbeddedPostgresServer();

    private SignalingFixture f;

    private void start(Backend backend) throws Exception {
        DatabaseLocation database = backend == Backend.SQLITE
                ? null
                : new DatabaseLocation.Postgres(PG.newDatabaseUrl("users"), Optional.empty());
        f = new SignalingFixture(database, b -> b); // default revalidation interval
    }

    @AfterEach
    void stop() throws Exception {
        if (f != null) {
            f.close();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revokingThroughTheServersStoreEndsTheOpenSession(Backend backend) throws Exception {
        start(backend);
        SignalingFixture.Connected alice = f.connect("alice");
        f.server.users().revoke("alice");
        assertEquals(
                ErrorCode.UNAUTHORIZED, alice.events().next(ErrorMessage.class).code());
        alice.events().nextState(ConnectionState.CLOSED, Duration.ofSeconds(3));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void revokingFromAnotherConnectionToTheDatabaseEndsTheOpenSession(Backend backend) throws Exception {
        start(backend);
        SignalingFixture.Connected alice = f.connect("alice");
        try (UserStore cli = UserStore.open(f.database)) {
            cli.revoke("alice");
        }
        assertEquals(
                ErrorCode.UNAUTHORIZED, alice.events().next(ErrorMessage.class).code());
    }
}
