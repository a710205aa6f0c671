package io.dejavu.app.services;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.dejavu.app.session.CallOptions;
import io.dejavu.protocol.signaling.IceServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {
    @Test
    void callsUseTheWelcomesStunAndTurnServersWithTheirCredentials() {
        List<IceServer> welcome = List.of(
                IceServer.stun("stun:turn.example.org:3478"),
                new IceServer(List.of("turn:turn.example.org:3478?transport=udp"), "1767225600:alice", "pw"));
        io.dejavu.call.CallOptions engine = SignalingSession.engineOptions(new CallOptions("", "", "", 300), welcome);
        assertEquals(welcome, engine.iceServers());
        assertFalse(engine.relayOnly(), "the app lets libwebrtc pick a direct path when there is one");
    }
}
