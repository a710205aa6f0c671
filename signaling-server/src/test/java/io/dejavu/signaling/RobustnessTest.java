package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Ping;
import io.dejavu.protocol.signaling.SignalMessage.Pong;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Bad input gets an error and the connection stays usable; floods are limited; nothing crashes the server. */
class RobustnessTest {
    private SignalingFixture f;
    private RawSocket alice;

    @BeforeEach
    void start() throws Exception {
        f = new SignalingFixture(b -> b.rateLimit(50, 40).heartbeat(Duration.ofMillis(500), Duration.ofSeconds(3)));
        alice = f.rawAs("alice");
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    private void assertStillUsable(long seq) throws Exception {
        alice.send(new Ping(seq));
        assertEquals(new Pong(seq), alice.next(Pong.class));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            {"v":1,"type":"invite","callId":                    | MALFORMED
            hello there                                          | MALFORMED
            42                                                   | MALFORMED
            {"v":1,"type":"teleport","to":"bob"}                 | UNKNOWN_TYPE
            {"v":7,"type":"ping","seq":1}                        | UNSUPPORTED_VERSION
            {"v":1,"type":"invite","callId":"short","to":"bob"}  | INVALID_MESSAGE
            {"v":1,"type":"offer","callId":"call-0123456789"}    | INVALID_MESSAGE
            """)
    void badMessageGetsAnErrorAndTheConnectionStaysUsable(String text, ErrorCode expected) throws Exception {
        alice.sendText(text);
        ErrorMessage e = alice.next(ErrorMessage.class);
        assertEquals(expected, e.code(), e.message());
        assertStillUsable(1);
    }

    @Test
    void oversizedMessageGetsTooLargeAndTheConnectionStaysUsable() throws Exception {
        String sdp = "a".repeat(100_000);
        alice.sendText("{\"v\":1,\"type\":\"offer\",\"callId\":\"call-0123456789\",\"sdp\":\"" + sdp + "\"}");
        ErrorMessage e = alice.next(ErrorMessage.class);
        assertEquals(ErrorCode.TOO_LARGE, e.code());
        assertTrue(e.message().contains("65536"), e.message());
        assertStillUsable(2);
    }

    @Test
    void binaryFrameGetsAnErrorAndTheConnectionStaysUsable() throws Exception {
        alice.sendBinary(new byte[] {1, 2, 3});
        assertEquals(ErrorCode.MALFORMED, alice.next(ErrorMessage.class).code());
        assertStillUsable(3);
    }

    @Test
    void floodIsRateLimitedThenTheConnectionRecovers() throws Exception {
        for (int i = 0; i < 500; i++) {
            alice.send(new Ping(1000 + i));
        }
        ErrorMessage e = alice.next(ErrorMessage.class);
        assertEquals(ErrorCode.RATE_LIMITED, e.code());
        // Time passing is what this tests: the bucket refills at 50 per second, with no event to wait for.
        Thread.sleep(500);
        alice.send(new Ping(7));
        // pongs of the admitted part of the flood come first
        Pong pong;
        do {
            pong = alice.next(Pong.class);
        } while (pong.seq() != 7);
        assertEquals(1, f.server.sessionCount());
    }

    @Test
    void frameBeyondTheTransportLimitClosesOnlyThatConnection() throws Exception {
        try (RawSocket other = f.rawAs("bob")) {
            try {
                other.sendText("x".repeat(1_000_000));
            } catch (java.util.concurrent.ExecutionException e) {
                // the server may close before the whole frame is written
            }
            int code = other.awaitClose(Duration.ofSeconds(3));
            assertTrue(code == 1009 || code == -1, "close code " + code);
        }
        assertStillUsable(4);
    }
}
