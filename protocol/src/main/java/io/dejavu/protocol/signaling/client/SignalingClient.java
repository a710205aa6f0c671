package io.dejavu.protocol.signaling.client;

import io.dejavu.protocol.signaling.EndReason;
import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.Accept;
import io.dejavu.protocol.signaling.SignalMessage.Answer;
import io.dejavu.protocol.signaling.SignalMessage.Busy;
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
import io.dejavu.protocol.signaling.SignalMessage.Reject;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.SignalingCodec;
import io.dejavu.protocol.signaling.SignalingProtocolException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of the Dejavu signaling server over the JDK's {@link WebSocket}: authenticates, keeps the
 * connection alive with heartbeats, resumes the session after a lost connection, and delivers typed events to
 * {@link SignalingListener}s on its own event thread (named {@code signaling-client-N}).
 *
 * <pre>{@code
 * try (SignalingClient client = SignalingClient.builder(URI.create("ws://127.0.0.1:8443/signal"), token).build()) {
 *     client.addListener(new SignalingListener() {
 *         public void onInvite(SignalMessage.Invite invite) { client.accept(invite.callId()); }
 *         public void onCallAccepted(SignalMessage.CallAccepted a) { if (a.caller()) client.sendOffer(a.callId(), sdp); }
 *         public void onCallEnded(SignalMessage.CallEnded e) { ... }
 *     });
 *     SignalMessage.Welcome welcome = client.connect(); // blocks; throws SignalingException if refused
 *     String callId = client.invite("bob");             // outcome: onRinging, onCallAccepted or onCallEnded
 * }
 * }</pre>
 *
 * <p>Send methods never block: while the connection is being resumed they queue (up to {@value #MAX_QUEUED}
 * messages), after {@link #close()} they throw {@link IllegalStateException}.
 */
public final class SignalingClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingClient.class);
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int MAX_QUEUED = 256;

    private final URI uri;
    private final String token;
    private final boolean presence;
    private final String clientName;
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

    private SignalingClient(Builder b) {
        this.uri = b.uri;
        this.token = b.token;
        this.presence = b.presence;
        this.clientName = b.clientName;
        this.connectTimeout = b.connectTimeout;
        this.reconnect = b.reconnect;
        this.reconnectWindow = b.reconnectWindow;
        this.backoff = new ReconnectBackoff(b.reconnectWindow);
        this.http = b.httpClient != null
                ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownsScheduler = false;
        } else {
            String name = "signaling-client-" + THREADS.incrementAndGet();
            ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            own.setRemoveOnCancelPolicy(true);
            own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            this.scheduler = own;
            this.ownsScheduler = true;
        }
        this.events = new ListenerDispatch(scheduler);
        if (b.listener != null) {
            events.add(b.listener);
        }
    }

    /** A builder for a client of the server at {@code uri} (e.g. {@code ws://127.0.0.1:PORT/signal}). */
    public static Builder builder(URI uri, String token) {
        return new Builder(uri, token);
    }

    public void addListener(SignalingListener listener) {
        events.add(Objects.requireNonNull(listener, "listener"));
    }

    public void removeListener(SignalingListener listener) {
        events.remove(listener);
    }

    /**
     * Opens the connection and authenticates; blocks until the server's {@link Welcome} (or
     * {@code connectTimeout}).
     *
     * @throws SignalingException if the server cannot be reached, refuses the token ({@link
     *     ErrorCode#UNAUTHORIZED}) or does not answer in time; the client is then closed
     */
    public Welcome connect() throws SignalingException {
        synchronized (lock) {
            if (state == ConnectionState.CLOSED) {
                throw new IllegalStateException("client is closed");
            }
            if (connectCalled) {
                throw new IllegalStateException("connect() was already called");
            }
            connectCalled = true;
        }
        fireState(ConnectionState.CONNECTING);
        try {
            Welcome w = open(null).get(connectTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            return w;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutDown(null);
            throw new SignalingException("interrupted while connecting to " + uri, null, e);
        } catch (TimeoutException e) {
            shutDown(null);
            throw new SignalingException("no welcome from " + uri + " within " + connectTimeout, null, e);
        } catch (ExecutionException e) {
            shutDown(null);
            Throwable cause = e.getCause();
            if (cause instanceof SignalingException s) {
                throw new SignalingException(s.getMessage(), s.code().orElse(null), s);
            }
            throw new SignalingException("cannot connect to " + uri + ": " + Connection.describe(cause), null, cause);
        }
    }

    public ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** The latest welcome: our user name, ICE servers, session id. Empty before the first connection. */
    public Optional<Welcome> welcome() {
        synchronized (lock) {
            return Optional.ofNullable(welcome);
        }
    }

    /** Calls this client takes part in (invited, ringing or active), as far as it knows. */
    public Set<String> calls() {
        synchronized (lock) {
            return calls.snapshot();
        }
    }

    /** Invites {@code callee}; returns the new call id. The outcome arrives as ringing, accepted or ended. */
    public String invite(String callee) {
        String callId = newCallId();
        Invite invite = new Invite(callId, null, callee);
        synchronized (lock) {
            calls.add(callId);
        }
        send(invite);
        return callId;
    }

    public void accept(String callId) {
        send(new Accept(callId));
    }

    public void reject(String callId) {
        forget(callId);
        send(new Reject(callId));
    }

    public void busy(String callId) {
        forget(callId);
        send(new Busy(callId));
    }

    public void cancel(String callId) {
        forget(callId);
        send(new Cancel(callId));
    }

    public void hangUp(String callId) {
        forget(callId);
        send(new HangUp(callId));
    }

    public void sendOffer(String callId, String sdp) {
        send(new Offer(callId, null, sdp));
    }

    public void sendAnswer(String callId, String sdp) {
        send(new Answer(callId, null, sdp));
    }

    public void sendIceCandidate(String callId, String sdpMid, int sdpMLineIndex, String candidate) {
        send(new IceCandidate(callId, null, sdpMid, sdpMLineIndex, candidate));
    }

    /** Sends any message as is (tools and tests; the typed methods above are the normal way). */
    public void send(SignalMessage message) {
        sendText(SignalingCodec.encode(message));
    }

    /**
     * Sends raw text as one frame. Only for tools that test servers; the server answers anything invalid with
     * an error message.
     */
    public void sendText(String text) {
        Connection target;
        synchronized (lock) {
            switch (state) {
                case CLOSED -> throw new IllegalStateException("client is closed");
                case CONNECTING -> throw new IllegalStateException("not connected yet; call connect() first");
                case RECONNECTING -> {
                    if (queued.size() >= MAX_QUEUED) {
                        queued.pollFirst();
                        LOG.warn("send queue full while reconnecting to {}; dropped the oldest message", uri);
                    }
                    queued.addLast(text);
                    return;
                }
                default -> target = connection;
            }
        }
        target.send(text);
    }

    /** Closes the connection (normal closure, so the server ends our calls at once) and stops our threads. */
    @Override
    public void close() {
        shutDown(null);
    }

    private void forget(String callId) {
        synchronized (lock) {
            calls.remove(callId);
        }
    }

    private static String newCallId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---------------------------------------------------------------- connection handling

    /** Opens a socket, sends hello, completes with the welcome (or fails with a SignalingException). */
    private CompletableFuture<Welcome> open(String resumeSession) {
        Connection c = new Connection(uri, new Hello(token, resumeSession, presence, clientName), owner);
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
            LOG.info("reconnected to {} as {} (session {})", uri, w.user(), w.resumed() ? "resumed" : "new");
        }
        fireState(ConnectionState.CONNECTED);
        for (String id : lost) {
            dispatch(new CallEnded(id, EndReason.CONNECTION_LOST, null));
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
            LOG.warn("no message from {} for {} ms; dropping the connection", uri, silentMs);
            connectionLost(c, "heartbeat timeout");
            return;
        }
        c.send(SignalingCodec.encode(new Ping(pingSeq.incrementAndGet())));
    }

    private void connectionLost(Connection c, String why) {
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
            }
        }
        if (!retry) {
            LOG.warn("connection to {} lost ({})", uri, why);
            shutDown(EndReason.CONNECTION_LOST);
            return;
        }
        LOG.warn("connection to {} lost ({}); reconnecting", uri, why);
        fireState(ConnectionState.RECONNECTING);
        scheduleReconnect();
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
            LOG.warn("could not reconnect to {} within {}; giving up", uri, reconnectWindow);
            shutDown(EndReason.CONNECTION_LOST);
            return;
        }
        try {
            scheduler.schedule(this::reconnectOnce, delayMs, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
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
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            if (cause instanceof SignalingException s && s.code().orElse(null) == ErrorCode.UNAUTHORIZED) {
                LOG.warn("server refused our token on reconnect: {}", s.getMessage());
                shutDown(EndReason.CONNECTION_LOST);
            } else {
                LOG.debug("reconnect attempt to {} failed: {}", uri, Connection.describe(cause));
                scheduleReconnect();
            }
        });
    }

    /** Final state; {@code endCallsWith} non-null reports our known calls as ended for that reason. */
    private void shutDown(EndReason endCallsWith) {
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
            dispatch(new CallEnded(id, endCallsWith, null));
        }
        fireState(ConnectionState.CLOSED);
        if (ownsScheduler) {
            // Let the CLOSED event and any queued callbacks run, then stop the thread.
            events.afterQueued(scheduler::shutdown);
            if (!Thread.currentThread().getName().startsWith("signaling-client-")) {
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

    // ---------------------------------------------------------------- events

    private void fireState(ConnectionState s) {
        events.state(s);
    }

    private void dispatch(SignalMessage message) {
        events.message(message);
    }

    /** Runs on the socket thread: decode, update call bookkeeping, hand off to the event thread. */
    private void received(Connection c, String text) {
        SignalMessage message;
        try {
            message = SignalingCodec.decode(text);
        } catch (SignalingProtocolException e) {
            LOG.warn("ignoring a message from {} that we cannot read: {}", uri, e.getMessage());
            return;
        }
        c.lastReceivedNanos = System.nanoTime();
        if (!c.welcome.isDone()) {
            if (message instanceof Welcome w) {
                onWelcome(c, w);
                dispatch(w);
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
            dispatch(message);
            shutDown(EndReason.CONNECTION_LOST);
            return;
        }
        dispatch(message);
    }

    /** The connection's reports, kept off the public API. */
    private final Connection.Owner owner = new Connection.Owner() {
        @Override
        public void received(Connection c, String text) {
            SignalingClient.this.received(c, text);
        }

        @Override
        public void lost(Connection c, String why) {
            connectionLost(c, why);
        }
    };

    /** Options of a {@link SignalingClient}; defaults suit the app. */
    public static final class Builder {
        private final URI uri;
        private final String token;
        private SignalingListener listener;
        private boolean presence;
        private String clientName = "dejavu";
        private Duration connectTimeout = Duration.ofSeconds(5);
        private boolean reconnect = true;
        private Duration reconnectWindow = Duration.ofSeconds(30);
        private HttpClient httpClient;
        private ScheduledExecutorService scheduler;

        private Builder(URI uri, String token) {
            this.uri = Objects.requireNonNull(uri, "uri");
            String scheme = uri.getScheme();
            if (!"ws".equals(scheme) && !"wss".equals(scheme)) {
                throw new IllegalArgumentException("signaling URI must be ws:// or wss://, got " + uri);
            }
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("token must not be blank");
            }
            this.token = token;
        }

        public Builder listener(SignalingListener listener) {
            this.listener = listener;
            return this;
        }

        /** Ask for the online list in the welcome and for presence updates. Default off. */
        public Builder presence(boolean presence) {
            this.presence = presence;
            return this;
        }

        public Builder clientName(String clientName) {
            this.clientName = clientName;
            return this;
        }

        /** How long opening the socket and getting the welcome may take. Default 5 s. */
        public Builder connectTimeout(Duration connectTimeout) {
            if (connectTimeout == null || connectTimeout.isNegative() || connectTimeout.isZero()) {
                throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
            }
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Whether to resume after a lost connection, and for how long to try. Default on, 30 s. */
        public Builder reconnect(boolean reconnect, Duration window) {
            if (window == null || window.isNegative()) {
                throw new IllegalArgumentException("reconnect window must be zero or positive, got " + window);
            }
            this.reconnect = reconnect;
            this.reconnectWindow = window;
            return this;
        }

        /** Share one HTTP client among many signaling clients (load tools); not closed by us. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = httpClient;
            return this;
        }

        /**
         * Run events and timers on a shared scheduler (load tools) instead of a thread of our own; events stay
         * in order per client. Not shut down by us.
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = scheduler;
            return this;
        }

        public SignalingClient build() {
            return new SignalingClient(this);
        }
    }
}
