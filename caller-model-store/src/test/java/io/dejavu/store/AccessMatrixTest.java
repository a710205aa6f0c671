package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.ticket.CallTicket;
import io.dejavu.protocol.ticket.TicketSigner;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who may download whose model. Tickets come from the signaling server: holder = who asks, peer =
 * whose model. 401 = unknown or untrustworthy credential, 403 = known but not allowed.
 */
class AccessMatrixTest {
    private static StoreFixture store;

    @BeforeAll
    static void start() throws Exception {
        store = new StoreFixture();
        try (ModelStoreClient c = store.client()) {
            c.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);
            c.upload(TestModels.random(ModelMetadata.GENERIC_CALLER, 2), StoreFixture.ADMIN, true);
            c.upload(TestModels.random("alice", 3), StoreFixture.ADMIN, false); // alice v2, staged
        }
    }

    @AfterAll
    static void stop() {
        store.close();
    }

    @ParameterizedTest(name = "{0} -> {3}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            # case                         | Authorization                    | requester | status | error contains
            admin token                    | admin                            |           | 200    |
            ticket bob->alice              | ticket bob alice                 | bob       | 200    |
            ticket bob->carol for carol    | ticket bob carol @carol          | bob       | 200    |
            ticket bob->alice, generic     | ticket bob alice @_generic       | bob       | 200    |
            no Authorization               | none                             |           | 401    | missing Authorization header
            wrong admin token              | Bearer not-the-admin-token-at-all |          | 401    | admin token is not valid
            unknown scheme                 | Basic YWxpY2U6cHc=               |           | 401    | unknown Authorization scheme 'Basic'
            forged ticket (other secret)   | forged bob alice                 | bob       | 401    | ticket signature does not match
            ticket bound to no key         | unbound bob alice                | bob       | 401    | the ticket is bound to no key
            tampered ticket                | tampered bob alice               | bob       | 401    | ticket signature does not match
            expired ticket                 | expired bob alice                | bob       | 401    | ticket expired at
            malformed ticket               | Ticket not-a-ticket              | bob       | 401    | ticket is not of the form payload.signature
            ticket without requester       | ticket bob alice                 |           | 401    | must come with the X-Dejavu-Requester header
            ticket presented by other user | ticket bob alice                 | mallory   | 403    | call ticket was issued to 'bob', not to 'mallory'
            ticket for another peer        | ticket bob carol                 | bob       | 403    | call ticket allows the model of 'carol', not of 'alice'
            admin token as ticket          | Ticket admin-token-0123456789abcdef | bob    | 401    | ticket is not of the form payload.signature
            """)
    void downloadAccess(String name, String auth, String requester, int status, String error) throws Exception {
        String caller = "alice";
        if (auth.contains("@")) {
            caller = auth.substring(auth.indexOf('@') + 1);
            auth = auth.substring(0, auth.indexOf('@')).trim();
        }
        HttpRequest.Builder b = store.request(StoreProtocol.modelPath(caller));
        String header = authorization(auth);
        if (header != null) {
            b.header("Authorization", header);
            proveIfTicket(b, "GET", StoreProtocol.modelPath(caller), header);
        }
        if (requester != null) {
            b.header(StoreProtocol.HEADER_REQUESTER, requester);
        }

        HttpResponse<byte[]> resp = store.send(b.GET());

        assertEquals(status, resp.statusCode(), () -> name + ": " + new String(resp.body()));
        if (error != null) {
            assertTrue(StoreApiTest.error(resp).contains(error), () -> name + ": " + new String(resp.body()));
        }
        if (status == 401) {
            assertTrue(resp.headers().firstValue("WWW-Authenticate").isPresent(), "401 must say how to authenticate");
        }
    }

    @ParameterizedTest(name = "ticket may not {0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            list versions    | GET    | /v1/models/alice/versions
            list callers     | GET    | /v1/models
            read active      | GET    | /v1/models/alice/active
            activate         | PUT    | /v1/models/alice/active
            delete version   | DELETE | /v1/models/alice/versions/1
            delete caller    | DELETE | /v1/models/alice
            upload           | POST   | /v1/models/alice/versions
            """)
    void aTicketCannotDoAdminOperations(String name, String method, String path) throws Exception {
        String ticket = StoreFixture.ticket("bob", "alice");
        HttpResponse<byte[]> resp = store.send(store.request(path)
                .header("Authorization", "Ticket " + ticket)
                .header(StoreProtocol.HEADER_REQUESTER, "bob")
                .header(StoreProtocol.HEADER_TICKET_PROOF, StoreFixture.KEY.prove(method, path, ticket, Instant.now()))
                .method(method, HttpRequest.BodyPublishers.ofString("{\"version\":1}")));

        assertEquals(403, resp.statusCode(), () -> new String(resp.body()));
        assertTrue(StoreApiTest.error(resp).contains("needs the admin token"), StoreApiTest.error(resp));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            active version, ticket  | Ticket | 1 | 200
            staged version, ticket  | Ticket | 2 | 403
            staged version, admin   | Bearer | 2 | 200
            """)
    void aTicketOpensOnlyThePeersActiveVersion(String name, String scheme, int version, int status) throws Exception {
        String credential = scheme.equals("Bearer") ? StoreFixture.ADMIN : StoreFixture.ticket("bob", "alice");
        HttpRequest.Builder b = store.request(StoreProtocol.versionPath("alice", version))
                .header("Authorization", scheme + " " + credential)
                .header(StoreProtocol.HEADER_REQUESTER, "bob");
        proveIfTicket(b, "GET", StoreProtocol.versionPath("alice", version), scheme + " " + credential);
        HttpResponse<byte[]> resp = store.send(b.GET());

        assertEquals(status, resp.statusCode(), () -> new String(resp.body()));
        if (status == 403) {
            assertTrue(StoreApiTest.error(resp).contains("opens only the active version"), StoreApiTest.error(resp));
        }
    }

    @Test
    void healthNeedsNoCredential() throws Exception {
        assertEquals(200, store.send(store.request("/healthz").GET()).statusCode());
    }

    @Test
    void aStoreWithoutTicketSecretRefusesTickets() throws Exception {
        try (StoreFixture noTickets = new StoreFixture(b -> b.ticketSecret(null));
                ModelStoreClient c = noTickets.client()) {
            c.upload(TestModels.random("alice", 1), StoreFixture.ADMIN, true);

            ModelStoreException e = assertThrows(
                    ModelStoreException.class, () -> c.fetch("alice", StoreFixture.ticketFor("bob", "alice")));

            assertEquals(ModelStoreException.Reason.UNAUTHORIZED, e.reason());
            assertTrue(e.getMessage().contains("accepts no call tickets"), e.getMessage());
            assertEquals(
                    FetchedModel.Kind.PERSONAL,
                    c.fetch("alice", StoreFixture.admin()).kind());
        }
    }

    @Test
    void clientReportsForbiddenAndUnauthorizedDistinctly() throws Exception {
        try (ModelStoreClient c = store.client()) {
            ModelStoreException forbidden = assertThrows(
                    ModelStoreException.class, () -> c.fetch("alice", StoreFixture.ticketFor("bob", "carol")));
            ModelStoreException expired = assertThrows(
                    ModelStoreException.class,
                    () -> c.fetch("alice", Credential.ticket(expired("bob", "alice"), "bob", StoreFixture.KEY)));

            assertEquals(ModelStoreException.Reason.FORBIDDEN, forbidden.reason());
            assertEquals(403, forbidden.status());
            assertEquals(ModelStoreException.Reason.UNAUTHORIZED, expired.reason());
            assertTrue(expired.getMessage().contains("ticket expired"), expired.getMessage());
        }
    }

    private static String authorization(String spec) {
        String[] p = spec.split(" ");
        return switch (p[0]) {
            case "none" -> null;
            case "admin" -> "Bearer " + StoreFixture.ADMIN;
            case "ticket" -> "Ticket " + StoreFixture.ticket(p[1], p[2]);
            case "forged" ->
                "Ticket "
                        + TicketSigner.fromText("some-other-secret-0123456789")
                                .sign(new CallTicket(
                                        "call-1",
                                        p[1],
                                        p[2],
                                        Instant.now().plusSeconds(300),
                                        StoreFixture.KEY.thumbprint()));
            case "unbound" ->
                "Ticket "
                        + StoreFixture.SIGNER.sign(new CallTicket(
                                "call-1", p[1], p[2], Instant.now().plusSeconds(300)));
            case "tampered" -> "Ticket " + tamper(StoreFixture.ticket(p[1], "carol"), p[2]);
            case "expired" -> "Ticket " + expired(p[1], p[2]);
            default -> spec;
        };
    }

    private static String expired(String holder, String peer) {
        return StoreFixture.SIGNER.sign(
                new CallTicket("call-1", holder, peer, Instant.now().minusSeconds(5), StoreFixture.KEY.thumbprint()));
    }

    /** Adds the honest holder's proof when the request presents a ticket. */
    private static void proveIfTicket(HttpRequest.Builder b, String method, String path, String authorization) {
        if (authorization.startsWith("Ticket ")) {
            String ticket = authorization.substring("Ticket ".length());
            b.header(StoreProtocol.HEADER_TICKET_PROOF, StoreFixture.KEY.prove(method, path, ticket, Instant.now()));
        }
    }

    /** Rewrites a signed ticket's peer but keeps its signature. */
    private static String tamper(String token, String newPeer) {
        int dot = token.indexOf('.');
        String json = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, dot)));
        String changed = json.replace("\"peer\":\"carol\"", "\"peer\":\"" + newPeer + "\"");
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(changed.getBytes())
                + token.substring(dot);
    }
}
