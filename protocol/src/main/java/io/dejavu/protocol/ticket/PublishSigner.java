package io.dejavu.protocol.ticket;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies {@link PublishCredential}s (ADR 0308): {@code base64url(json) "."
 * base64url(hmac(json))} like call tickets, with the JSON exactly {@code
 * {"v":1,"typ":"publish","sub":...,"scope":...,"exp":...,"cnf":...}} and one spelling only. The HMAC
 * key is derived from the ticket secret ({@code HMAC(secret, "dejavu publish credential v1")}), so
 * signaling and the store need no new secret and a call ticket (signed with the secret itself) can
 * never pass as a publish credential, nor one as a ticket.
 */
public final class PublishSigner {
    private static final byte[] LABEL = "dejavu publish credential v1".getBytes(StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SecretKeySpec key;

    /** A signer whose key is derived from the call-ticket secret. */
    PublishSigner(byte[] ticketSecret) {
        this.key = new SecretKeySpec(
                HmacToken.hmac(new SecretKeySpec(ticketSecret, HmacToken.ALGORITHM), LABEL), HmacToken.ALGORITHM);
    }

    public String sign(PublishCredential credential) {
        ObjectNode node = JSON.createObjectNode();
        node.put("v", 1);
        node.put("typ", "publish");
        node.put("sub", credential.subject());
        node.put("scope", credential.scope());
        node.put("exp", credential.expiresAt().getEpochSecond());
        node.put("cnf", credential.keyThumbprint());
        return HmacToken.seal(key, node.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks signature, canonical form and expiry.
     *
     * @throws TicketException naming why the credential is refused
     */
    public PublishCredential verify(String token, Clock clock) throws TicketException {
        byte[] payload = HmacToken.open(
                key,
                token,
                "publish credential",
                "publish credential signature does not match (a call ticket is not a publish credential)");
        PublishCredential credential = parse(payload);
        if (!sign(credential).equals(token)) {
            throw malformed("publish credential is not in the canonical encoding its signer produces");
        }
        if (credential.expiredAt(clock.instant())) {
            throw new TicketException(
                    TicketException.Reason.EXPIRED, "publish credential expired at " + credential.expiresAt());
        }
        return credential;
    }

    private static PublishCredential parse(byte[] payload) throws TicketException {
        try {
            JsonNode node = JSON.readTree(payload);
            if (node == null
                    || node.path("v").asInt() != 1
                    || !"publish".equals(node.path("typ").asText())) {
                throw malformed("not a version 1 publish credential");
            }
            if (!node.path("exp").canConvertToLong()) {
                throw malformed("publish credential has no whole-second exp");
            }
            return new PublishCredential(
                    node.path("sub").asText(null),
                    node.path("scope").asText(null),
                    Instant.ofEpochSecond(node.path("exp").asLong()),
                    node.path("cnf").asText(null));
        } catch (java.io.IOException | IllegalArgumentException | DateTimeException e) {
            throw malformed("publish credential payload is invalid: " + e.getMessage());
        }
    }

    private static TicketException malformed(String message) {
        return HmacToken.malformed(message);
    }
}
