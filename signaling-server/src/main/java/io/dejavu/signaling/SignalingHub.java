package io.dejavu.signaling;

import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Ping;
import io.dejavu.protocol.signaling.SignalMessage.Pong;
import io.dejavu.protocol.signaling.SignalingCodec;
import io.dejavu.protocol.signaling.SignalingProtocolException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signaling state machine, free of any web framework: what the transport and the timers report comes in here
 * and goes to the {@link Directory} (connections and sessions), {@link Sessions} (their life) and {@link Calls}
 * (the call state machine and relay). All their state is guarded by this hub's one lock, which they never take
 * themselves; sends are non-blocking enqueues, so they happen under it and each recipient sees messages in the
 * order the state changed. Connections are closed after the lock is released where a caller can wait (timers,
 * revocation, shutdown); a close under the lock (a replaced or ended session) may come back through
 * {@link #onClose} on the same thread, which defers it.
 */
final class SignalingHub {
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

        void close(int code, String reason);

        String remote();
    }

    private final SignalingServerOptions options;
    private final Function<String, Optional<String>> authenticator;
    private final Supplier<Set<String>> revokedUsers;
    private final Executor deferred;
    private final Object lock = new Object();
    private final Directory directory = new Directory(); // guarded by lock
    private final Calls calls; // guarded by lock
    private final Sessions sessions; // guarded by lock
    private boolean closed; // guarded by lock

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
        this.calls = new Calls(options, clock, directory);
        this.sessions = new Sessions(options, directory, calls);
    }

    // ------------------------------------------------------------------ transport events

    Conn open(Link link) {
        long now = System.nanoTime();
        Conn c = new Conn(link, now, new RateLimiter(options.messagesPerSecond(), options.messageBurst(), now));
        boolean refuse;
        synchronized (lock) {
            refuse = closed;
            if (!refuse) {
                directory.add(c);
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
            } catch (RejectedExecutionException e) {
                LOG.debug("server stopping; close of {} not processed", c.link.remote());
            }
            return;
        }
        synchronized (lock) {
            sessions.disconnected(c, status == CLOSE_NORMAL);
        }
    }

    /** Token bucket per connection; floods are dropped with at most one error per second. */
    private boolean admit(Conn c, long now) {
        if (c.rate.tryAcquire(now)) {
            return true;
        }
        if (c.rate.reportDue(now)) {
            LOG.warn("rate-limiting {}: {} messages dropped so far", c.link.remote(), c.rate.dropped());
            c.send(new ErrorMessage(
                    ErrorCode.RATE_LIMITED,
                    "more than " + (int) options.messagesPerSecond() + " messages per second (burst "
                            + options.messageBurst() + "); dropped " + c.rate.dropped() + " so far",
                    null));
        }
        return false;
    }

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
                directory.forget(c);
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
            sessions.login(c, user.get(), hello);
        }
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

    /** Ends what timed out: silent connections, unauthenticated ones, expired sessions, unanswered calls. */
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
        }
        toClose.forEach(Sessions.Closing::close);
    }

    /** Drops the sessions of users revoked since they logged in (checked outside the lock: it reads SQLite). */
    void revalidate() {
        Set<String> revoked = revokedUsers.get();
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
}
