package io.dejavu.protocol.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Publish credentials (ADR 0308): their own key, one spelling, an expiry, and no confusion with call tickets. */
class PublishSignerTest {
    private static final Instant NOW = Instant.parse("2026-12-06T08:00:00Z");
    private static final String SECRET = "a shared secret of enough length";
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TicketSigner tickets = TicketSigner.fromText(SECRET);
    private final PublishSigner signer = tickets.publishSigner();
    private final String cnf = TicketKey.generate().thumbprint();

    @Test
    void verifiesWhatItSignedForTenMinutes() throws TicketException {
        PublishCredential c = PublishCredential.issue("alice", cnf, NOW);

        assertEquals(c, signer.verify(signer.sign(c), clock));
        assertEquals(NOW.plus(PublishCredential.LIFETIME), c.expiresAt());
        TicketException expired = assertThrows(
                TicketException.class, () -> signer.verify(signer.sign(c), Clock.fixed(c.expiresAt(), ZoneOffset.UTC)));
        assertEquals(TicketException.Reason.EXPIRED, expired.reason());
    }

    @Test
    void aCallTicketIsNotAPublishCredentialNorTheOtherWayRound() {
        String ticket = tickets.sign(new CallTicket("call-1", "alice", "bob", NOW.plusSeconds(60), cnf));
        String credential = signer.sign(PublishCredential.issue("alice", cnf, NOW));

        TicketException asCredential = assertThrows(TicketException.class, () -> signer.verify(ticket, clock));
        assertEquals(TicketException.Reason.BAD_SIGNATURE, asCredential.reason());
        TicketException asTicket = assertThrows(TicketException.class, () -> tickets.verify(credential, clock));
        assertEquals(TicketException.Reason.BAD_SIGNATURE, asTicket.reason());
    }

    @Test
    void aPayloadSignedWithTheTicketSecretItselfIsRefused() throws Exception {
        // The derived key is what separates the two: the raw secret signs call tickets only.
        String json = "{\"v\":1,\"typ\":\"publish\",\"sub\":\"alice\",\"scope\":\"" + PublishCredential.SCOPE
                + "\",\"exp\":" + NOW.plusSeconds(60).getEpochSecond() + ",\"cnf\":\"" + cnf + "\"}";

        TicketException e =
                assertThrows(TicketException.class, () -> signer.verify(signed(json, SECRET.getBytes()), clock));

        assertEquals(TicketException.Reason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void onlyTheCanonicalSpellingIsAccepted() throws Exception {
        PublishCredential c = PublishCredential.issue("alice", cnf, NOW);
        String token = signer.sign(c);
        String json = new String(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        String spaced = json.replace(",", ", ");
        byte[] key = derivedKey();

        TicketException e = assertThrows(TicketException.class, () -> signer.verify(signed(spaced, key), clock));

        assertEquals(TicketException.Reason.MALFORMED, e.reason());
        assertTrue(e.getMessage().contains("canonical"), e.getMessage());
    }

    @Test
    void aCredentialIsAlwaysBoundToAKeyAndHasTheOneScope() {
        assertThrows(IllegalArgumentException.class, () -> PublishCredential.issue("alice", null, NOW));
        assertThrows(IllegalArgumentException.class, () -> new PublishCredential("alice", "models:admin", NOW, cnf));
        assertThrows(IllegalArgumentException.class, () -> PublishCredential.issue("../bob", cnf, NOW));
    }

    private static byte[] derivedKey() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal("dejavu publish credential v1".getBytes(StandardCharsets.UTF_8));
    }

    private static String signed(String json, byte[] key) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(mac.doFinal(payload));
    }
}
