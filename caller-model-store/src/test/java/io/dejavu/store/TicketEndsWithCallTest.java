package io.dejavu.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.ticket.TicketKey;
import java.net.URI;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A ticket works while its call runs and is refused once the call has ended (ADR 0304). */
class TicketEndsWithCallTest {
    private CallSetup calls;
    private StoreFixture store;

    @BeforeEach
    void start() throws Exception {
        calls = new CallSetup();
        store = new StoreFixture(b -> b.signaling(calls.httpBase()));
        assertEquals(
                201,
                store.upload("alice", TestModels.random("alice", 1).toZip()).statusCode());
    }

    @AfterEach
    void stop() {
        store.close();
        calls.close();
    }

    @Test
    void aTicketOpensThePeersModelWhileTheCallRuns() throws Exception {
        String ticket = calls.call().ticket();

        assertEquals(200, download(store, ticket, calls.bob.ticketKey()).statusCode());
    }

    @Test
    void aTicketIsRefusedOnceThePeerHasHungUp() throws Exception {
        var accepted = calls.call();
        calls.alice.hangUp(accepted.callId());
        calls.bobHeardEnd();

        HttpResponse<byte[]> resp = download(store, accepted.ticket(), calls.bob.ticketKey());

        assertEquals(401, resp.statusCode());
        assertTrue(StoreApiTest.error(resp).contains("has ended"), StoreApiTest.error(resp));
    }

    @Test
    void aTicketIsRefusedOnceItsHolderIsRevoked() throws Exception {
        var accepted = calls.call();
        calls.signaling.users().revoke("bob");
        calls.aliceHeardEnd(); // the server ended the call when it dropped Bob's session

        assertEquals(
                401, download(store, accepted.ticket(), calls.bob.ticketKey()).statusCode());
    }

    @Test
    void aTicketIsRefusedWhenSignalingCannotBeAsked() throws Exception {
        String ticket = calls.call().ticket();
        try (StoreFixture cutOff = new StoreFixture(b -> b.signaling(URI.create("http://127.0.0.1:1")))) {
            HttpResponse<byte[]> resp = download(cutOff, ticket, calls.bob.ticketKey());

            assertEquals(503, resp.statusCode());
            assertTrue(StoreApiTest.error(resp).contains("cannot check the ticket's call"), StoreApiTest.error(resp));
        }
    }

    /** Bob's download of Alice's model with his ticket and a fresh proof by his client's key. */
    static HttpResponse<byte[]> download(StoreFixture store, String ticket, TicketKey key) throws Exception {
        return store.send(store.ticketRequest("GET", StoreProtocol.modelPath("alice"), ticket, "bob", key));
    }
}
