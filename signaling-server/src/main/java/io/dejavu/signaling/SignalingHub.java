package io.dejavu.signaling;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.Accept;
import io.dejavu.protocol.signaling.SignalMessage.Answer;
import io.dejavu.protocol.signaling.SignalMessage.Busy;
import io.dejavu.protocol.signaling.SignalMessage.CallAccepted;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.Cancel;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.HangUp;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.IceCandidate;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Ping;
import io.dejavu.protocol.signaling.SignalMessage.Pong;
import io.dejavu.protocol.signaling.SignalMessage.Presence;
import io.dejavu.protocol.signaling.SignalMessage.Reject;
import io.dejavu.protocol.signaling.SignalMessage.Ringing;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.SignalingCodec;
import io.dejavu.protocol.signaling.SignalingProtocolException;
import io.dejavu.protocol.ticket.CallTicket;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling state machine, free of any web framework: connections, sessions (one per user), calls and
 * their relays. All state is guarded by one lock; sends are non-blocking enqueues, so they happen under it
 * and each recipient sees messages in the order the state changed.
 */
final class SignalingHub {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingHub.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_PENDING = 256;
    private static final long MAX_PENDING_CHARS = 1L << 20;

    static final int CLOSE_NORMAL = 1000;
    static final int CLOSE_GOING_AWAY = 1001;
    static final int CLOSE_POLICY = 1008;
    static final int CLOSE_HEARTBEAT_TIMEOUT = 4000;
    static final int CLOSE_RESUMED_ELSEWHERE = 4001;
    static final int CLOSE_SESSION_REPLACED = 4002;
    static final int CLOSE_AUTH_TIMEOUT = 4003;

    /** The transport of one connection; {@link #send} must not block. */
    interface Link {
        void send(String text);

        void close(int code, String reason);

        String remote();
    }

    enum CallState {
        RINGING,
        ACTIVE
    }

    /** One WebSocket connection. */
    final class Conn {
        final Link link;
        final long openedNanos;
        volatile long lastSeenNanos;
        Session session; // guarded by lock
        boolean open = true; // guarded by lock
        // rate limiting, touched only by the connection's own (sequential) message thread
        private double tokens;
        private long refillNanos;
        private long lastRateErrorNanos;
        private long dropped;

        Conn(Link link, long now) {
            this.link = link;
            this.openedNanos = now;
            this.lastSeenNanos = now;
            this.tokens = options.messageBurst();
            this.refillNanos = now;
        }

        void send(SignalMessage message) {
            link.send(SignalingCodec.encode(message));
        }
    }

    /** A user's presence; outlives a connection by the resume grace. */
    static final class Session {
        final String user;
        final String id;
        boolean presence;
        Conn conn;
        long disconnectedNanos;
        Call call;
        final ArrayDeque<String> pending = new ArrayDeque<>();
        long pendingChars;

        Session(String user, String id, boolean presence) {
            this.user = user;
            this.id = id;
            this.presence = presence;
        }
    }

    static final class Call {
        final String id;
        final String caller;
        final String callee;
        final long createdNanos;
        CallState state = CallState.RINGING;

        Call(String id, String caller, String callee, long createdNanos) {
            this.id = id;
            this.caller = caller;
            this.callee = callee;
            this.createdNanos = createdNanos;
        }

        String other(String user) {
            return user.equals(caller) ? callee : caller;
        }

        boolean hasParty(String user) {
            return caller.equals(user) || callee.equals(user);
        }
    }

    private final SignalingServerOptions options;
    private final Function<String, Optional<String>> authenticator;
    private final Supplier<Set<String>> revokedUsers;
    private final Executor deferred;
    private final Clock clock;
    private final Object lock = new Object();
    private final Set<Conn> conns = new LinkedHashSet<>();
    private final Map<String, Session> byUser = new HashMap<>();
    private final Map<String, Session> byId = new HashMap<>();
    private final Map<String, Call> calls = new HashMap<>();
    private boolean closed;

