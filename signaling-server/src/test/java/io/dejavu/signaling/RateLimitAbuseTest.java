package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Ping;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Limits follow the user and the address, so reconnecting does not refill them. */
class RateLimitAbuseTest {
    private SignalingFixture f;

    @AfterEach
    void stop() throws Exception {
        f.close();
    }

    @Test
    void reconnectingDoesNotRefillTheUsersMessageLimit() throws Exception {
        f = new SignalingFixture(b -> b.rateLimit(1, 20));
        try (RawSocket first = f.rawAs("alice")) {
            for (int i = 0; i < 40; i++) {
                first.send(new Ping(i));
            }
            assertEquals(ErrorCode.RATE_LIMITED, first.next(ErrorMessage.class).code());
        }
        try (RawSocket second = f.rawAs("alice")) {
            for (int i = 0; i < 5; i++) {
                second.send(new Ping(100 + i));
            }
            assertEquals(ErrorCode.RATE_LIMITED, second.next(ErrorMessage.class).code());
        }
    }

    @Test
    void signInLoopIsRefusedPastTheSignInBurst() throws Exception {
        f = new SignalingFixture(b -> b.signInRate(0.1, 3));
        String token = f.token("alice");
        for (int i = 0; i < 3; i++) {
            try (RawSocket raw = f.raw()) {
                raw.send(new Hello(token, null, false, "loop"));
                raw.next(Welcome.class);
            }
        }
        try (RawSocket raw = f.raw()) {
            raw.send(new Hello(token, null, false, "loop"));
            ErrorMessage e = raw.next(ErrorMessage.class);
            assertEquals(ErrorCode.RATE_LIMITED, e.code());
            assertEquals(1008, raw.awaitClose(Duration.ofSeconds(5)));
        }
    }

    @Test
    void strangersFromOneAddressShareOneLimit() throws Exception {
        f = new SignalingFixture(b -> b.addressRateLimit(1, 5));
        for (int i = 0; i < 5; i++) {
            try (RawSocket raw = f.raw()) {
                raw.send(new Hello("dv1.nope.nope", null, false, "stranger"));
                assertEquals(
                        ErrorCode.UNAUTHORIZED, raw.next(ErrorMessage.class).code());
            }
        }
        try (RawSocket raw = f.raw()) {
            raw.send(new Hello("dv1.nope.nope", null, false, "stranger"));
            assertEquals(ErrorCode.RATE_LIMITED, raw.next(ErrorMessage.class).code());
        }
    }
}
