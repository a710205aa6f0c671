package io.dejavu.protocol.ticket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

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

    @Test
    void refusesShortSecret() {
        assertThrows(IllegalArgumentException.class, () -> TicketSigner.fromText("short"));
    }
}
