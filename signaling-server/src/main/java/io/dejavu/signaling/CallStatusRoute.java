package io.dejavu.signaling;

import io.dejavu.protocol.ticket.CallTicket;
import io.dejavu.protocol.ticket.TicketException;
import io.dejavu.protocol.ticket.TicketSigner;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Clock;
import java.util.Map;

/**
 * Tells the caller-model store whether a call ticket's call still runs, so a ticket ends with its
 * call (ADR 0304). The ticket itself is the credential: whoever holds it may learn whether its call
 * runs, nothing else.
 */
final class CallStatusRoute {
    private final SignalingHub hub;
    private final TicketSigner tickets;
    private final Clock clock;

    CallStatusRoute(SignalingHub hub, TicketSigner tickets, Clock clock) {
        this.hub = hub;
        this.tickets = tickets;
        this.clock = clock;
    }

    void register(Javalin app) {
        app.get(CallTicket.STATUS_ROUTE, this::status);
    }

    private void status(Context ctx) {
        String auth = ctx.header("Authorization");
        if (auth == null || !auth.regionMatches(true, 0, "Ticket ", 0, 7)) {
            refuse(ctx, 401, "send 'Authorization: Ticket <call ticket>'");
            return;
        }
        CallTicket ticket;
        try {
            ticket = tickets.verify(auth.substring(7).trim(), clock);
        } catch (TicketException e) {
            refuse(ctx, 401, "call ticket refused: " + e.getMessage());
            return;
        }
        if (!ticket.callId().equals(ctx.pathParam("callId"))) {
            refuse(ctx, 403, "the ticket is for call " + ticket.callId() + ", not " + ctx.pathParam("callId"));
            return;
        }
        if (hub.callIsActive(ticket.callId(), ticket.holder(), ticket.peer())) {
            ctx.status(204);
        } else {
            refuse(ctx, 410, "call " + ticket.callId() + " has ended");
        }
    }

    private static void refuse(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("status", status, "error", message));
    }
}
