package io.dejavu.signaling;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.Blocked;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.ticket.TicketKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of a session: started or resumed by a hello, kept through a lost connection for the resume grace,
 * replaced by a new login, ended by leaving, silence or revocation. No lock of its own: the hub holds its lock
 * around every method, so ending a session and ending its call happen as one step.
 */
final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A connection to close once the lock is released, with the WebSocket close code and reason to send; a hard one
     * is aborted without a close handshake, so a peer that does not read cannot keep it.
     */
    record Closing(Conn conn, int code, String reason, boolean hard) {
        Closing(Conn conn, int code, String reason) {
            this(conn, code, reason, false);
        }

        void close() {
            if (hard) {
                conn.link.abort();
            } else {
                conn.link.close(code, reason);
            }
        }
    }

    private final SignalingServerOptions options;
    private final Directory directory;
    private final Calls calls;
    private final PresenceFeed presence;

    Sessions(SignalingServerOptions options, Directory directory, Calls calls, PresenceFeed presence) {
        this.options = options;
        this.directory = directory;
        this.calls = calls;
        this.presence = presence;
    }

    /**
     * Gives an authenticated connection its session: the one it asks to resume if that is {@code user}'s. {@code
     * blocked} is the user's block list as stored.
     */
    void login(Conn c, String user, Hello hello, List<String> blocked) {
        Session resumed = hello.resumeSession() == null ? null : directory.byId(hello.resumeSession());
        if (resumed != null && resumed.user.equals(user)) {
            resume(c, resumed, hello);
        } else {
            start(c, user, hello, blocked);
        }
    }

    private void start(Conn c, String name, Hello hello, List<String> blocked) {
        Session old = directory.byUser(name);
        if (old != null) {
            LOG.info("{} logged in again; replacing session {}", name, old.id);
            if (old.conn != null) {
                Conn oc = old.conn;
                oc.send(new ErrorMessage(ErrorCode.SESSION_REPLACED, "you logged in from another connection"));
                directory.detach(oc);
                oc.link.close(SignalingHub.CLOSE_SESSION_REPLACED, "session replaced");
            }
            end(old, EndReason.PEER_LOST, false);
        }
        Session s = new Session(name, newId(), hello.presence(), Set.copyOf(blocked));
        s.ticketKey = thumbprint(hello);
        s.conn = c;
        c.session = s;
        directory.put(s);
        c.send(welcome(s, false));
        c.send(new Blocked(blocked));
        LOG.debug("{} connected from {} (session {})", name, c.link.remote(), s.id);
        presence.changed(name, old != null, true, s.blocked);
    }

    private void resume(Conn c, Session s, Hello hello) {
        if (s.conn != null && s.conn != c) {
            Conn oc = s.conn;
            directory.detach(oc);
            oc.link.close(SignalingHub.CLOSE_RESUMED_ELSEWHERE, "session resumed on another connection");
        }
        s.conn = c;
        s.disconnectedNanos = 0;
        s.presence = hello.presence();
        s.ticketKey = thumbprint(hello);
        c.session = s;
        c.send(welcome(s, true));
        c.send(new Blocked(List.copyOf(new TreeSet<>(s.blocked))));
        s.flushPendingTo(c);
        LOG.info("{} resumed session {} from {}", s.user, s.id, c.link.remote());
    }

    private static String thumbprint(Hello hello) {
        return hello.ticketKey() == null ? null : TicketKey.thumbprintOf(hello.ticketKey());
    }

    private Welcome welcome(Session s, boolean resumed) {
        List<String> online = s.presence ? directory.visibleTo(s.user) : List.of();
        return new Welcome(
                s.user,
                s.id,
                resumed,
                options.iceServersFor(s.user),
                options.heartbeatInterval().toMillis(),
                options.heartbeatTimeout().toMillis(),
                online,
                s.calls().stream().map(call -> call.id).toList());
    }

    /** A connection closed or was declared dead. */
    void disconnected(Conn c, boolean normalClose) {
        if (!c.open) {
            return;
        }
        Session s = c.session;
        directory.detach(c);
        if (s == null) {
            return;
        }
        if (normalClose || options.resumeGrace().isZero()) {
            LOG.debug("{} left", s.user);
            end(s, normalClose ? null : EndReason.PEER_LOST, true);
        } else {
            LOG.info("{} lost its connection; keeping session {} for {}", s.user, s.id, options.resumeGrace());
            s.disconnectedNanos = System.nanoTime();
        }
    }

    /**
     * Removes the session and ends its call. {@code reason} null means the user left on purpose: the other party
     * hears hung_up, cancelled or rejected as fits the call's state.
     */
    private void end(Session s, EndReason reason, boolean announce) {
        calls.endFor(s, reason);
        directory.remove(s);
        if (s.conn != null) {
            Conn c = s.conn;
            directory.detach(c);
            c.link.close(SignalingHub.CLOSE_NORMAL, "session ended");
        }
        if (announce) {
            presence.changed(s.user, true, false, s.blocked);
        }
    }

    /**
     * {@code s} now blocks {@code blocked} (or no longer does): what rings or runs between them ends, the other
     * side's view of {@code s}'s presence follows, and {@code s} hears its new list.
     */
    void blocksChanged(Session s, List<String> blocked, String target, boolean nowBlocked) {
        s.blocked = Set.copyOf(blocked);
        if (nowBlocked) {
            calls.endBetween(s, target);
        }
        Session other = directory.byUser(target);
        if (other != null && other.presence) {
            presence.visibilityChanged(other, s.user);
        }
        s.deliver(new Blocked(blocked));
    }

    /** Detaches connections that said no hello in time or went silent; the caller closes them after the lock. */
    List<Closing> dropSilent(long now) {
        long heartbeat = options.heartbeatTimeout().toNanos();
        long auth = options.authTimeout().toNanos();
        List<Closing> toClose = new ArrayList<>();
        for (Conn c : directory.connections()) {
            if (c.session == null) {
                // Before hello only the auth timeout applies; a slow first handshake is not a dead peer. A stranger
                // gets no close handshake: one that never reads would keep a polite close open.
                if (now - c.openedNanos > auth) {
                    LOG.debug("{} sent no hello in time; aborting its connection", c.link.remote());
                    directory.detach(c);
                    toClose.add(new Closing(c, SignalingHub.CLOSE_AUTH_TIMEOUT, "no hello in time", true));
                }
            } else if (now - c.lastSeenNanos > heartbeat) {
                LOG.info(
                        "{} sent nothing for {} ms; dropping its connection",
                        c.session == null ? c.link.remote() : c.session.user,
                        (now - c.lastSeenNanos) / 1_000_000);
                disconnected(c, false);
                toClose.add(new Closing(c, SignalingHub.CLOSE_HEARTBEAT_TIMEOUT, "heartbeat timeout"));
            }
        }
        return toClose;
    }

    /** Ends the sessions whose connection did not come back within the resume grace. */
    void endAbandoned(long now) {
        long grace = options.resumeGrace().toNanos();
        for (Session s : directory.sessions()) {
            if (s.conn == null && s.disconnectedNanos != 0 && now - s.disconnectedNanos > grace) {
                LOG.info("{} did not come back within {}; ending its session", s.user, options.resumeGrace());
                end(s, EndReason.PEER_LOST, true);
            }
        }
    }

    /** Ends the sessions of {@code revoked} users; returns their connections for closing after the lock. */
    List<Closing> revoke(Set<String> revoked) {
        List<Closing> toClose = new ArrayList<>();
        for (String user : revoked) {
            Session s = directory.byUser(user);
            if (s == null) {
                continue;
            }
            LOG.info("{} was revoked; ending its session", user);
            if (s.conn != null) {
                Conn c = s.conn;
                c.send(new ErrorMessage(ErrorCode.UNAUTHORIZED, "your token was revoked"));
                directory.detach(c);
                toClose.add(new Closing(c, SignalingHub.CLOSE_POLICY, "token revoked"));
            }
            end(s, EndReason.PEER_LOST, true);
        }
        return toClose;
    }

    private static String newId() {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
