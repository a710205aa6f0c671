package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.RTCConfiguration;
import dev.onvoid.webrtc.RTCIceTransportPolicy;
import io.dejavu.protocol.signaling.IceServer;
import java.util.List;
import org.junit.jupiter.api.Test;

class RelayOnlyConfigurationTest {
    private static final IceServer TURN =
            new IceServer(List.of("turn:127.0.0.1:3478?transport=udp"), "1767225600:alice", "pw");

    @Test
    void callsGatherEveryCandidateTypeByDefault() {
        CallOptions options = CallOptions.builder().iceServers(List.of(TURN)).build();
        assertFalse(options.relayOnly());
        assertEquals(RTCIceTransportPolicy.ALL, Negotiation.configuration(options).iceTransportPolicy);
    }

    @Test
    void relayOnlyAsksLibwebrtcForRelayCandidatesWithTheTurnCredentials() {
        RTCConfiguration config = Negotiation.configuration(
                CallOptions.builder().iceServers(List.of(TURN)).relayOnly(true).build());
        assertEquals(RTCIceTransportPolicy.RELAY, config.iceTransportPolicy);
        assertEquals("1767225600:alice", config.iceServers.get(0).username);
        assertEquals("pw", config.iceServers.get(0).password);
    }

    @Test
    void relayOnlyWithoutATurnServerIsRefusedBeforeAnyPeerConnectionExists() {
        CallOptions stunOnly = CallOptions.builder()
                .iceServers(List.of(IceServer.stun("stun:127.0.0.1:3478")))
                .relayOnly(true)
                .build();
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> Negotiation.configuration(stunOnly));
        assertTrue(e.getMessage().contains("relay-only ICE needs a turn: server"), e.getMessage());
    }

    @Test
    void relayOnlySurvivesToBuilder() {
        assertTrue(CallOptions.builder().relayOnly(true).build().toBuilder()
                .build()
                .relayOnly());
    }
}
