package io.dejavu.app.session;

import java.util.List;

/** What a {@link Session} reports: presence, the progress of calls, and losing the connection. */
public sealed interface SessionEvent {
    /** Everyone the user can see and whether they are reachable. */
    record PresenceChanged(List<Contact> contacts) implements SessionEvent {
        public PresenceChanged {
            contacts = List.copyOf(contacts);
        }
    }

    /** The users this user blocks, sorted: after sign-in and after every block or unblock. */
    record BlockListChanged(List<String> blocked) implements SessionEvent {
        public BlockListChanged {
            blocked = List.copyOf(blocked);
        }
    }

    /** Someone is calling; accept or reject {@code callId}. */
    record IncomingCall(String callId, String caller) implements SessionEvent {}

    /** The callee's app is ringing. */
    record Ringing(String callId, String callee) implements SessionEvent {}

    /** Media is flowing with {@code peer}. */
    record Connected(String callId, String peer, ActiveCall call) implements SessionEvent {}

    /** The call is over; {@code reason} is a sentence for the person. */
    record Ended(String callId, EndReason kind, String reason) implements SessionEvent {}

    /** The connection to the server dropped and is being resumed ({@code true}), or is back. */
    record Reconnecting(boolean reconnecting) implements SessionEvent {}

    /** The connection to the server is gone; {@code reason} is a sentence for the person. */
    record Disconnected(String reason) implements SessionEvent {}

    enum EndReason {
        HUNG_UP,
        REJECTED,
        BUSY,
        CANCELLED,
        UNREACHABLE,
        FAILED
    }
}
