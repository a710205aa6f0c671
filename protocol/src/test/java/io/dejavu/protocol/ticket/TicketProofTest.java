package io.dejavu.protocol.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Proofs of possession for call tickets (ADR 0305), without servers; the store's tests cover the wire. */
class TicketProofTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final String PATH = "/v1/models/alice";
    private final TicketKey key = TicketKey.generate();
    private final String token = "a-signed-ticket";
    private final CallTicket ticket = new CallTicket("call-1", "bob", "alice", NOW.plusSeconds(300), key.thumbprint());

    @Test
    void aProofByTheBoundKeyForThisRequestVerifies() throws TicketException {
        TicketProof proof =
                TicketProof.verify(key.prove("GET", PATH, token, NOW), ticket, token, "GET", PATH, NOW, WINDOW);

        assertEquals(key.publicKey(), proof.publicKey());
        assertEquals(NOW, proof.issuedAt());
        assertEquals(key.thumbprint(), proof.thumbprint());
    }

    @Test
    void everyProofHasItsOwnNonce() throws TicketException {
        TicketProof a = TicketProof.verify(key.prove("GET", PATH, token, NOW), ticket, token, "GET", PATH, NOW, WINDOW);
        TicketProof b = TicketProof.verify(key.prove("GET", PATH, token, NOW), ticket, token, "GET", PATH, NOW, WINDOW);

        assertNotEquals(a.nonce(), b.nonce());
    }

    @Test
    void aTicketBoundToNoKeyIsRefusedWhateverTheProof() {
        CallTicket unbound = new CallTicket("call-1", "bob", "alice", NOW.plusSeconds(300));

        TicketException e = assertThrows(
                TicketException.class,
                () -> TicketProof.verify(key.prove("GET", PATH, token, NOW), unbound, token, "GET", PATH, NOW, WINDOW));

        assertEquals(TicketException.Reason.NOT_BOUND, e.reason());
    }

    @ParameterizedTest(name = "{0} s")
    @ValueSource(ints = {30, -30})
    void theWindowIncludesItsEdges(int seconds) throws TicketException {
        String proof = key.prove("GET", PATH, token, NOW.plusSeconds(seconds));

        TicketProof.verify(proof, ticket, token, "GET", PATH, NOW, WINDOW);
    }

    @ParameterizedTest(name = "{0} s")
    @ValueSource(ints = {31, -31})
    void aProofJustOutsideTheWindowIsRefused(int seconds) {
        String proof = key.prove("GET", PATH, token, NOW.plusSeconds(seconds));

        assertBadProof(proof, "more than 30 s from");
    }

    @Test
    void aProofWithSpacesInItsJsonIsNotCanonical() {
        String proof = key.prove("GET", PATH, token, NOW);
        String json = new String(
                Base64.getUrlDecoder().decode(proof.substring(0, proof.indexOf('.'))), StandardCharsets.UTF_8);
        String spaced = Base64.getUrlEncoder()
                        .withoutPadding()
                        .encodeToString(json.replace(",", ", ").getBytes(StandardCharsets.UTF_8))
                + proof.substring(proof.indexOf('.'));

        assertBadProof(spaced, "not in the canonical encoding");
    }

    @Test
    void garbageIsABadProof() {
        for (String garbage : new String[] {"", "abc", "a.b.c", "!!!.???", "e30.AAAA"}) {
            assertEquals(
                    TicketException.Reason.BAD_PROOF,
                    assertThrows(
                                    TicketException.class,
                                    () -> TicketProof.verify(garbage, ticket, token, "GET", PATH, NOW, WINDOW))
                            .reason(),
                    garbage);
        }
    }

    @Test
    void everyRefusalIsOneLine() {
        String signature = key.prove("GET", PATH, token, NOW)
                .substring(key.prove("GET", PATH, token, NOW).indexOf('.'));
        String notJson = b64("{\"v\":1,") + signature;
        String newlineInPath = b64("{\"v\":1,\"key\":\"" + key.publicKey() + "\",\"htm\":\"GET\",\"htu\":\"/a\\nb\","
                        + "\"iat\":1,\"jti\":\"0123456789abcdefgh\",\"ath\":\"" + TicketProof.ticketHash(token) + "\"}")
                + signature;
        for (String bad : new String[] {notJson, newlineInPath}) {
            TicketException e = assertThrows(
                    TicketException.class, () -> TicketProof.verify(bad, ticket, token, "GET", PATH, NOW, WINDOW));
            assertEquals(TicketException.Reason.BAD_PROOF, e.reason());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void thumbprintsAreRfc7638() {
        // RFC 8037, appendix A.3: the JWK thumbprint of the Ed25519 key of appendix A.2.
        assertEquals(
                "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k",
                TicketKey.thumbprintOf("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"));
    }

    @Test
    void aMalformedPublicKeyIsRefusedWithOneLine() {
        for (String bad : new String[] {
            "", "short", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo=", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURp"
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> TicketKey.thumbprintOf(bad), bad);
            assertTrue(e.getMessage().startsWith("a ticket key must be"), e.getMessage());
        }
    }

    @Test
    void aKeyDoesNotPrintItsPrivateHalf() {
        assertEquals("TicketKey[" + key.thumbprint() + "]", key.toString());
    }

    private void assertBadProof(String proof, String reason) {
        TicketException e = assertThrows(
                TicketException.class, () -> TicketProof.verify(proof, ticket, token, "GET", PATH, NOW, WINDOW));
        assertEquals(TicketException.Reason.BAD_PROOF, e.reason());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
