package io.dejavu.signaling;

import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.Block;
import io.dejavu.protocol.signaling.SignalMessage.Blocked;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Ping;
import io.dejavu.protocol.signaling.SignalMessage.Pong;
import io.dejavu.protocol.signaling.SignalMessage.Unblock;
import io.dejavu.protocol.signaling.SignalingCodec;
import io.dejavu.protocol.signaling.SignalingProtocolException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling state machine, free of any web framework: what the transport and the timers report comes in here
 * and goes to the {@link Directory} (connections and sessions), {@link Sessions} (their life), {@link Calls} (the
 * call state machine and relay) and the {@link PresenceFeed}. All their state is guarded by this hub's one lock,
 * which they never take themselves; sends are non-blocking enqueues, so they happen under it and each recipient
 * sees messages in the order the state changed. Connections are closed after the lock is released where a caller
 * can wait (timers, revocation, shutdown); a close under the lock (a replaced or ended session) may come back
 * through {@link #onClose} on the same thread, which defers it.
 *
 * <p>Before sign-in a connection may send one small hello and nothing else (ADR 0302); limits on messages and
 * sign-ins are kept per user and per address, so reconnecting does not reset them.
 */
final class SignalingHub implements Cluster.Events {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingHub.class);

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

        /** Closes with a close handshake, aborting if the peer has not completed it within a second. */
        void close(int code, String reason);

        /** Drops the connection at once, without a close handshake. */
        void abort();

        /** The connection signed in: it may now send frames up to the full message size. */
        void signedIn();

        /** Host and port, for logs. */
        String remote();

        /** The remote host only: caps and limits are per address. */
        String address();
    }

    private final SignalingServerOptions options;
    private final Accounts accounts;
    private final Cluster cluster;
    private final Executor deferred;
    private final Object lock = new Object();
    private final RateLimits userMessages;
    private final RateLimits addressMessages;
    private final RateLimits signIns;
    private final Directory directory = new Directory(); // guarded by lock
    private final Calls calls; // guarded by lock
    private final PresenceFeed presence; // guarded by lock
    private final Sessions sessions; // guarded by lock
    private long accountsStamp; // touched only by the revalidation timer
    private boolean closed; // guarded by lock

    SignalingHub(SignalingServerOptions options, Accounts accounts, Executor deferred, Clock clock) {
        this(options, accounts, new LocalCluster(), "local", deferred, clock);
    }

    /** A hub of one node of a cluster; {@code node} names it in what it tells the other nodes. */
    SignalingHub(
            SignalingServerOptions options,
            Accounts accounts,
            Cluster cluster,
            String node,
            Executor deferred,
            Clock clock) {
        this.options = options;
        this.accounts = accounts;
        this.cluster = cluster;
        this.deferred = deferred;
        this.userMessages = new RateLimits(options.messagesPerSecond(), options.messageBurst());
        this.addressMessages = new RateLimits(options.addressMessagesPerSecond(), options.addressMessageBurst());
        this.signIns = new RateLimits(options.signInsPerSecond(), options.signInBurst());
        this.calls = new Calls(options, clock, directory, cluster, node, lock);
        this.presence = new PresenceFeed(options.presenceInterval().toNanos(), System.nanoTime());
        this.sessions = new Sessions(options, directory, calls, presence, cluster, node);
        this.accountsStamp = accounts.changeStamp();
    }

    // ------------------------------------------------------------------ transport events

    Conn open(Link link) {
        Conn c = new Conn(link, System.nanoTime());
        boolean shuttingDown;
        boolean admitted = false;
        synchronized (lock) {
            shuttingDown = closed;
            if (!shuttingDown) {
                admitted = directory.admit(c, options.maxConnections(), options.maxConnectionsPerAddress());
            }
            // A refused connection's frames may arrive before the abort lands: they must not sign it in.
            c.open = admitted;
        }
        if (shuttingDown) {
            link.close(CLOSE_GOING_AWAY, "server is shutting down");
        } else if (!admitted) {
            LOG.debug(
                    "refusing a connection from {}: the server's cap ({}) or the address's ({}) is reached",
                    c.address,
                    options.maxConnections(),
                    options.maxConnectionsPerAddress());
            link.abort();
        }
        return c;
    }

    void onText(Conn c, String text) {
        long now = System.nanoTime();
        c.lastSeenNanos = now;
        if (c.user == null) {
            beforeSignIn(c, text, now);
            return;
        }
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
            if (message instanceof Ping p) {
                // Liveness never waits for the hub's lock: while a lost node's clients sign in here by the
                // thousand, the pongs of the clients already here must not fall behind their heartbeat timeout
                // (they would drop and come back too, and the storm would feed itself).
                c.send(new Pong(p.seq()));
            } else if (message instanceof Hello) {
                c.send(new ErrorMessage(
                        ErrorCode.ALREADY_AUTHENTICATED, "this connection is already " + c.user, "hello"));
            } else if (message instanceof Block || message instanceof Unblock) {
                changeBlocks(c, message);
            } else {
                synchronized (lock) {
                    if (c.open && c.session != null) {
                        handle(c, c.session, message);
                    }
                }
            }
        } catch (RuntimeException e) {
            LOG.error("failed to handle {} from {}", message.getClass().getSimpleName(), c.link.remote(), e);
            c.send(new ErrorMessage(ErrorCode.INTERNAL, "the server failed to handle this message", null));
        }
    }

    void onBinary(Conn c) {
        long now = System.nanoTime();
        c.lastSeenNanos = now;
        if (c.user == null) {
            refuse(c, new ErrorMessage(ErrorCode.NOT_AUTHENTICATED, "send hello with your token first", null));
        } else if (admit(c, now)) {
            c.send(new ErrorMessage(ErrorCode.MALFORMED, "binary frames are not part of the protocol; send JSON text"));
        }
    }

    void onClose(Conn c, int status) {
        if (Thread.holdsLock(lock)) {
            // Jetty reported the close from inside one of our sends; changing state now could break the
            // loop that is sending.
            try {
                deferred.execute(() -> onClose(c, status));
            } catch (RejectedExecutionException e) {
                LOG.debug("server stopping; close of {} not processed", c.link.remote());
            }
            return;
        }
        synchronized (lock) {
            sessions.disconnected(c, status == CLOSE_NORMAL);
        }
    }

    /**
     * A stranger may send one hello, no larger than {@code maxHelloChars} (checked before parsing); anything else
     * closes the connection.
     */
    private void beforeSignIn(Conn c, String text, long now) {
        if (!addressMessages.of(c.address, now).tryAcquire(now)) {
            refuse(c, new ErrorMessage(ErrorCode.RATE_LIMITED, "too many messages from " + c.address, "hello"));
            return;
        }
        if (text.length() > options.maxHelloChars()) {
            LOG.debug("{} sent {} characters before signing in; aborting", c.link.remote(), text.length());
            abort(c);
            return;
        }
        SignalMessage message;
        try {
            message = SignalingCodec.decode(text);
        } catch (SignalingProtocolException e) {
            refuse(c, e.toErrorMessage());
            return;
        }
        if (message instanceof Hello hello) {
            hello(c, hello, now);
        } else {
            refuse(
                    c,
                    new ErrorMessage(
                            ErrorCode.NOT_AUTHENTICATED,
                            "send hello with your token first",
                            SignalingCodec.typeName(message.getClass())));
        }
    }

    /** Limits per user and per address; floods are dropped with at most one error per second. */
    private boolean admit(Conn c, long now) {
        RateLimiter user = userMessages.of(c.user, now);
        RateLimiter address = addressMessages.of(c.address, now);
        if (user.tryAcquire(now) && address.tryAcquire(now)) {
            return true;
        }
        RateLimiter full = user.dropped() > 0 ? user : address;
        if (c.rateReportDue(now)) {
            LOG.warn("rate-limiting {} at {}: {} messages dropped so far", c.user, c.address, full.dropped());
            c.send(new ErrorMessage(
                    ErrorCode.RATE_LIMITED,
                    "more than " + (int) options.messagesPerSecond() + " messages per second (burst "
                            + options.messageBurst() + "); dropped " + full.dropped() + " so far",
                    null));
        }
        return false;
    }

    private void hello(Conn c, Hello hello, long now) {
        // The database lookups happen outside the lock so one slow disk does not stall every call.
        Optional<String> user;
        try {
            user = accounts.authenticate(hello.token());
        } catch (RuntimeException e) {
            LOG.error("cannot check a token from {}: {}", c.link.remote(), e.getMessage());
            refuse(c, new ErrorMessage(ErrorCode.INTERNAL, "the server cannot sign you in now", "hello"));
            return;
        }
        if (user.isEmpty()) {
            LOG.info("refused a token from {}", c.link.remote());
            refuse(c, new ErrorMessage(ErrorCode.UNAUTHORIZED, "unknown or revoked token", "hello"));
            return;
        }
        String name = user.get();
        RateLimiter bucket = signIns.of(name, now);
        if (!bucket.tryAcquire(now) || !signInAllowedInCluster(name)) {
            refuse(
                    c,
                    new ErrorMessage(
                            ErrorCode.RATE_LIMITED,
                            "too many sign-ins as " + name + "; try again in " + bucket.secondsToNextToken(now) + " s",
                            "hello"));
            return;
        }
        List<String> blocked;
        try {
            blocked = accounts.blockedBy(name);
        } catch (UserStoreException e) {
            LOG.error("cannot read the block list of {}", name, e);
            refuse(c, new ErrorMessage(ErrorCode.INTERNAL, "the server cannot sign you in now", "hello"));
            return;
        }
        Cluster.Arrival arrival;
        try {
            // Redis round trips, like the database's, stay outside the lock.
            arrival = cluster.arrival(name, hello.resumeSession(), hello.presence());
        } catch (RuntimeException e) {
            // Redis away: this node still signs its own users in, seeing only what it holds.
            LOG.warn("cannot read the cluster's state for {}; signing in on this node alone: {}", name, e.toString());
            arrival = Cluster.Arrival.NONE;
        }
        CompletableFuture<Void> attaching;
        synchronized (lock) {
            if (!c.open) {
                return;
            }
            c.user = name;
            c.link.signedIn();
            sessions.login(c, name, hello, blocked, arrival);
            attaching = c.attaching;
            c.attaching = null;
        }
        if (attaching != null) {
            // A resume: its welcome waits in the link until Redis routes the user here; this thread waits for that
            // (it never fails: a Redis that does not answer in time is logged and let go), not the hub's lock.
            attaching.join();
            c.link.release();
        }
    }

    /** The cluster-wide sign-in counter; an unreachable Redis does not lock everyone out of a healthy node. */
    private boolean signInAllowedInCluster(String name) {
        try {
            return cluster.signInAllowed(name);
        } catch (RuntimeException e) {
            LOG.warn("cannot count sign-ins of {} in the cluster: {}", name, e.toString());
            return true;
        }
    }

    // ------------------------------------------------------------------ what other nodes say

    @Override
    public void onMessage(ClusterMessage m) {
        synchronized (lock) {
            if (closed) {
                return;
            }
            switch (m.kind()) {
                case ClusterMessage.INVITE -> calls.invitedFromElsewhere(m);
                case ClusterMessage.RINGING -> calls.ringingElsewhere(m);
                case ClusterMessage.ACCEPTED -> calls.acceptedElsewhere(m);
                case ClusterMessage.ENDED -> calls.endedElsewhere(m);
                case ClusterMessage.DELIVER -> directory.deliverTextTo(m.to(), m.text());
                case ClusterMessage.TAKEOVER -> sessions.movedAway(m.to(), m.session());
                case ClusterMessage.REPLACED -> sessions.replacedElsewhere(m.to(), m.session());
                case ClusterMessage.VISIBILITY -> sessions.visibilityFromElsewhere(m.to(), m.from(), m.visible());
                default -> LOG.warn("ignoring a cluster message of unknown kind '{}'", m.kind());
            }
        }
    }

    @Override
    public void onPresence(String user, boolean wasOnline, boolean online, Set<String> hiddenFrom) {
        synchronized (lock) {
            if (!closed) {
                presence.changed(user, wasOnline, online, hiddenFrom);
            }
        }
    }

    private void changeBlocks(Conn c, SignalMessage message) {
        boolean block = message instanceof Block;
        String target = block ? ((Block) message).user() : ((Unblock) message).user();
        String type = SignalingCodec.typeName(message.getClass());
        if (target.equals(c.user)) {
            c.send(new ErrorMessage(ErrorCode.BAD_REQUEST, "you cannot " + type + " yourself", type));
            return;
        }
        List<String> list;
        try {
            // Written outside the lock: the database may wait for another writer (the CLI, another node).
            list = block ? accounts.block(c.user, target, Blocked.MAX_USERS) : accounts.unblock(c.user, target);
        } catch (UserStoreException e) {
            c.send(new ErrorMessage(ErrorCode.BAD_REQUEST, e.getMessage(), type));
            return;
        }
        synchronized (lock) {
            Session s = c.open ? c.session : null;
            if (s != null) {
                sessions.blocksChanged(s, list, target, block);
            }
        }
    }

    /** Answers {@code error} and closes a connection that has not signed in. */
    private void refuse(Conn c, ErrorMessage error) {
        c.send(error);
        synchronized (lock) {
            directory.forget(c);
        }
        c.link.close(CLOSE_POLICY, error.code().name().toLowerCase(java.util.Locale.ROOT));
    }

    private void abort(Conn c) {
        synchronized (lock) {
            directory.forget(c);
        }
        c.link.abort();
    }

    private void handle(Conn c, Session s, SignalMessage message) {
        if (message instanceof Ping p) {
            c.send(new Pong(p.seq()));
        } else if (!calls.handle(c, s, message)) {
            String type = SignalingCodec.typeName(message.getClass());
            c.send(new ErrorMessage(
                    ErrorCode.INVALID_MESSAGE, "'" + type + "' is sent by the server, not by clients", type));
        }
    }

    // ------------------------------------------------------------------ timers

    /**
     * Ends what timed out (silent connections, unauthenticated ones, expired sessions, unanswered calls) and sends
     * the presence changes that are due.
     */
    void tick() {
        long now = System.nanoTime();
        List<Sessions.Closing> toClose;
        synchronized (lock) {
            if (closed) {
                return;
            }
            toClose = sessions.dropSilent(now);
            sessions.endAbandoned(now);
            calls.endUnanswered(now);
            presence.flush(directory, now);
        }
        toClose.forEach(Sessions.Closing::close);
    }

    /** Forgets rate-limit buckets that refilled, so the maps hold only recently active users and addresses. */
    void sweep() {
        long now = System.nanoTime();
        userMessages.sweep(now);
        addressMessages.sweep(now);
        signIns.sweep(now);
        synchronized (lock) {
            calls.sweep(now);
        }
    }

    /** Whether a call ticket's call still runs: accepted, not hung up, timed out or ended by a revocation. */
    boolean callIsActive(String callId, String holder, String peer) {
        synchronized (lock) {
            if (calls.isActive(callId, holder, peer)) {
                return true;
            }
        }
        // A call between users on other nodes: the cluster's record says.
        try {
            return cluster.shared() && cluster.callIsActive(callId, holder, peer);
        } catch (RuntimeException e) {
            LOG.warn("cannot ask the cluster whether call {} runs: {}", callId, e.toString());
            return false;
        }
    }

    /**
     * Drops the sessions of users revoked since they logged in, by any node or process. Cheap when nothing changed
     * (one row, the change stamp), so it runs several times a second; reads the database outside the lock.
     */
    void revalidate() {
        long stamp = accounts.changeStamp();
        if (stamp == accountsStamp) {
            return;
        }
        accountsStamp = stamp;
        Set<String> revoked = accounts.revokedUsers();
        if (revoked.isEmpty()) {
            return;
        }
        List<Sessions.Closing> toClose;
        synchronized (lock) {
            toClose = sessions.revoke(revoked);
        }
        toClose.forEach(Sessions.Closing::close);
    }

    void close() {
        List<Conn> all;
        synchronized (lock) {
            closed = true;
            all = directory.detachAll();
            calls.clear();
        }
        for (Conn c : all) {
            c.link.close(CLOSE_GOING_AWAY, "server is shutting down");
        }
    }

    // ------------------------------------------------------------------ introspection for tests and benchmarks

    int connectionCount() {
        synchronized (lock) {
            return directory.connectionCount();
        }
    }

    int sessionCount() {
        synchronized (lock) {
            return directory.sessionCount();
        }
    }

    int callCount() {
        synchronized (lock) {
            return calls.count();
        }
    }

    long presenceMessagesSent() {
        synchronized (lock) {
            return presence.messagesSent();
        }
    }
}
