package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.SignalMessage.Accept;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Ping;
import io.dejavu.protocol.signaling.SignalMessage.Pong;
import io.dejavu.protocol.signaling.SignalMessage.Ringing;
import io.dejavu.protocol.signaling.SignalingCodec;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A peer that stops reading must not make the server queue without bound. */
class SlowConsumerTest {
    @Test
    void peerThatStopsReadingIsCutInsteadOfQueueingWithoutBound() throws Exception {
        try (SignalingFixture f = new SignalingFixture(b -> b.maxQueuedChars(1 << 20)
                .rateLimit(1000, 1000)
                .heartbeat(Duration.ofSeconds(5), Duration.ofSeconds(30)))) {
            // "deaf" authenticates and accepts, then never reads: no request() after open
            WebSocket deaf = f.http.newWebSocketBuilder()
                    .buildAsync(f.server.uri(), new WebSocket.Listener() {
                        @Override
                        public void onOpen(WebSocket webSocket) {}
                    })
                    .get(5, TimeUnit.SECONDS);
            try {
                deaf.sendText(SignalingCodec.encode(new Hello(f.token("deaf"), null, false, "x")), true)
                        .get(5, TimeUnit.SECONDS);
                SignalingFixture.Connected bob = f.connect("bob");
                String callId = bob.client().invite("deaf");
                bob.events().next(Ringing.class);
                deaf.sendText(SignalingCodec.encode(new Accept(callId)), true).get(5, TimeUnit.SECONDS);
                bob.events().next(CallAccepted.class);

                String sdp = "v=0 " + "x".repeat(55_000);
                for (int i = 0; i < 600; i++) { // 33 MB: more than the kernel buffers and the 1 Mi-char queue
                    bob.client().sendOffer(callId, sdp);
                }
                CallEnded ended = bob.events().next(CallEnded.class, Duration.ofSeconds(10));
                assertEquals(new CallEnded(callId, EndReason.PEER_LOST, "deaf"), ended);
                try (RawSocket carol = f.rawAs("carol")) {
                    carol.send(new Ping(5));
                    assertEquals(new Pong(5), carol.next(Pong.class));
                }
            } finally {
                deaf.abort();
            }
        }
    }
}