    SignalingHub(
            SignalingServerOptions options,
            Function<String, Optional<String>> authenticator,
            Supplier<Set<String>> revokedUsers,
            Executor deferred,
            Clock clock) {
        this.options = options;
        this.authenticator = authenticator;
        this.revokedUsers = revokedUsers;
        this.deferred = deferred;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ transport events

    Conn open(Link link) {
        Conn c = new Conn(link, System.nanoTime());
        boolean refuse;
        synchronized (lock) {
            refuse = closed;
            if (!refuse) {
                conns.add(c);
            }
        }
        if (refuse) {
            link.close(CLOSE_GOING_AWAY, "server is shutting down");
        }
        return c;
    }

    void onText(Conn c, String text) {
        long now = System.nanoTime();
        c.lastSeenNanos = now;
        if (!admit(c, now)) {
            return;
        }
        if (text.length() > options.maxMessageChars()) {
            c.send(new ErrorMessage(
                    ErrorCode.TOO_LARGE,
                    "message has " + text.length() + " characters, the limit is " + options.maxMessageChars()));
            return;
        }
        SignalMessage message;
        try {
            message = SignalingCodec.decode(text);
        } catch (SignalingProtocolException e) {
            LOG.debug("refused a message from {}: {}", c.link.remote(), e.getMessage());
            c.send(e.toErrorMessage());
            return;
        }
        try {
            if (message instanceof Hello hello) {
                hello(c, hello);
            } else {
                synchronized (lock) {
                    if (!c.open) {
                        return;
                    }
                    if (c.session == null) {
                        c.send(new ErrorMessage(
                                ErrorCode.NOT_AUTHENTICATED,
                                "send hello with your token first",
                                SignalingCodec.typeName(message.getClass())));
                        return;
                    }
                    handle(c, c.session, message);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("failed to handle {} from {}", message.getClass().getSimpleName(), c.link.remote(), e);
            c.send(new ErrorMessage(ErrorCode.INTERNAL, "the server failed to handle this message", null));
        }
    }

    void onBinary(Conn c) {
        c.lastSeenNanos = System.nanoTime();
        if (admit(c, c.lastSeenNanos)) {
            c.send(new ErrorMessage(ErrorCode.MALFORMED, "binary frames are not part of the protocol; send JSON text"));
        }
    }

    void onClose(Conn c, int status) {
        if (Thread.holdsLock(lock)) {
            // Jetty reported the close from inside one of our sends; changing state now could break the
            // loop that is sending.
            try {
                deferred.execute(() -> onClose(c, status));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                LOG.debug("server stopping; close of {} not processed", c.link.remote());
            }
            return;
        }
        synchronized (lock) {
            disconnected(c, status == CLOSE_NORMAL);
        }
    }

    /** Token bucket per connection; floods are dropped with at most one error per second. */
    private boolean admit(Conn c, long now) {
        double rate = options.messagesPerSecond();
        c.tokens = Math.min(options.messageBurst(), c.tokens + (now - c.refillNanos) * rate / 1e9);
        c.refillNanos = now;
        if (c.tokens >= 1) {
            c.tokens -= 1;
            return true;
        }
        c.dropped++;
        if (now - c.lastRateErrorNanos > 1_000_000_000L) {
            c.lastRateErrorNanos = now;
            LOG.warn("rate-limiting {}: {} messages dropped so far", c.link.remote(), c.dropped);
            c.send(new ErrorMessage(
                    ErrorCode.RATE_LIMITED,
                    "more than " + (int) rate + " messages per second (burst " + options.messageBurst() + "); dropped "
                            + c.dropped + " so far",
                    null));
        }
        return false;
    }

    // ------------------------------------------------------------------ authentication and sessions

    private void hello(Conn c, Hello hello) {
        synchronized (lock) {
            if (c.session != null) {
                c.send(new ErrorMessage(
                        ErrorCode.ALREADY_AUTHENTICATED, "this connection is already " + c.session.user, "hello"));
                return;
            }
        }
        // The database lookup happens outside the lock so one slow disk does not stall every call.
        Optional<String> user = authenticator.apply(hello.token());
        if (user.isEmpty()) {
            LOG.info("refused a token from {}", c.link.remote());
            c.send(new ErrorMessage(ErrorCode.UNAUTHORIZED, "unknown or revoked token", "hello"));
            synchronized (lock) {
                c.open = false;
                conns.remove(c);
            }
            c.link.close(CLOSE_POLICY, "unauthorized");
            return;
        }
        synchronized (lock) {
            if (!c.open) {
                return;
            }
            if (c.session != null) {
                c.send(new ErrorMessage(
                        ErrorCode.ALREADY_AUTHENTICATED, "this connection is already " + c.session.user, "hello"));
                return;
            }
            String name = user.get();
            Session resumed = hello.resumeSession() == null ? null : byId.get(hello.resumeSession());
            if (resumed != null && resumed.user.equals(name)) {
                resume(c, resumed, hello);
            } else {
                start(c, name, hello);
            }
        }
    }

    private void start(Conn c, String name, Hello hello) {
        Session old = byUser.get(name);
        if (old != null) {
            LOG.info("{} logged in again; replacing session {}", name, old.id);
            if (old.conn != null) {
                Conn oc = old.conn;
                oc.send(new ErrorMessage(ErrorCode.SESSION_REPLACED, "you logged in from another connection"));
                detach(oc);
                oc.link.close(CLOSE_SESSION_REPLACED, "session replaced");
            }
            endSession(old, EndReason.PEER_LOST, false);
        }
        Session s = new Session(name, newId(), hello.presence());
        s.conn = c;
        c.session = s;
        byUser.put(name, s);
        byId.put(s.id, s);
        c.send(welcome(s, false));
        LOG.debug("{} connected from {} (session {})", name, c.link.remote(), s.id);
        broadcastPresence(new Presence(List.of(name), List.of()), s);
    }

    private void resume(Conn c, Session s, Hello hello) {
        if (s.conn != null && s.conn != c) {
            Conn oc = s.conn;
            detach(oc);
            oc.link.close(CLOSE_RESUMED_ELSEWHERE, "session resumed on another connection");
        }
        s.conn = c;
        s.disconnectedNanos = 0;
        s.presence = hello.presence();
        c.session = s;
        c.send(welcome(s, true));
        while (!s.pending.isEmpty()) {
            c.link.send(s.pending.pollFirst());
        }
        s.pendingChars = 0;
        LOG.info("{} resumed session {} from {}", s.user, s.id, c.link.remote());
    }

    private Welcome welcome(Session s, boolean resumed) {
        List<String> online = List.of();
        if (s.presence) {
            online = new ArrayList<>();
            for (String u : byUser.keySet()) {
                if (!u.equals(s.user)) {
                    online.add(u);
                }
            }
            online.sort(null);
        }
        return new Welcome(
                s.user,
                s.id,
                resumed,
                options.iceServers(),
                options.heartbeatInterval().toMillis(),
                options.heartbeatTimeout().toMillis(),
                online,
                s.call == null ? List.of() : List.of(s.call.id));
    }

    /** The connection no longer speaks for its session; late messages from it are refused. */
    private void detach(Conn c) {
        c.open = false;
        conns.remove(c);
        if (c.session != null && c.session.conn == c) {
            c.session.conn = null;
        }
        c.session = null;
    }

    /** Called under the lock when a connection closed or was declared dead. */
    private void disconnected(Conn c, boolean normalClose) {
        if (!c.open) {
            return;
        }
        Session s = c.session;
        detach(c);
        if (s == null) {
            return;
        }
        if (normalClose || options.resumeGrace().isZero()) {
            LOG.debug("{} left", s.user);
            endSession(s, normalClose ? null : EndReason.PEER_LOST, true);
        } else {
            LOG.info("{} lost its connection; keeping session {} for {}", s.user, s.id, options.resumeGrace());
            s.disconnectedNanos = System.nanoTime();
        }
    }

    /**
     * Removes the session and ends its call. {@code reason} null means the user left on purpose: the other party
     * hears hung_up, cancelled or rejected as fits the call's state.
     */
    private void endSession(Session s, EndReason reason, boolean announce) {
        if (s.call != null) {
            Call call = s.call;
            EndReason why = reason;
            if (why == null) {
                if (call.state == CallState.ACTIVE) {
                    why = EndReason.HUNG_UP;
                } else {
                    why = call.caller.equals(s.user) ? EndReason.CANCELLED : EndReason.REJECTED;
                }
            }
            endCall(call, s.user, why, s.user);
        }
        if (byUser.get(s.user) == s) {
            byUser.remove(s.user);
        }
        byId.remove(s.id);
        if (s.conn != null) {
            Conn c = s.conn;
            detach(c);
            c.link.close(CLOSE_NORMAL, "session ended");
        }
        if (announce) {
            broadcastPresence(new Presence(List.of(), List.of(s.user)), s);
        }
    }

    private void broadcastPresence(Presence presence, Session except) {
        for (Session other : byUser.values()) {
            if (other.presence && other != except) {
                deliver(other, presence);
            }
        }
    }

    // ------------------------------------------------------------------ calls

    private void handle(Conn c, Session s, SignalMessage message) {
        if (message instanceof Ping p) {
            c.send(new Pong(p.seq()));
        } else if (message instanceof Invite m) {
            invite(c, s, m);
        } else if (message instanceof Accept m) {
            accept(c, s, m);
        } else if (message instanceof Reject m) {
            answerNo(c, s, m.callId(), EndReason.REJECTED);
        } else if (message instanceof Busy m) {
            answerNo(c, s, m.callId(), EndReason.BUSY);
        } else if (message instanceof Cancel m) {
            cancel(c, s, m);
        } else if (message instanceof HangUp m) {
            hangUp(c, s, m);
        } else if (message instanceof Offer m) {
            relay(c, s, m.callId(), m.from(), new Offer(m.callId(), s.user, m.sdp()));
        } else if (message instanceof Answer m) {
            relay(c, s, m.callId(), m.from(), new Answer(m.callId(), s.user, m.sdp()));
        } else if (message instanceof IceCandidate m) {
            relay(
                    c,
                    s,
                    m.callId(),
                    m.from(),
                    new IceCandidate(m.callId(), s.user, m.sdpMid(), m.sdpMLineIndex(), m.candidate()));
        } else {
            String type = SignalingCodec.typeName(message.getClass());
            c.send(new ErrorMessage(
                    ErrorCode.INVALID_MESSAGE, "'" + type + "' is sent by the server, not by clients", type));
        }
    }

    private void invite(Conn c, Session s, Invite m) {
        if (m.from() != null && !m.from().equals(s.user)) {
            forbidden(c, s, "you are " + s.user + " and cannot invite as " + m.from(), m.callId());
            return;
        }
        if (m.to().equals(s.user)) {
            c.send(new ErrorMessage(ErrorCode.BAD_REQUEST, "you cannot call yourself", m.callId()));
            return;
        }
        if (calls.containsKey(m.callId())) {
            c.send(new ErrorMessage(
                    ErrorCode.BAD_REQUEST, "call id " + m.callId() + " is taken; pick a new one", m.callId()));
            return;
        }
        if (s.call != null) {
            c.send(new ErrorMessage(
                    ErrorCode.INVALID_STATE, "you are already in call " + s.call.id + "; hang up first", m.callId()));
            return;
        }
        Session callee = byUser.get(m.to());
        if (callee == null) {
            // Same answer for unknown and offline users, so invites cannot probe who has an account.
            c.send(new CallEnded(m.callId(), EndReason.OFFLINE, null));
            return;
        }
        if (callee.call != null) {
            c.send(new CallEnded(m.callId(), EndReason.BUSY, null));
            return;
        }
        Call call = new Call(m.callId(), s.user, callee.user, System.nanoTime());
        calls.put(call.id, call);
        s.call = call;
        callee.call = call;
        deliver(callee, new Invite(call.id, s.user, callee.user));
        c.send(new Ringing(call.id, callee.user));
    }

    private void accept(Conn c, Session s, Accept m) {
        Call call = partyCall(c, s, m.callId());
        if (call == null) {
            return;
        }
        if (!call.callee.equals(s.user)) {
            forbidden(c, s, "only " + call.callee + " can accept call " + call.id, call.id);
            return;
        }
        if (call.state != CallState.RINGING) {
            c.send(new ErrorMessage(ErrorCode.INVALID_STATE, "call " + call.id + " is already accepted", call.id));
            return;
        }
        call.state = CallState.ACTIVE;
        Instant expires =
                Instant.ofEpochSecond(clock.instant().plus(options.ticketTtl()).getEpochSecond());
        String callerTicket = options.tickets().sign(new CallTicket(call.id, call.caller, call.callee, expires));
        String calleeTicket = options.tickets().sign(new CallTicket(call.id, call.callee, call.caller, expires));
        deliverTo(call.caller, new CallAccepted(call.id, call.callee, true, callerTicket, expires));
        deliverTo(call.callee, new CallAccepted(call.id, call.caller, false, calleeTicket, expires));
    }

    private void answerNo(Conn c, Session s, String callId, EndReason reason) {
        Call call = partyCall(c, s, callId);
        if (call == null) {
            return;
        }
        if (!call.callee.equals(s.user)) {
            forbidden(c, s, "only " + call.callee + " can answer call " + call.id + "; use cancel or hangup", call.id);
            return;
        }
        if (call.state != CallState.RINGING) {
            c.send(new ErrorMessage(ErrorCode.INVALID_STATE, "call " + call.id + " was accepted; use hangup", call.id));
            return;
        }
        endCall(call, s.user, reason, s.user);
    }

    private void cancel(Conn c, Session s, Cancel m) {
        Call call = partyCall(c, s, m.callId());
        if (call == null) {
            return;
        }
        if (!call.caller.equals(s.user)) {
            forbidden(c, s, "only " + call.caller + " can cancel call " + call.id + "; use reject", call.id);
            return;
        }
        // A cancel that crossed the callee's accept ends the now active call.
        endCall(call, s.user, call.state == CallState.RINGING ? EndReason.CANCELLED : EndReason.HUNG_UP, s.user);
    }

    private void hangUp(Conn c, Session s, HangUp m) {
        Call call = partyCall(c, s, m.callId());
        if (call == null) {
            return;
        }
        EndReason reason;
        if (call.state == CallState.ACTIVE) {
            reason = EndReason.HUNG_UP;
        } else {
            reason = call.caller.equals(s.user) ? EndReason.CANCELLED : EndReason.REJECTED;
        }
        endCall(call, s.user, reason, s.user);
    }

    private void relay(Conn c, Session s, String callId, String from, SignalMessage relayed) {
        if (from != null && !from.equals(s.user)) {
            forbidden(c, s, "you are " + s.user + " and cannot send as " + from, callId);
            return;
        }
        Call call = partyCall(c, s, callId);
        if (call == null) {
            return;
        }
        if (call.state != CallState.ACTIVE) {
            c.send(new ErrorMessage(ErrorCode.INVALID_STATE, "call " + call.id + " is not accepted yet", call.id));
            return;
        }
        deliverTo(call.other(s.user), relayed);
    }

    /** The call if the sender is a party of it; otherwise answers with an error and returns null. */
    private Call partyCall(Conn c, Session s, String callId) {
        Call call = calls.get(callId);
        if (call == null) {
            c.send(new ErrorMessage(ErrorCode.UNKNOWN_CALL, "no call " + callId + " (it may have ended)", callId));
            return null;
        }
        if (!call.hasParty(s.user)) {
            forbidden(c, s, "you are not a party of call " + callId, callId);
            return null;
        }
        return call;
    }

    private void forbidden(Conn c, Session s, String why, String ref) {
        LOG.warn("forbidden from {} ({}): {}", s.user, c.link.remote(), why);
        c.send(new ErrorMessage(ErrorCode.FORBIDDEN, why, ref));
    }

    /**
     * Removes the call and tells the party other than {@code actor} (both if {@code actor} is null) that it
     * ended.
     */
    private void endCall(Call call, String actor, EndReason reason, String by) {
        calls.remove(call.id);
        for (String party : List.of(call.caller, call.callee)) {
            Session ps = byUser.get(party);
            if (ps != null && ps.call == call) {
                ps.call = null;
            }
            if (!party.equals(actor) && ps != null) {
                deliver(ps, new CallEnded(call.id, reason, by));
            }
        }
    }

    private void deliverTo(String user, SignalMessage message) {
        Session s = byUser.get(user);
        if (s != null) {
            deliver(s, message);
        }
    }

    private void deliver(Session s, SignalMessage message) {
        if (s.conn != null) {
            s.conn.send(message);
        } else {
            // Bounded by count and size: a lost connection must not let its peer fill our memory.
            String text = SignalingCodec.encode(message);
            s.pending.addLast(text);
            s.pendingChars += text.length();
            while (s.pending.size() > MAX_PENDING || s.pendingChars > MAX_PENDING_CHARS) {
                s.pendingChars -= s.pending.pollFirst().length();
            }
        }
    }

    // ------------------------------------------------------------------ timers

    /** Ends what timed out: silent connections, unauthenticated ones, expired sessions, unanswered calls. */
    void tick() {
        long now = System.nanoTime();
        long heartbeat = options.heartbeatTimeout().toNanos();
        long auth = options.authTimeout().toNanos();
        long grace = options.resumeGrace().toNanos();
        long ring = options.ringTimeout().toNanos();
        List<Conn> toClose = new ArrayList<>();
        List<Integer> codes = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            for (Conn c : new ArrayList<>(conns)) {
                if (c.session == null) {
                    // Before hello only the auth timeout applies; a slow first handshake is not a dead peer.
                    if (now - c.openedNanos > auth) {
                        detach(c);
                        toClose.add(c);
                        codes.add(CLOSE_AUTH_TIMEOUT);
                    }
                } else if (now - c.lastSeenNanos > heartbeat) {
                    LOG.info(
                            "{} sent nothing for {} ms; dropping its connection",
                            c.session == null ? c.link.remote() : c.session.user,
                            (now - c.lastSeenNanos) / 1_000_000);
                    disconnected(c, false);
                    toClose.add(c);
                    codes.add(CLOSE_HEARTBEAT_TIMEOUT);
                }
            }
            for (Session s : new ArrayList<>(byUser.values())) {
                if (s.conn == null && s.disconnectedNanos != 0 && now - s.disconnectedNanos > grace) {
                    LOG.info("{} did not come back within {}; ending its session", s.user, options.resumeGrace());
                    endSession(s, EndReason.PEER_LOST, true);
                }
            }
            for (Call call : new ArrayList<>(calls.values())) {
                if (call.state == CallState.RINGING && now - call.createdNanos > ring) {
                    endCall(call, null, EndReason.NO_ANSWER, null);
                }
            }
        }
        for (int i = 0; i < toClose.size(); i++) {
            toClose.get(i)
                    .link
                    .close(codes.get(i), codes.get(i) == CLOSE_AUTH_TIMEOUT ? "no hello in time" : "heartbeat timeout");
        }
    }

    /** Drops the sessions of users revoked since they logged in (checked outside the lock: it reads SQLite). */
    void revalidate() {
        Set<String> revoked = revokedUsers.get();
        if (revoked.isEmpty()) {
            return;
        }
        List<Conn> toClose = new ArrayList<>();
        synchronized (lock) {
            for (String user : revoked) {
                Session s = byUser.get(user);
                if (s == null) {
                    continue;
                }
                LOG.info("{} was revoked; ending its session", user);
                if (s.conn != null) {
                    Conn c = s.conn;
                    c.send(new ErrorMessage(ErrorCode.UNAUTHORIZED, "your token was revoked"));
                    detach(c);
                    toClose.add(c);
                }
                endSession(s, EndReason.PEER_LOST, true);
            }
        }
        for (Conn c : toClose) {
            c.link.close(CLOSE_POLICY, "token revoked");
        }
    }

    void close() {
        List<Conn> all;
        synchronized (lock) {
            closed = true;
            all = new ArrayList<>(conns);
            for (Conn c : all) {
                detach(c);
            }
            byUser.clear();
            byId.clear();
            calls.clear();
        }
        for (Conn c : all) {
            c.link.close(CLOSE_GOING_AWAY, "server is shutting down");
        }
    }

    // ------------------------------------------------------------------ introspection for tests and benchmarks

    int connectionCount() {
        synchronized (lock) {
            return conns.size();
        }
    }

    int sessionCount() {
        synchronized (lock) {
            return byUser.size();
        }
    }

    int callCount() {
        synchronized (lock) {
            return calls.size();
        }
    }

    private static String newId() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
