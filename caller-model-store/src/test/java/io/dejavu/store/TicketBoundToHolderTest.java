package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.protocol.ticket.TicketProof;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A call ticket opens the peer's model only with a fresh proof signed by the key of the client it
 * was issued to (ADR 0305): a ticket copied from a log, a proxy or a disk, alone or with a copied,
 * redirected, stale or forged proof, is refused with 401. Real signaling and store on random ports;
 * Bob's key is the one his signaling client sent in its hello.
 */
class TicketBoundToHolderTest {
    private static final String PATH = StoreProtocol.modelPath("alice");

    private CallSetup calls;
    private StoreFixture store;
    private String ticket;
    private TicketKey bobKey;

    @BeforeEach
    void start() throws Exception {
        calls = new CallSetup();
        store = new StoreFixture(b -> b.signaling(calls.httpBase()));
        assertEquals(
                201,
                store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode());
        ticket = calls.call().ticket();
        bobKey = calls.bob.ticketKey();
    }

    @AfterEach
    void stop() {
        store.close();
        calls.close();
    }

    @Test
    void theHolderWithItsKeyGetsThePeersModel() throws Exception {
        assertEquals(
                200,
                store.send(store.ticketRequest("GET", PATH, ticket, "bob", bobKey))
                        .statusCode());
        try (ModelStoreClient client = store.client()) {
            Credential bob = Credential.ticket(ticket, "bob", bobKey);
            assertEquals(FetchedModel.Kind.PERSONAL, client.fetch("alice", bob).kind());
            // Revalidation (304) is a second request: it signs its own proof.
            assertEquals(
                    FetchedModel.Origin.CACHE_CURRENT,
                    client.fetch("alice", bob).origin());
        }
    }

    @Test
    void aLeakedTicketWithoutTheKeyIsRefused() throws Exception {
        HttpResponse<byte[]> resp = store.send(leaked(null));

        assertRefused(resp, "must come with a " + StoreProtocol.HEADER_TICKET_PROOF + " header");
    }

    @Test
    void aLeakedTicketWithAProofByTheFindersOwnKeyIsRefused() throws Exception {
        TicketKey mallory = TicketKey.generate();

        HttpResponse<byte[]> resp = store.send(store.ticketRequest("GET", PATH, ticket, "bob", mallory));

        assertRefused(resp, "signed by a key other than the one the ticket is bound to");
    }

    @Test
    void aProofThatNamesTheHoldersKeyButIsSignedByAnotherIsRefused() throws Exception {
        PrivateKey mallory =
                KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        String forged = forge(bobKey.publicKey(), "GET", PATH, Instant.now(), mallory);

        HttpResponse<byte[]> resp = store.send(leaked(forged));

        assertRefused(resp, "signature does not match");
    }

    @Test
    void aReplayedProofIsRefused() throws Exception {
        HttpRequest.Builder copied = store.ticketRequest("GET", PATH, ticket, "bob", bobKey);
        assertEquals(200, store.send(copied).statusCode());

        HttpResponse<byte[]> replay = store.send(copied);

        assertRefused(replay, "the proof was used before");
    }

    @ParameterizedTest(name = "proof for {0} {1}")
    @CsvSource({"GET, /v1/models/alice/versions/1", "DELETE, /v1/models/alice", "GET, /v1/models/carol"})
    void aProofForAnotherRequestIsRefused(String method, String path) throws Exception {
        HttpResponse<byte[]> resp = store.send(leaked(bobKey.prove(method, path, ticket, Instant.now())));

        assertRefused(resp, "made for " + method + " " + path + ", not GET " + PATH);
    }

    @ParameterizedTest(name = "made {0} s from now")
    @ValueSource(ints = {-120, -35, 40, 120})
    void aProofTooOldOrFromTheFutureIsRefused(int seconds) throws Exception {
        String stale = bobKey.prove("GET", PATH, ticket, Instant.now().plusSeconds(seconds));

        HttpResponse<byte[]> resp = store.send(leaked(stale));

        assertRefused(resp, "more than 30 s from");
    }

    @Test
    void aProofMadeForAnotherTicketIsRefused() throws Exception {
        String other = bobKey.prove("GET", PATH, ticket + "x", Instant.now());

        HttpResponse<byte[]> resp = store.send(leaked(other));

        assertRefused(resp, "made for another ticket");
    }

    /** Bob's ticket on Bob's download, with {@code proof} as the proof header (none if null). */
    private HttpRequest.Builder leaked(String proof) {
        HttpRequest.Builder b = store.request(PATH)
                .header("Authorization", "Ticket " + ticket)
                .header(StoreProtocol.HEADER_REQUESTER, "bob")
                .GET();
        return proof == null ? b : b.header(StoreProtocol.HEADER_TICKET_PROOF, proof);
    }

    private static void assertRefused(HttpResponse<byte[]> resp, String reason) throws Exception {
        assertEquals(401, resp.statusCode(), () -> new String(resp.body(), StandardCharsets.UTF_8));
        String error = StoreApiTest.error(resp);
        assertTrue(error.startsWith("call ticket refused: "), error);
        assertTrue(error.contains(reason), error);
        assertTrue(resp.headers().firstValue("WWW-Authenticate").isPresent(), "401 must say how to authenticate");
    }

    /** A proof in the canonical form naming {@code publicKey}, signed by {@code signer}. */
    private String forge(String publicKey, String method, String path, Instant at, PrivateKey signer) throws Exception {
        String json = "{\"v\":1,\"key\":\"" + publicKey + "\",\"htm\":\"" + method + "\",\"htu\":\"" + path
                + "\",\"iat\":" + at.getEpochSecond() + ",\"jti\":\"forged-nonce-0123456789\",\"ath\":\""
                + TicketProof.ticketHash(ticket) + "\"}";
        byte[] payload = json.getBytes(StandardCharsets.UTF_8);
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(signer);
        s.update(payload);
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload) + "." + b64.encodeToString(s.sign());
    }
}
