package io.dejavu.protocol.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TicketSignerTest {
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final TicketSigner signer = TicketSigner.fromText("a shared secret of enough length");

    @Test
    void verifiesWhatItSigned() throws TicketException {
        CallTicket t = new CallTicket("call-1", "bob", "alice", NOW.plusSeconds(60));
        assertEquals(t, signer.verify(signer.sign(t), clock));
    }

    @Test
    void verifiesABoundTicketWithItsKeyThumbprint() throws TicketException {
        String cnf = TicketKey.generate().thumbprint();
        CallTicket t = new CallTicket("call-1", "bob", "alice", NOW.plusSeconds(60), cnf);
        String token = signer.sign(t);

        assertEquals(t, signer.verify(token, clock));
        assertTrue(signer.verify(token, clock).bound());
        assertFalse(signer.verify(signer.sign(new CallTicket("call-1", "bob", "alice", NOW.plusSeconds(60))), clock)
                .bound());
    }

    @Test
    void rejectsExpiredTicket() {
        String token = signer.sign(new CallTicket("call-1", "bob", "alice", NOW.minusSeconds(1)));
        TicketException e = assertThrows(TicketException.class, () -> signer.verify(token, clock));
        assertEquals(TicketException.Reason.EXPIRED, e.reason());
    }

    @Test
    void rejectsTicketSignedWithAnotherSecret() {
        String token = TicketSigner.fromText("another secret, also long enough")
                .sign(new CallTicket("call-1", "bob", "alice", NOW.plusSeconds(60)));
        TicketException e = assertThrows(TicketException.class, () -> signer.verify(token, clock));
        assertEquals(TicketException.Reason.BAD_SIGNATURE, e.reason());
    }

    @Test
    void rejectsTamperedPayload() {
        String token = signer.sign(new CallTicket("call-1", "bob", "alice", NOW.plusSeconds(60)));
        String forged = signer.sign(new CallTicket("call-1", "mallory", "alice", NOW.plusSeconds(60)));
        String spliced = forged.substring(0, forged.indexOf('.')) + token.substring(token.indexOf('.'));
        assertEquals(
                TicketException.Reason.BAD_SIGNATURE,
                assertThrows(TicketException.class, () -> signer.verify(spliced, clock))
                        .reason());
    }

    @Test
    void rejectsGarbage() {
        for (String garbage : new String[] {"", "abc", "a.b.c", "!!!.???"}) {
            assertEquals(
                    TicketException.Reason.MALFORMED,
                    assertThrows(TicketException.class, () -> signer.verify(garbage, clock))
                            .reason(),
                    garbage);
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            textBlock =
                    """
            # case                         | payload JSON
            exp past Instant's range        | {"v":1,"call":"c","holder":"bob","peer":"alice","exp":9223372036854775807}
            exp before Instant's range      | {"v":1,"call":"c","holder":"bob","peer":"alice","exp":-9223372036854775808}
            exp not a number                | {"v":1,"call":"c","holder":"bob","peer":"alice","exp":"soon"}
            spaces in the JSON              | {"v":1, "call":"c","holder":"bob","peer":"alice","exp":1795000000}
            fields in another order         | {"v":1,"holder":"bob","call":"c","peer":"alice","exp":1795000000}
            an extra field                  | {"v":1,"call":"c","holder":"bob","peer":"alice","exp":1795000000,"x":1}
            a duplicated field              | {"v":1,"call":"c","holder":"bob","holder":"bob","peer":"alice","exp":1795000000}
            call id as a number             | {"v":1,"call":7,"holder":"bob","peer":"alice","exp":1795000000}
            exp as a fraction               | {"v":1,"call":"c","holder":"bob","peer":"alice","exp":1795000000.5}
            not JSON                        | `not json`
            cnf as a number                 | {"v":1,"call":"c","holder":"bob","peer":"alice","exp":1795000000,"cnf":7}
            cnf null                        | {"v":1,"call":"c","holder":"bob","peer":"alice","exp":1795000000,"cnf":null}
            cnf not a thumbprint            | {"v":1,"call":"c","holder":"bob","peer":"alice","exp":1795000000,"cnf":"short"}
            cnf before exp                  | {"v":1,"call":"c","holder":"bob","peer":"alice","cnf":"kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k","exp":1795000000}
            """)
    void refusesCorrectlySignedPayloadThatIsNotCanonical(String name, String json) {
        String token = signRaw(json.getBytes(StandardCharsets.UTF_8), "");
        TicketException e = assertThrows(TicketException.class, () -> signer.verify(token, clock));
        assertEquals(TicketException.Reason.MALFORMED, e.reason(), e.getMessage());
    }

    @Test
    void refusesPaddedBase64OfAValidTicket() {
        String json = "{\"v\":1,\"call\":\"c\",\"holder\":\"bob\",\"peer\":\"alice\",\"exp\":1795000000}";
        String canonical = signRaw(json.getBytes(StandardCharsets.UTF_8), "");
        assertEquals(canonical, signer.sign(new CallTicket("c", "bob", "alice", Instant.ofEpochSecond(1795000000))));
        String padded = signRaw(json.getBytes(StandardCharsets.UTF_8), "=");
        assertEquals(
                TicketException.Reason.MALFORMED,
                assertThrows(TicketException.class, () -> signer.verify(padded, clock))
                        .reason());
    }

    /** Signs any payload with the test secret, as a signer with a bug (or an attacker with the secret) could. */
    private static String signRaw(byte[] payload, String padding) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(
                    "a shared secret of enough length".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            Base64.Encoder b64 = padding.isEmpty() ? Base64.getUrlEncoder().withoutPadding() : Base64.getUrlEncoder();
            String p = b64.encodeToString(payload);
            String sig = Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(payload));
            return p + "." + sig;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesShortSecret() {
        assertThrows(IllegalArgumentException.class, () -> TicketSigner.fromText("short"));
    }
}
