package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.SignalMessage.IceCandidate;
import io.dejavu.protocol.signaling.client.ConnectionState;
import io.dejavu.protocol.signaling.client.SignalingClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a client sends while it is reconnecting is queued (newest 256 kept) and sent once the session resumes. A
 * frozen proxy holds Bob in the reconnecting state for as long as the test needs.
 */
class ClientSendQueueTest {
    private static final Duration FEW_SECONDS = Duration.ofSeconds(5);
    private SignalingFixture f;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture(b -> b.resumeGrace(Duration.ofSeconds(15)).rateLimit(10_000, 10_000));
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void sendsWhileReconnectingKeepTheNewest256AndGoOutAfterTheResume() throws Exception {
        try (TcpProxy proxy = new TcpProxy(f.server.port())) {
            SignalingFixture.ProxiedCall call = f.callThroughProxy(
                    proxy, b -> b.connectTimeout(Duration.ofMillis(400)).reconnect(true, Duration.ofSeconds(30)));
            SignalingFixture.Connected alice = call.alice();
            SignalingClient bob = call.bob();
            Events bobEvents = call.bobEvents();
            String callId = call.callId();

            proxy.freeze(true);
            bobEvents.nextState(ConnectionState.RECONNECTING, FEW_SECONDS);
            assertEquals(ConnectionState.RECONNECTING, bob.state());
            for (int i = 0; i < 300; i++) {
                bob.sendIceCandidate(callId, "0", 0, "candidate:" + i);
            }
            proxy.freeze(false);
            bobEvents.nextState(ConnectionState.CONNECTED, Duration.ofSeconds(10));
            assertTrue(bob.welcome().orElseThrow().resumed());

            for (int i = 300 - 256; i < 300; i++) {
                assertEquals(
                        "candidate:" + i,
                        alice.events().next(IceCandidate.class).candidate());
            }
        }
    }
}
