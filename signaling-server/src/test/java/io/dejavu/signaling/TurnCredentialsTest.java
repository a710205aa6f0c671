package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.signaling.IceServer;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    private static final byte[] SECRET = "s3cr3t-s3cr3t-s3cr3t".getBytes(StandardCharsets.UTF_8);
    private static final List<String> URLS = List.of("turn:127.0.0.1:3478?transport=udp");

    private static TurnCredentials at(Instant now, Duration lifetime) {
        return new TurnCredentials(URLS, SECRET, lifetime, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void passwordIsBase64HmacSha1OfExpiryColonUserAsOpensslComputesIt() {
        // printf %s "1767225600:alice" | openssl dgst -sha1 -hmac s3cr3t-s3cr3t-s3cr3t -binary | base64
        IceServer s = at(Instant.ofEpochSecond(1767225600L - 3600), Duration.ofHours(1))
                .mint("alice");
        assertEquals("1767225600:alice", s.username());
        assertEquals("qfXp4c7jcd/GTHFR+OBDAf2PxDU=", s.credential());
        assertEquals(URLS, s.urls());
    }

    @Test
    void expiryIsNowPlusTheLifetime() {
        Instant now = Instant.parse("2026-12-06T08:00:00.900Z");
        IceServer s = at(now, Duration.ofMinutes(10)).mint("bob");
        assertEquals(now.plusSeconds(600).getEpochSecond() + ":bob", s.username());
    }

    @Test
    void differentSecretsGiveDifferentPasswords() {
        TurnCredentials other = new TurnCredentials(
                URLS, "another-secret-of-20b".getBytes(StandardCharsets.UTF_8), Duration.ofHours(1), Clock.systemUTC());
        Instant expiry = Instant.ofEpochSecond(1767225600L);
        assertFalse(other.mint("alice", expiry)
                .credential()
                .equals(at(Instant.EPOCH, Duration.ofHours(1))
                        .mint("alice", expiry)
                        .credential()));
    }

    @Test
    void refusesShortSecretsNonTurnUrlsAndOddLifetimes() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new TurnCredentials(URLS, new byte[8], Duration.ofHours(1), Clock.systemUTC()));
        IllegalArgumentException url = assertThrows(
                IllegalArgumentException.class,
                () -> new TurnCredentials(
                        List.of("stun:127.0.0.1:3478"), SECRET, Duration.ofHours(1), Clock.systemUTC()));
        assertTrue(url.getMessage().contains("stun:127.0.0.1:3478"), url.getMessage());
        assertThrows(IllegalArgumentException.class, () -> at(Instant.EPOCH, Duration.ofSeconds(5)));
        assertThrows(IllegalArgumentException.class, () -> at(Instant.EPOCH, Duration.ofDays(30)));
    }

    @Test
    void neverPrintsTheSecret() {
        assertFalse(at(Instant.EPOCH, Duration.ofHours(1)).toString().contains("s3cr3t"));
    }

    @Test
    void eachWelcomeCarriesCredentialsMintedForItsUser() throws Exception {
        try (SignalingFixture f = new SignalingFixture(
                b -> b.turn(new TurnCredentials(URLS, SECRET, Duration.ofHours(1), Clock.systemUTC())))) {
            Welcome w = f.connect("alice").client().welcome().orElseThrow();
            IceServer turn = w.iceServers().get(w.iceServers().size() - 1);
            assertEquals(URLS, turn.urls());
            String[] parts = turn.username().split(":", 2);
            assertEquals("alice", parts[1]);
            long expiry = Long.parseLong(parts[0]);
            long now = Instant.now().getEpochSecond();
            assertTrue(expiry > now + 3500 && expiry <= now + 3600, turn.username());
            assertEquals(TurnCredentials.password(SECRET, turn.username()), turn.credential());
        }
    }
}
