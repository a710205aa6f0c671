package io.dejavu.store.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dejavu.protocol.ticket.CallTicket;
import io.dejavu.protocol.ticket.TicketException;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.protocol.ticket.TicketProof;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * The proof verifier takes anything and either returns a proof for exactly the request, ticket,
 * key and time it was asked about, or throws {@link TicketException}; nothing else (a
 * RuntimeException would be a 500 at the store). Half the inputs are signed with the key the
 * ticket is bound to (RFC 8037's test key, so seeds stay valid across runs), so the fuzzer reaches
 * the checks behind the signature. In CI this runs the seeds under {@code src/test/resources};
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class TicketProofFuzzTest {
    /** RFC 8037, appendix A.1/A.2: an Ed25519 key pair. */
    private static final String D = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";

    private static final String X = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    private static final Instant NOW = Instant.parse("2026-12-06T00:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(30);
    private static final String TOKEN = "the-ticket";
    private static final String PATH = "/v1/models/alice";
    private static final CallTicket TICKET =
            new CallTicket("call-1", "bob", "alice", NOW.plusSeconds(300), TicketKey.thumbprintOf(X));
    private static final PrivateKey KEY = privateKey();

    @FuzzTest(maxDuration = "60s")
    void verifiesOrRefusesCleanly(FuzzedDataProvider data) throws Exception {
        boolean sign = data.consumeBoolean();
        String proof;
        if (sign) {
            byte[] payload = data.consumeRemainingAsBytes();
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            proof = b64.encodeToString(payload) + "." + b64.encodeToString(sign(payload));
        } else {
            proof = data.consumeRemainingAsString();
        }
        try {
            TicketProof p = TicketProof.verify(proof, TICKET, TOKEN, "GET", PATH, NOW, WINDOW);
            if (!X.equals(p.publicKey())
                    || !"GET".equals(p.method())
                    || !PATH.equals(p.path())
                    || !TicketProof.ticketHash(TOKEN).equals(p.ticketHash())
                    || Duration.between(p.issuedAt(), NOW).abs().compareTo(WINDOW) > 0) {
                throw new AssertionError("accepted a proof for something else: " + p);
            }
        } catch (TicketException expected) {
            // refused with a reason: what the store turns into 401
        }
    }

    private static byte[] sign(byte[] payload) throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(KEY);
        s.update(payload);
        return s.sign();
    }

    private static PrivateKey privateKey() {
        try {
            return KeyFactory.getInstance("Ed25519")
                    .generatePrivate(new EdECPrivateKeySpec(
                            NamedParameterSpec.ED25519, Base64.getUrlDecoder().decode(D)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
