package io.dejavu.store.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dejavu.protocol.ticket.CallTicket;
import io.dejavu.protocol.ticket.TicketException;
import io.dejavu.protocol.ticket.TicketSigner;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ticket parser takes anything and either returns a ticket it would sign the same way or
 * throws {@link TicketException}; nothing else (a RuntimeException would be a 500 at the store).
 * Half the inputs are signed with the test secret, so the fuzzer reaches the JSON behind the HMAC
 * (the seeds include a ticket bound to a key, with {@code cnf}, ADR 0305).
 * In CI this runs the seeds under {@code src/test/resources}; {@code JAZZER_FUZZ=1} fuzzes.
 */
class TicketParserFuzzTest {
    private static final String SECRET = "fuzzing secret of enough length";
    private static final TicketSigner SIGNER = TicketSigner.fromText(SECRET);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T00:00:00Z"), ZoneOffset.UTC);

    @FuzzTest(maxDuration = "60s")
    void parsesOrRefusesCleanly(FuzzedDataProvider data) throws Exception {
        boolean sign = data.consumeBoolean();
        String token;
        if (sign) {
            byte[] payload = data.consumeRemainingAsBytes();
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(payload) + "."
                    + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(payload));
        } else {
            token = data.consumeRemainingAsString();
        }
        try {
            CallTicket ticket = SIGNER.verify(token, CLOCK);
            if (!SIGNER.sign(ticket).equals(token)) {
                throw new AssertionError("accepted a non-canonical ticket: " + token);
            }
        } catch (TicketException expected) {
            // refused with a reason: what the store turns into 401
        }
    }

    private static byte[] mac(byte[] payload) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal(payload);
    }
}
