package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.ticket.PublishCredential;
import io.dejavu.protocol.ticket.PublishCredentials;
import io.dejavu.protocol.ticket.TicketKey;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Signaling issues a user a publish credential for their own name only, bound to the key they proved
 * they hold, and tells the store whether its user still stands (ADR 0308). Real server, random port.
 */
class PublishCredentialRouteTest {
    private SignalingFixture fx;
    private URI base;

    @BeforeEach
    void start() throws Exception {
        fx = new SignalingFixture();
        base = URI.create("http://127.0.0.1:" + fx.server.port());
    }

    @AfterEach
    void stop() throws Exception {
        fx.close();
    }

    @Test
    void theCredentialNamesTheTokensUserAndIsBoundToTheProvedKey() throws Exception {
        TicketKey key = TicketKey.generate();
        fx.token("bob");

        String token = PublishCredentials.obtain(fx.http, fx.server.uri(), fx.token("alice"), key, patience());

        PublishCredential c = SignalingFixture.SIGNER.publishSigner().verify(token, Clock.systemUTC());
        assertEquals("alice", c.subject());
        assertEquals(key.thumbprint(), c.keyThumbprint());
        assertEquals(PublishCredential.SCOPE, c.scope());
        assertTrue(c.expiresAt().isAfter(Instant.now().plus(Duration.ofMinutes(9))));
        assertEquals(204, standing(token).statusCode());
    }

    @Test
    void aProofForAnotherTokenOrPathIsRefused() throws Exception {
        TicketKey key = TicketKey.generate();
        String alice = fx.token("alice");
        String forBob = key.prove("POST", PublishCredential.ISSUE_ROUTE, fx.token("bob"), Instant.now());
        String forOtherPath = key.prove("POST", "/v1/other", alice, Instant.now());

        for (String proof : new String[] {forBob, forOtherPath}) {
            HttpResponse<String> resp = fx.http.send(
                    HttpRequest.newBuilder(base.resolve(PublishCredential.ISSUE_ROUTE))
                            .header("Authorization", "Bearer " + alice)
                            .header(PublishCredential.PROOF_HEADER, proof)
                            .POST(HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, resp.statusCode(), resp.body());
            assertTrue(resp.body().contains("key proof refused"), resp.body());
        }
    }

    @Test
    void aRevokedUserGetsNoCredentialAndTheirCredentialLosesItsStanding() throws Exception {
        TicketKey key = TicketKey.generate();
        String token = PublishCredentials.obtain(fx.http, base, fx.token("alice"), key, patience());

        fx.server.users().revoke("alice");

        assertEquals(410, standing(token).statusCode());
        IOException e = assertThrows(
                IOException.class, () -> PublishCredentials.obtain(fx.http, base, fx.token("alice"), key, patience()));
        assertTrue(e.getMessage().contains("(401)"), e.getMessage());
    }

    @Test
    void aCallTicketHasNoStandingAsAPublishCredential() throws Exception {
        String ticket = SignalingFixture.SIGNER.sign(new io.dejavu.protocol.ticket.CallTicket(
                "call-1",
                "alice",
                "bob",
                Instant.now().plusSeconds(60),
                TicketKey.generate().thumbprint()));

        HttpResponse<String> resp = standing(ticket);

        assertEquals(401, resp.statusCode(), resp.body());
    }

    private HttpResponse<String> standing(String credential) throws Exception {
        return fx.http.send(
                HttpRequest.newBuilder(base.resolve(PublishCredential.STANDING_ROUTE))
                        .header("Authorization", "Publish " + credential)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Duration patience() {
        return Duration.ofSeconds(10);
    }
}
