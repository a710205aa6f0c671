package io.dejavu.protocol.signaling.client;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.CallEnded;
import io.dejavu.protocol.signaling.SignalMessage.ErrorMessage;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.Ping;
import io.dejavu.protocol.signaling.SignalMessage.Pong;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.SignalingCodec;
import io.dejavu.protocol.signaling.SignalingProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a {@link SignalingClient} connected: opens the socket and waits for the welcome, sends heartbeats and
 * notices silence, resumes the session after a lost connection (queueing sends meanwhile), and closes for good.
 * Every piece of connection state is guarded by one lock. Listeners hear about changes only through {@link
 * ListenerDispatch}, on the event thread, so a listener may call back into the client without deadlock.
 */
final class ConnectionKeeper implements Connection.Owner {
    // Logs under the public class's name, which is what users of the client filter on.
    private static final Logger LOG = LoggerFactory.getLogger(SignalingClient.class);

    /** The servers to try, in turn: a lost node's clients resume on the next one (ADR 0306). */
    private final List<URI> uris;

    private final Function<String, Hello> hello;
    private final Duration connectTimeout;
    private final boolean reconnect;
    private final Duration reconnectWindow;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ListenerDispatch events;

    private final Object lock = new Object();
    // guarded by lock
    private ConnectionState state = ConnectionState.CONNECTING;
    private Connection connection;
    private Welcome welcome;
    private boolean connectCalled;
    private final ArrayDeque<String> queued = new ArrayDeque<>();
    private final KnownCalls calls = new KnownCalls();
    private ScheduledFuture<?> heartbeat;
    private final ReconnectBackoff backoff;

    private final AtomicLong pingSeq = new AtomicLong();
    private volatile int current;

    /**
     * @param hello the hello for a new connection, given the session to resume (null for a new one)
     * @param ownsScheduler whether closing stops {@code scheduler} (our own {@code signaling-client-N} thread)
     */
    ConnectionKeeper(
            List<URI> uris,
            Function<String, Hello> hello,
            Duration connectTimeout,
            boolean reconnect,
            Duration reconnectWindow,
            HttpClient http,
            ScheduledExecutorService scheduler,
            boolean ownsScheduler,
            ListenerDispatch events) {
        this.uris = List.copyOf(uris);
        this.hello = hello;
        this.connectTimeout = connectTimeout;
        this.reconnect = reconnect;
        this.reconnectWindow = reconnectWindow;
        this.backoff = new ReconnectBackoff(reconnectWindow);
        this.http = http;
        this.scheduler = scheduler;
        this.ownsScheduler = ownsScheduler;
        this.events = events;
    }

