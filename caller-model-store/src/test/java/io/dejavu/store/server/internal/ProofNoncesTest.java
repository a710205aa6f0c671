package io.dejavu.store.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.store.server.internal.ProofNonces.Outcome;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The replay set of ticket proofs: each nonce once per window, bounded, failing closed when full. */
class ProofNoncesTest {
    private static final Instant T = Instant.parse("2026-12-06T10:00:00Z");

    @Test
    void aNonceIsNewOnceAndSeenAfterwardsWhileItsProofCouldPass() {
        ProofNonces nonces = new ProofNonces(10);

        assertEquals(Outcome.NEW, nonces.admit("nonce-a", T.plusSeconds(30), T));
        assertEquals(Outcome.SEEN, nonces.admit("nonce-a", T.plusSeconds(30), T.plusSeconds(30)));
        assertEquals(Outcome.NEW, nonces.admit("nonce-b", T.plusSeconds(30), T.plusSeconds(1)));
    }

    @Test
    void noncesAreForgottenOnceTheirProofsAreTooOldAnyway() {
        ProofNonces nonces = new ProofNonces(10);
        nonces.admit("nonce-a", T.plusSeconds(30), T);
        nonces.admit("nonce-b", T.plusSeconds(60), T);

        nonces.admit("nonce-c", T.plusSeconds(61), T.plusSeconds(31));

        assertEquals(2, nonces.size(), "nonce-a forgotten, b and c kept");
    }

    @Test
    void aFullSetRefusesNewNoncesInsteadOfForgettingLiveOnes() {
        ProofNonces nonces = new ProofNonces(2);
        nonces.admit("nonce-a", T.plusSeconds(30), T);
        nonces.admit("nonce-b", T.plusSeconds(30), T);

        assertEquals(Outcome.FULL, nonces.admit("nonce-c", T.plusSeconds(30), T));
        assertEquals(Outcome.SEEN, nonces.admit("nonce-a", T.plusSeconds(30), T));
        assertEquals(Outcome.NEW, nonces.admit("nonce-c", T.plusSeconds(61), T.plusSeconds(31)));
    }
}
