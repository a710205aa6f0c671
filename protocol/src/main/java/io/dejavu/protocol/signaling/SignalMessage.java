package io.dejavu.protocol.signaling;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every message of the Dejavu signaling protocol, version {@value SignalingCodec#VERSION}. On the wire each is
 * one JSON text frame {@code {"v":1,"type":"<type>", ...fields}}; {@link SignalingCodec} reads and writes them.
 *
 * <p>Flow of a call (C = caller, S = server, E = callee):
 *
 * <pre>
 * C→S hello{token}            S→C welcome{user, sessionId, iceServers, heartbeat...}   (same for E)
 * C→S invite{callId, to:E}    S→E invite{callId, from:C, to:E}   S→C ringing{callId, to:E}
 * E→S accept{callId}          S→C call_accepted{callId, peer:E, caller:true,  ticket for C}
 *                             S→E call_accepted{callId, peer:C, caller:false, ticket for E}
 * C→S offer{callId, sdp}      S→E offer{callId, from:C, sdp}       (the caller always offers)
 * E→S answer{callId, sdp}     S→C answer{callId, from:E, sdp}
 * both: ice{callId, candidate, sdpMid, sdpMLineIndex}, relayed to the other party with from set
 * either→S hangup{callId}     S→other call_ended{callId, reason:hung_up, by}
 * </pre>
 *
 * <p>Clients send {@link Hello}, {@link Ping}, {@link Invite}, {@link Accept}, {@link Reject}, {@link Busy},
 * {@link Cancel}, {@link HangUp}, {@link Offer}, {@link Answer}, {@link IceCandidate}, {@link Block} and
 * {@link Unblock}. The server sends {@link Welcome}, {@link Pong}, {@link ErrorMessage}, {@link Presence},
 * {@link Invite}, {@link Ringing}, {@link CallAccepted}, {@link CallEnded}, {@link Offer}, {@link Answer},
 * {@link IceCandidate} and {@link Blocked}. Fields named
 * {@code from} are set by the server; a client may leave them out, and the server refuses a message whose
 * {@code from} names someone else.
 */
public sealed interface SignalMessage {
    /** Longest SDP accepted, in characters. */
    int MAX_SDP_CHARS = 60_000;

    /** The call this message is about, if any. */
    default Optional<String> callIdIfAny() {
        return Optional.empty();
    }

    /** A message about one call. */
    sealed interface CallMessage extends SignalMessage {
        String callId();

        @Override
        default Optional<String> callIdIfAny() {
            return Optional.of(callId());
        }
    }

    /**
     * First message of every connection: authenticate with a bearer token. With {@code resumeSession} (the
     * {@link Welcome#sessionId()} of a lost connection) the server re-attaches the session and its calls if it
     * is still within the resume grace period. {@code presence} subscribes to {@link Presence} updates.
     * {@code ticketKey} is the public key of the client's {@code io.dejavu.protocol.ticket.TicketKey}: the call
     * tickets issued to this session are bound to it (ADR 0305); without one they are bound to nothing and the
     * caller-model store refuses them.
     */
    record Hello(String token, String resumeSession, boolean presence, String client, String ticketKey)
            implements SignalMessage {
        public Hello {
            Names.text("token", token, 512);
            if (resumeSession != null) {
                Names.sessionId("resumeSession", resumeSession);
            }
            Names.optionalText("client", client, 128);
            if (ticketKey != null) {
                io.dejavu.protocol.ticket.TicketKey.thumbprintOf(ticketKey);
            }
        }

        /** A hello without a ticket key (its calls' tickets open no model). */
        public Hello(String token, String resumeSession, boolean presence, String client) {
            this(token, resumeSession, presence, client, null);
        }

        /** Never print the token. */
        @Override
        public String toString() {
            return "Hello[token=***, resumeSession=" + resumeSession + ", presence=" + presence + ", client=" + client
                    + ", ticketKey=" + ticketKey + "]";
        }
    }

    /**
     * Answer to a good {@link Hello}. {@code online} is the list of users online (only if presence was asked
     * for; otherwise empty). {@code calls} lists the calls that survived a resume. The client must send a
     * {@link Ping} every {@code heartbeatIntervalMs}; the server drops a connection silent for
     * {@code heartbeatTimeoutMs}.
     */
    record Welcome(
            String user,
            String sessionId,
            boolean resumed,
            List<IceServer> iceServers,
            long heartbeatIntervalMs,
            long heartbeatTimeoutMs,
            List<String> online,
            List<String> calls)
            implements SignalMessage {
        public Welcome {
            Names.user("user", user);
            Names.sessionId("sessionId", sessionId);
            iceServers = iceServers == null ? List.of() : List.copyOf(iceServers);
            if (heartbeatIntervalMs <= 0 || heartbeatTimeoutMs <= heartbeatIntervalMs) {
                throw new IllegalArgumentException("heartbeat needs 0 < intervalMs < timeoutMs, got interval "
                        + heartbeatIntervalMs + " ms and timeout " + heartbeatTimeoutMs + " ms");
            }
            online = online == null ? List.of() : List.copyOf(online);
            calls = calls == null ? List.of() : List.copyOf(calls);
            calls.forEach(Names::callId);
        }
    }

    /** Heartbeat from the client; the server answers {@link Pong} with the same {@code seq}. */
    record Ping(long seq) implements SignalMessage {}

    /** Answer to {@link Ping}. */
    record Pong(long seq) implements SignalMessage {}

    /**
     * Something the server refused or failed to do. {@code ref} names what it is about when known: a call id,
     * or the offending message type.
     */
    record ErrorMessage(ErrorCode code, String message, String ref) implements SignalMessage {
        public ErrorMessage {
            if (code == null) {
                throw new IllegalArgumentException("error code must not be null");
            }
            Names.text("error message", message, 1000);
            Names.optionalText("error ref", ref, 128);
        }

        public ErrorMessage(ErrorCode code, String message) {
            this(code, message, null);
        }
    }

    /** Presence change for subscribers: users who came online and users who went offline. */
    record Presence(List<String> online, List<String> offline) implements SignalMessage {
        public Presence {
            online = online == null ? List.of() : List.copyOf(online);
            offline = offline == null ? List.of() : List.copyOf(offline);
            online.forEach(u -> Names.user("online user", u));
            offline.forEach(u -> Names.user("offline user", u));
        }
    }

    /**
     * Caller → server: call {@code to}, with a fresh {@code callId} chosen by the caller ({@code from} may be
     * null). Server → callee: the same with {@code from} set.
     */
    record Invite(String callId, String from, String to) implements CallMessage {
        public Invite {
            Names.callId(callId);
            Names.optionalUser("from", from);
            Names.user("to", to);
        }
    }

    /** Server → caller: the callee is online and has been told about the invite. */
    record Ringing(String callId, String to) implements CallMessage {
        public Ringing {
            Names.callId(callId);
            Names.user("to", to);
        }
    }

    /** Callee → server: take the call. */
    record Accept(String callId) implements CallMessage {
        public Accept {
            Names.callId(callId);
        }
    }

    /** Callee → server: decline the call. */
    record Reject(String callId) implements CallMessage {
        public Reject {
            Names.callId(callId);
        }
    }

    /** Callee → server: busy with something else; the caller gets {@link EndReason#BUSY}. */
    record Busy(String callId) implements CallMessage {
        public Busy {
            Names.callId(callId);
        }
    }

    /** Caller → server: withdraw an invite that was not answered yet. */
    record Cancel(String callId) implements CallMessage {
        public Cancel {
            Names.callId(callId);
        }
    }

    /** Either party → server: end an accepted call. */
    record HangUp(String callId) implements CallMessage {
        public HangUp {
            Names.callId(callId);
        }
    }

    /**
     * Server → both parties when the callee accepts. {@code ticket} is a signed {@code CallTicket} naming this
     * side as holder and {@code peer} as peer (see {@code io.dejavu.protocol.ticket.TicketSigner}); it lets the
     * holder fetch the peer's model from the caller-model store until {@code ticketExpiresAt}. {@code caller}
     * says whether this side invited, and so sends the SDP offer.
     */
    record CallAccepted(String callId, String peer, boolean caller, String ticket, Instant ticketExpiresAt)
            implements CallMessage {
        public CallAccepted {
            Names.callId(callId);
            Names.user("peer", peer);
            Names.text("ticket", ticket, 2048);
            if (ticketExpiresAt == null) {
                throw new IllegalArgumentException("ticketExpiresAt must not be null");
            }
        }
    }

    /** Server → the other party: the call is over, and why. {@code by} is the user who ended it, if any. */
    record CallEnded(String callId, EndReason reason, String by) implements CallMessage {
        public CallEnded {
            Names.callId(callId);
            if (reason == null) {
                throw new IllegalArgumentException("end reason must not be null");
            }
            Names.optionalUser("by", by);
        }
    }

    /** SDP offer, caller → callee through the server. */
    record Offer(String callId, String from, String sdp) implements CallMessage {
        public Offer {
            Names.callId(callId);
            Names.optionalUser("from", from);
            Names.text("sdp", sdp, MAX_SDP_CHARS);
        }
    }

    /** SDP answer, callee → caller through the server. */
    record Answer(String callId, String from, String sdp) implements CallMessage {
        public Answer {
            Names.callId(callId);
            Names.optionalUser("from", from);
            Names.text("sdp", sdp, MAX_SDP_CHARS);
        }
    }

    /**
     * One trickled ICE candidate, either direction through the server. Fields as in WebRTC's
     * {@code RTCIceCandidate}: {@code sdpMid}, {@code sdpMLineIndex} and the {@code candidate} line.
     */
    record IceCandidate(String callId, String from, String sdpMid, int sdpMLineIndex, String candidate)
            implements CallMessage {
        public IceCandidate {
            Names.callId(callId);
            Names.optionalUser("from", from);
            Names.optionalText("sdpMid", sdpMid, 64);
            if (sdpMLineIndex < 0 || sdpMLineIndex > 1024) {
                throw new IllegalArgumentException("sdpMLineIndex must be in 0..1024, got " + sdpMLineIndex);
            }
            Names.text("candidate", candidate, 2048);
        }
    }

    /**
     * Client → server: refuse every call from {@code user} from now on, across sessions, and hide our presence
     * from them. A call with them that rings or runs ends. The server answers {@link Blocked}.
     */
    record Block(String user) implements SignalMessage {
        public Block {
            Names.user("user", user);
        }
    }

    /** Client → server: take {@code user} off our block list. The server answers {@link Blocked}. */
    record Unblock(String user) implements SignalMessage {
        public Unblock {
            Names.user("user", user);
        }
    }

    /**
     * Server → client: the users this user blocks, sorted; sent after every {@link Welcome} and after every
     * {@link Block} or {@link Unblock}. Invites from them end as {@link EndReason#OFFLINE} for them.
     */
    record Blocked(List<String> users) implements SignalMessage {
        /** Longest block list a user may keep. */
        public static final int MAX_USERS = 1000;

        public Blocked {
            users = users == null ? List.of() : List.copyOf(users);
            if (users.size() > MAX_USERS) {
                throw new IllegalArgumentException(
                        "a block list holds at most " + MAX_USERS + " users, got " + users.size());
            }
            users.forEach(u -> Names.user("blocked user", u));
        }
    }
}
