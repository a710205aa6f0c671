package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.client.ConnectionState;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Revocation reaches open sessions within the revalidation interval (250 ms by default), whether the server's own
 * store or another process (the CLI) revokes.
 */
class RevocationTest {
    private SignalingFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture(); // default revalidation interval
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void revokingThroughTheServersStoreEndsTheOpenSession() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        f.server.users().revoke("alice");
        assertEquals(
                ErrorCode.UNAUTHORIZED, alice.events().next(ErrorMessage.class).code());
        alice.events().nextState(ConnectionState.CLOSED, Duration.ofSeconds(3));
    }

    @Test
    void revokingFromAnotherConnectionToTheDatabaseEndsTheOpenSession() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        try (UserStore cli = UserStore.open(f.db)) {
            cli.revoke("alice");
        }
        assertEquals(
                ErrorCode.UNAUTHORIZED, alice.events().next(ErrorMessage.class).code());
    }
}
