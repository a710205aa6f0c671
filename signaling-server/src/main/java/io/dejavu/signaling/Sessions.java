package io.dejavu.signaling;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage.Blocked;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Presence;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.ticket.TicketKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
    private final Cluster cluster;
    private final String node;

    Sessions(
            SignalingServerOptions options,
            Directory directory,
            Calls calls,
            PresenceFeed presence,
            Cluster cluster,
            String node) {
        this.options = options;
        this.directory = directory;
        this.calls = calls;
        this.presence = presence;
        this.cluster = cluster;
        this.node = node;
    }

    /**
     * Gives an authenticated connection its session: the one it asks to resume if that is {@code user}'s. {@code
     * blocked} is the user's block list as stored.
     */
    void login(Conn c, String user, Hello hello, List<String> blocked, Cluster.Arrival arrival) {
        Session resumed = hello.resumeSession() == null ? null : directory.byId(hello.resumeSession());
        if (resumed != null && resumed.user.equals(user)) {
            resume(c, resumed, hello, arrival);
        } else if (arrival.resumable() != null && directory.byUser(user) == null) {
            resumeFromElsewhere(c, arrival.resumable(), hello, blocked, arrival);
        } else {
            start(c, user, hello, blocked, arrival);
        }
    }

    private void start(Conn c, String name, Hello hello, List<String> blocked, Cluster.Arrival arrival) {
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
        if (old == null && arrival.wasOnlineElsewhere()) {
            // The older session lives on another node: it ends there.
            cluster.send(ClusterMessage.replaced(node, name, s.id), null);
        }
        // A new session is announced to the other nodes right after: it waits for Redis here, as it always did.
        cluster.attached(s).join();
        c.send(welcome(s, false, arrival));
        c.send(new Blocked(blocked));
        LOG.debug("{} connected from {} (session {})", name, c.link.remote(), s.id);
        announce(name, old != null || arrival.wasOnlineElsewhere(), true, s.blocked);
    }

    /**
     * Resumes a session that another node held (the client lost that node): the same id, the call it had as the
     * cluster stored it; the node that held it, if alive, lets it go (ADR 0306).
     */
    private void resumeFromElsewhere(
            Conn c, Cluster.StoredSession stored, Hello hello, List<String> blocked, Cluster.Arrival arrival) {
        Session s = new Session(stored.user(), stored.id(), hello.presence(), Set.copyOf(blocked));
        s.ticketKey = thumbprint(hello);
        if (stored.call() != null) {
            Call call = calls.adopt(stored.call());
            if (call.state == Call.State.ACTIVE || call.caller.equals(s.user)) {
                s.call = call;
            } else {
                s.ringing.put(call.id, call);
            }
        }
        s.conn = c;
        c.session = s;
        directory.put(s);
        cluster.send(ClusterMessage.takeover(node, s.user, s.id), null);
        attachHeld(c, s);
        c.send(welcome(s, true, arrival));
        c.send(new Blocked(blocked));
        LOG.info("{} resumed session {} from another node on {}", s.user, s.id, c.link.remote());
    }

    /** {@code user} resumed {@code sessionId} on another node: let it go here without ending anything. */
    void movedAway(String user, String sessionId) {
        Session s = directory.byUser(user);
        if (s == null || !s.id.equals(sessionId)) {
            return;
        }
        if (s.conn != null) {
            Conn oc = s.conn;
            directory.detach(oc);
            oc.link.close(SignalingHub.CLOSE_RESUMED_ELSEWHERE, "session resumed on another node");
        }
        calls.movedAway(s);
        directory.remove(s);
        cluster.movedAway(user);
        // What was queued for it follows it to its new node.
        for (String text : s.drainPending()) {
            cluster.send(ClusterMessage.deliver(node, user, text), null);
        }
        LOG.info("{} resumed session {} on another node", user, s.id);
    }

    /** {@code user} logged in anew on another node: its session here ends as if replaced here. */
    void replacedElsewhere(String user, String newSession) {
        Session old = directory.byUser(user);
        if (old == null || old.id.equals(newSession)) {
            return;
        }
        LOG.info("{} logged in on another node; ending session {}", user, old.id);
        if (old.conn != null) {
            Conn oc = old.conn;
            oc.send(new ErrorMessage(ErrorCode.SESSION_REPLACED, "you logged in from another connection"));
            directory.detach(oc);
            oc.link.close(SignalingHub.CLOSE_SESSION_REPLACED, "session replaced");
        }
        end(old, EndReason.PEER_LOST, false);
    }

    /** A user on another node blocked or unblocked {@code to}, who lives here. */
    void visibilityFromElsewhere(String to, String from, boolean visible) {
        Session s = directory.byUser(to);
        if (s != null && s.presence) {
            s.deliver(new Presence(visible ? List.of(from) : List.of(), visible ? List.of() : List.of(from)));
        }
    }

    private void announce(String user, boolean wasOnline, boolean online, Set<String> hiddenFrom) {
        presence.changed(user, wasOnline, online, hiddenFrom);
        cluster.presence(user, wasOnline, online, hiddenFrom);
    }

    private void resume(Conn c, Session s, Hello hello, Cluster.Arrival arrival) {
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
        attachHeld(c, s);
        c.send(welcome(s, true, arrival));
        c.send(new Blocked(List.copyOf(new TreeSet<>(s.blocked))));
        s.flushPendingTo(c);
        LOG.info("{} resumed session {} from {}", s.user, s.id, c.link.remote());
    }

    /**
     * A resumed session is attached without waiting under the hub's lock: its connection's frames (the welcome
     * first) are held until Redis routes the user's messages here, which the hub waits for after the lock (see
     * {@link Conn#attaching}). A thousand clients of a lost node resuming at once then no longer queue behind one
     * Redis round trip each, and neither does every other message of this node.
     */
    private void attachHeld(Conn c, Session s) {
        CompletableFuture<Void> attached = cluster.attached(s);
        if (!attached.isDone()) {
            // Nothing was sent since the attach began, so the welcome below is the first frame held.
            c.link.hold();
            c.attaching = attached;
        }
    }

    private static String thumbprint(Hello hello) {
        return hello.ticketKey() == null ? null : TicketKey.thumbprintOf(hello.ticketKey());
    }

    private Welcome welcome(Session s, boolean resumed, Cluster.Arrival arrival) {
        List<String> online = s.presence ? directory.visibleTo(s.user) : List.of();
        if (s.presence && !arrival.onlineElsewhere().isEmpty()) {
            TreeSet<String> all = new TreeSet<>(online);
            arrival.onlineElsewhere().forEach((user, blocks) -> {
                if (!blocks.contains(s.user) && directory.byUser(user) == null) {
                    all.add(user);
                }
            });
            online = List.copyOf(all);
        }
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
        cluster.ended(s);
        if (s.conn != null) {
            Conn c = s.conn;
            directory.detach(c);
            c.link.close(SignalingHub.CLOSE_NORMAL, "session ended");
        }
        if (announce) {
            announce(s.user, true, false, s.blocked);
        }
    }

    /**
     * {@code s} now blocks {@code blocked} (or no longer does): what rings or runs between them ends, the other
     * side's view of {@code s}'s presence follows, and {@code s} hears its new list.
     */
    void blocksChanged(Session s, List<String> blocked, String target, boolean nowBlocked) {
        s.blocked = Set.copyOf(blocked);
        cluster.blocksChanged(s);
        if (nowBlocked) {
            calls.endBetween(s, target);
        }
        Session other = directory.byUser(target);
        if (other != null && other.presence) {
            presence.visibilityChanged(other, s.user);
        } else if (other == null) {
            cluster.send(ClusterMessage.visibility(node, target, s.user, !nowBlocked), null);
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