    /** See {@link SignalingClient#connect()}. */
    Welcome connect() throws SignalingException {
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                throw new IllegalStateException("client is closed");
            }
            if (connectCalled) {
                throw new IllegalStateException("connect() was already called");
            }
            connectCalled = true;
        }
        events.state(ConnectionState.CONNECTING);
        try {
            Welcome w = open(null).get(connectTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            return w;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutDown(null);
            throw new SignalingException("interrupted while connecting to " + uri(), null, e);
        } catch (TimeoutException e) {
            shutDown(null);
            throw new SignalingException("no welcome from " + uri() + " within " + connectTimeout, null, e);
        } catch (ExecutionException e) {
            shutDown(null);
            Throwable cause = e.getCause();
            if (cause instanceof SignalingException s) {
                throw new SignalingException(s.getMessage(), s.code().orElse(null), s);
            }
            throw new SignalingException("cannot connect to " + uri() + ": " + Connection.describe(cause), null, cause);
        }
    }

    /** The server this client talks to now, or tries next. */
    URI uri() {
        return uris.get(current);
    }

    ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    Optional<Welcome> welcome() {
        synchronized (lock) {
            return Optional.ofNullable(welcome);
        }
    }

    Set<String> calls() {
        synchronized (lock) {
            return calls.snapshot();
        }
    }

    /** Counts a call we started as ours before its invite goes out, so a lost connection reports it. */
    void addCall(String callId) {
        synchronized (lock) {
            calls.add(callId);
        }
    }

    void forgetCall(String callId) {
        synchronized (lock) {
            calls.remove(callId);
        }
    }

    /** See {@link SignalingClient#sendText(String)}. */
    void sendText(String text) {
        Connection target;
        synchronized (lock) {
            switch (state) {
                case CLOSED -> throw new IllegalStateException("client is closed");
                case CONNECTING -> throw new IllegalStateException("not connected yet; call connect() first");
                case RECONNECTING -> {
                    if (queued.size() >= SignalingClient.MAX_QUEUED) {
                        queued.pollFirst();
                        LOG.warn("send queue full while reconnecting to {}; dropped the oldest message", uri());
                    }
                    queued.addLast(text);
                    return;
                }
                default -> target = connection;
            }
        }
        target.send(text);
    }

    /** Opens a socket, sends hello, completes with the welcome (or fails with a SignalingException). */
    private CompletableFuture<Welcome> open(String resumeSession) {
        URI uri = uri();
        Connection c = new Connection(uri, hello.apply(resumeSession), this);
        http.newWebSocketBuilder()
                .connectTimeout(connectTimeout)
                .buildAsync(uri, c)
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        c.welcome.completeExceptionally(error);
                    }
                });
        ScheduledFuture<?> timeout = scheduler.schedule(
                () -> c.welcome.completeExceptionally(
                        new TimeoutException("no welcome within " + connectTimeout.multipliedBy(2))),
                connectTimeout.toMillis() * 2,
                TimeUnit.MILLISECONDS);
        c.welcome.whenComplete((w, error) -> {
            timeout.cancel(false);
            if (error != null) {
                c.abort();
            }
        });
        return c.welcome;
    }

    private void onWelcome(Connection c, Welcome w) {
        List<String> flush;
        List<String> lost = List.of();
        boolean reconnected;
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                c.abort();
                return;
            }
            reconnected = state == ConnectionState.RECONNECTING;
            connection = c;
            welcome = w;
            state = ConnectionState.CONNECTED;
            c.lastReceivedNanos = System.nanoTime();
            if (reconnected) {
                lost = calls.lostOn(w);
                flush = w.resumed() ? new ArrayList<>(queued) : List.of();
                queued.clear();
            } else {
                flush = List.of();
            }
            long interval = w.heartbeatIntervalMs();
            long timeout = w.heartbeatTimeoutMs();
            if (heartbeat != null) {
                heartbeat.cancel(false);
            }
            heartbeat = scheduler.scheduleAtFixedRate(
                    () -> heartbeat(c, timeout), interval, interval, TimeUnit.MILLISECONDS);
        }
        flush.forEach(c::send);
        if (reconnected) {
            LOG.info("reconnected to {} as {} (session {})", uri(), w.user(), w.resumed() ? "resumed" : "new");
        }
        events.state(ConnectionState.CONNECTED);
        for (String id : lost) {
            events.message(new CallEnded(id, EndReason.CONNECTION_LOST, null));
        }
        c.welcome.complete(w);
    }

    private void heartbeat(Connection c, long timeoutMs) {
        synchronized (lock) {
            if (connection != c || state != ConnectionState.CONNECTED) {
                return;
            }
        }
        long silentMs = (System.nanoTime() - c.lastReceivedNanos) / 1_000_000;
        if (silentMs > timeoutMs) {
            LOG.warn("no message from {} for {} ms; dropping the connection", uri(), silentMs);
            lost(c, "heartbeat timeout");
            return;
        }
        c.send(SignalingCodec.encode(new Ping(pingSeq.incrementAndGet())));
    }

    @Override
    public void lost(Connection c, String why) {
        c.abort();
        boolean retry;
        synchronized (lock) {
            if (connection != c || state != ConnectionState.CONNECTED) {
                return;
            }
            if (heartbeat != null) {
                heartbeat.cancel(false);
                heartbeat = null;
            }
            retry = reconnect && welcome != null;
            if (retry) {
                state = ConnectionState.RECONNECTING;
                backoff.restart(System.nanoTime());
                if (c.serverGoingAway) {
                    // The node said it is shutting down: the first attempt goes to another one, picked at random,
                    // so the clients of a stopped node spread over the survivors instead of all landing on the
                    // next one in their lists (ADR 0306).
                    current = otherThan(current);
                }
            }
        }
        if (!retry) {
            LOG.warn("connection to {} lost ({})", uri(), why);
            shutDown(EndReason.CONNECTION_LOST);
            return;
        }
        LOG.warn("connection to {} lost ({}); reconnecting", uri(), why);
        events.state(ConnectionState.RECONNECTING);
        scheduleReconnect();
    }

    /** A random index of {@link #uris} other than {@code index} (itself if it is the only one). */
    private int otherThan(int index) {
        if (uris.size() < 2) {
            return index;
        }
        return (index + 1 + ThreadLocalRandom.current().nextInt(uris.size() - 1)) % uris.size();
    }

    private void scheduleReconnect() {
        long delayMs;
        synchronized (lock) {
            if (state != ConnectionState.RECONNECTING) {
                return;
            }
            delayMs = backoff.nextDelayMs(System.nanoTime());
        }
        if (delayMs < 0) {
            LOG.warn("could not reconnect to {} within {}; giving up", uri(), reconnectWindow);
            shutDown(EndReason.CONNECTION_LOST);
            return;
        }
        try {
            scheduler.schedule(this::reconnectOnce, delayMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.debug("scheduler stopped; no reconnect");
        }
    }

    private void reconnectOnce() {
        String session;
        synchronized (lock) {
            if (state != ConnectionState.RECONNECTING) {
                return;
            }
            session = welcome.sessionId();
        }
        open(session).whenComplete((w, error) -> {
            if (error == null) {
                return;
            }
            Throwable cause = error instanceof CompletionException ? error.getCause() : error;
            if (cause instanceof SignalingException s && s.code().orElse(null) == ErrorCode.UNAUTHORIZED) {
                LOG.warn("server refused our token on reconnect: {}", s.getMessage());
                shutDown(EndReason.CONNECTION_LOST);
            } else {
                LOG.debug("reconnect attempt to {} failed: {}", uri(), Connection.describe(cause));
                // The next attempt goes to the next server: a node that is gone does not hold the session back.
                current = (current + 1) % uris.size();
                scheduleReconnect();
            }
        });
    }

    /** Final state; {@code endCallsWith} non-null reports our known calls as ended for that reason. */
    void shutDown(EndReason endCallsWith) {
        Connection c;
        List<String> lost = List.of();
        boolean wasClosed;
        synchronized (lock) {
            wasClosed = state == ConnectionState.CLOSED;
            state = ConnectionState.CLOSED;
            c = connection;
            connection = null;
            if (heartbeat != null) {
                heartbeat.cancel(false);
                heartbeat = null;
            }
            queued.clear();
            if (endCallsWith != null) {
                lost = calls.removeAll();
            } else {
                calls.clear();
            }
        }
        if (wasClosed) {
            return;
        }
        if (c != null) {
            c.closeNormally();
        }
        for (String id : lost) {
            events.message(new CallEnded(id, endCallsWith, null));
        }
        events.state(ConnectionState.CLOSED);
        if (ownsScheduler) {
            // Let the CLOSED event and any queued callbacks run, then stop the thread.
            events.afterQueued(scheduler::shutdown);
            // On our own thread (a listener closing the client) waiting would only wait for ourselves.
            if (!Thread.currentThread().getName().startsWith(SignalingClient.THREAD_NAME_PREFIX)) {
                try {
                    if (!scheduler.awaitTermination(2, TimeUnit.SECONDS)) {
                        scheduler.shutdownNow();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    scheduler.shutdownNow();
                }
            }
        }
    }

    /** Runs on the socket thread: decode, update call bookkeeping, hand off to the event thread. */
    @Override
    public void received(Connection c, String text) {
        SignalMessage message;
        try {
            message = SignalingCodec.decode(text);
        } catch (SignalingProtocolException e) {
            LOG.warn("ignoring a message from {} that we cannot read: {}", uri(), e.getMessage());
            return;
        }
        c.lastReceivedNanos = System.nanoTime();
        if (!c.welcome.isDone()) {
            if (message instanceof Welcome w) {
                onWelcome(c, w);
                events.message(w);
            } else if (message instanceof ErrorMessage e) {
                c.welcome.completeExceptionally(
                        new SignalingException("server refused us: " + e.message(), e.code(), null));
            }
            return;
        }
        synchronized (lock) {
            if (connection != c) {
                return;
            }
            calls.track(message);
        }
        if (message instanceof Pong) {
            return;
        }
        if (message instanceof ErrorMessage e
                && (e.code() == ErrorCode.SESSION_REPLACED || e.code() == ErrorCode.UNAUTHORIZED)) {
            LOG.warn("server ended our session: {}", e.message());
            events.message(message);
            shutDown(EndReason.CONNECTION_LOST);
            return;
        }
        events.message(message);
    }
}
