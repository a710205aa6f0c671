package io.dejavu.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** A resumed session's frames wait in its link until Redis routes the user to this node, in order (ADR 0306). */
class HeldLinkTest {
    /** What reached the socket, in order; {@code onSend} runs inside each send, as Jetty's callbacks may. */
    private static final class Wire implements SignalingHub.Link {
        final List<String> frames = new ArrayList<>();
        Consumer<String> onSend = text -> {};

        @Override
        public void send(String text) {
            frames.add(text);
            onSend.accept(text);
        }

        @Override
        public void close(int code, String reason) {
            frames.add("close " + code);
        }

        @Override
        public void abort() {
            frames.add("abort");
        }

        @Override
        public void signedIn() {}

        @Override
        public String remote() {
            return "127.0.0.1:1";
        }

        @Override
        public String address() {
            return "127.0.0.1";
        }
    }

    @Test
    void framesWaitUntilReleaseThenGoOutInOrder() {
        Wire wire = new Wire();
        HeldLink link = new HeldLink(wire);
        link.hold();
        link.send("welcome");
        link.send("blocked");
        assertEquals(List.of(), wire.frames);
        assertTrue(link.holding());

        link.release();
        link.send("pong");

        assertEquals(List.of("welcome", "blocked", "pong"), wire.frames);
        assertFalse(link.holding());
    }

    @Test
    void aSendWhileTheQueueDrainsGoesAfterWhatWasHeld() {
        Wire wire = new Wire();
        HeldLink link = new HeldLink(wire);
        // As if Jetty's callback of the first frame made the hub send another one to this connection.
        wire.onSend = text -> {
            if (text.equals("welcome")) {
                link.send("offer");
            }
        };
        link.hold();
        link.send("welcome");
        link.send("blocked");

        link.release();

        assertEquals(List.of("welcome", "blocked", "offer"), wire.frames);
    }

    @Test
    void closingSendsWhatWasHeldFirst() {
        Wire wire = new Wire();
        HeldLink link = new HeldLink(wire);
        link.hold();
        link.send("session_replaced");

        link.close(4002, "session replaced");

        assertEquals(List.of("session_replaced", "close 4002"), wire.frames);
    }

    @Test
    void abortingDropsWhatWasHeld() {
        Wire wire = new Wire();
        HeldLink link = new HeldLink(wire);
        link.hold();
        link.send("welcome");

        link.abort();
        link.release();

        assertEquals(List.of("abort"), wire.frames);
    }

    @Test
    void aLinkNeverHeldSendsAtOnce() {
        Wire wire = new Wire();
        HeldLink link = new HeldLink(wire);
        link.send("pong");
        link.release();
        assertEquals(List.of("pong"), wire.frames);
    }
}
