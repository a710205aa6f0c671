package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.client.ConnectionState;
import io.dejavu.protocol.signaling.client.SignalingClient;
import io.dejavu.protocol.signaling.client.SignalingException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AuthenticationTest {
    private SignalingFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture(
                b -> b.authTimeout(Duration.ofMillis(1500)).revalidateInterval(Duration.ofMillis(200)));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private SignalingException connectWith(String token) {
        SignalingClient client = f.track(SignalingClient.builder(f.server.uri(), token)
                .connectTimeout(Duration.ofSeconds(3))
                .build());
        SignalingException e = assertThrows(SignalingException.class, client::connect);
        assertEquals(ConnectionState.CLOSED, client.state());
        return e;
    }

    @Test
    void validTokenIsWelcomedAsItsUser() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        assertEquals(ConnectionState.CONNECTED, alice.client().state());
        assertEquals("alice", alice.client().welcome().orElseThrow().user());
        assertEquals(1, f.server.sessionCount());
    }

    @Test
    void wrongTokenIsRefusedAsUnauthorized() throws Exception {
        String real = f.token("alice");
        String forged = real.substring(0, real.length() - 4) + (real.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertEquals(ErrorCode.UNAUTHORIZED, connectWith(forged).code().orElseThrow());
        assertEquals(ErrorCode.UNAUTHORIZED, connectWith("not-a-token").code().orElseThrow());
        assertEquals(0, f.server.sessionCount());
    }

    @Test
    void revokedTokenIsRefused() throws Exception {
        String token = f.token("alice");
        f.server.users().revoke("alice");
        assertEquals(ErrorCode.UNAUTHORIZED, connectWith(token).code().orElseThrow());
    }

    @Test
    void revokingAConnectedUserDropsItsSessionAndEndsItsCall() throws Exception {
        SignalingFixture.Connected alice = f.connect("alice");
        SignalingFixture.Connected bob = f.connect("bob");
        String callId = alice.client().invite("bob");
        bob.events().next(io.dejavu.protocol.signaling.SignalMessage.Invite.class);
        bob.client().accept(callId);
        alice.events().next(io.dejavu.protocol.signaling.SignalMessage.CallAccepted.class);

        f.server.users().revoke("bob");
        assertEquals(
                ErrorCode.UNAUTHORIZED, bob.events().next(ErrorMessage.class).code());
        assertEquals(
                io.dejavu.protocol.signaling.EndReason.CONNECTION_LOST,
                bob.events()
                        .next(io.dejavu.protocol.signaling.SignalMessage.CallEnded.class)
                        .reason());
        bob.events().nextState(ConnectionState.CLOSED, Duration.ofSeconds(3));
        assertEquals(
                io.dejavu.protocol.signaling.EndReason.PEER_LOST,
                alice.events()
                        .next(io.dejavu.protocol.signaling.SignalMessage.CallEnded.class)
                        .reason());
        assertEquals(1, f.server.sessionCount());
    }

    @Test
    void refusedConnectionIsClosedByTheServerWithPolicyViolation() throws Exception {
        try (RawSocket raw = f.raw()) {
            raw.send(new Hello("dv1.nope.nope", null, false, "raw"));
            assertEquals(ErrorCode.UNAUTHORIZED, raw.next(ErrorMessage.class).code());
            assertEquals(1008, raw.awaitClose(Duration.ofSeconds(3)));
        }
    }

    @Test
    void helloWithAMalformedTicketKeyIsRefusedWithOneLine() throws Exception {
        try (RawSocket raw = f.raw()) {
            raw.sendText("{\"v\":1,\"type\":\"hello\",\"token\":\"" + f.token("bob")
                    + "\",\"presence\":false,\"ticketKey\":\"not-an-ed25519-key\"}");
            ErrorMessage e = raw.next(ErrorMessage.class);
            assertEquals(ErrorCode.INVALID_MESSAGE, e.code());
            assertTrue(e.message().contains("a ticket key must be an Ed25519 public key"), e.message());
        }
    }

    @Test
    void messageOtherThanHelloBeforeSignInClosesTheConnection() throws Exception {
        try (RawSocket raw = f.raw()) {
            raw.send(new Invite("call-early-0001", null, "bob"));
            ErrorMessage e = raw.next(ErrorMessage.class);
            assertEquals(ErrorCode.NOT_AUTHENTICATED, e.code());
            assertEquals(1008, raw.awaitClose(Duration.ofSeconds(3)));
        }
    }

    @Test
    void secondHelloOnTheSameConnectionIsRefused() throws Exception {
        try (RawSocket raw = f.rawAs("alice")) {
            raw.send(new Hello(f.token("bob"), null, false, "raw"));
            assertEquals(
                    ErrorCode.ALREADY_AUTHENTICATED,
                    raw.next(ErrorMessage.class).code());
        }
    }

    @Test
    void connectionThatNeverSaysHelloIsAbortedWithoutACloseHandshake() throws Exception {
        try (RawSocket raw = f.raw()) {
            int code = raw.awaitClose(Duration.ofSeconds(5));
            // 1006 (abnormal closure) or an error: the server dropped the socket, it sent no close frame
            assertTrue(code == 1006 || code == -1, "close code " + code);
        }
    }

    @Test
    void loggingInAgainReplacesTheOldConnection() throws Exception {
        SignalingFixture.Connected first = f.connect("alice");
        SignalingFixture.Connected second = f.connect("alice");
        assertEquals(
                ErrorCode.SESSION_REPLACED,
                first.events().next(ErrorMessage.class).code());
        first.events().nextState(ConnectionState.CLOSED, Duration.ofSeconds(3));
        assertEquals(ConnectionState.CONNECTED, second.client().state());
        assertEquals(1, f.server.sessionCount());
    }
}
