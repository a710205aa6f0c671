package io.dejavu.protocol.signaling.client;

import io.dejavu.protocol.signaling.ErrorCode;
import io.dejavu.protocol.signaling.SignalMessage;
import io.dejavu.protocol.signaling.SignalMessage.Accept;
import io.dejavu.protocol.signaling.SignalMessage.Answer;
import io.dejavu.protocol.signaling.SignalMessage.Block;
import io.dejavu.protocol.signaling.SignalMessage.Busy;
import io.dejavu.protocol.signaling.SignalMessage.Cancel;
import io.dejavu.protocol.signaling.SignalMessage.HangUp;
import io.dejavu.protocol.signaling.SignalMessage.Hello;
import io.dejavu.protocol.signaling.SignalMessage.IceCandidate;
import io.dejavu.protocol.signaling.SignalMessage.Invite;
import io.dejavu.protocol.signaling.SignalMessage.Offer;
import io.dejavu.protocol.signaling.SignalMessage.Reject;
import io.dejavu.protocol.signaling.SignalMessage.Unblock;
import io.dejavu.protocol.signaling.SignalMessage.Welcome;
import io.dejavu.protocol.signaling.SignalingCodec;
import io.dejavu.protocol.ticket.TicketKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

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
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int MAX_QUEUED = 256;
    static final String THREAD_NAME_PREFIX = "signaling-client-";

    private final ListenerDispatch events;
    private final ConnectionKeeper keeper;
    private final TicketKey ticketKey;

    private SignalingClient(Builder b) {
        HttpClient http = b.httpClient != null
                ? b.httpClient
                : HttpClient.newBuilder().connectTimeout(b.connectTimeout).build();
        ScheduledExecutorService scheduler;
        boolean ownsScheduler;
        if (b.scheduler != null) {
            scheduler = b.scheduler;
            ownsScheduler = false;
        } else {
            String name = THREAD_NAME_PREFIX + THREADS.incrementAndGet();
            ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
            own.setRemoveOnCancelPolicy(true);
            own.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
            scheduler = own;
            ownsScheduler = true;
        }
        this.events = new ListenerDispatch(scheduler);
        if (b.listener != null) {
            events.add(b.listener);
        }
        String token = b.token;
        boolean presence = b.presence;
        String clientName = b.clientName;
        this.ticketKey = b.ticketKey != null ? b.ticketKey : TicketKey.generate();
        String publicKey = ticketKey.publicKey();
        List<URI> uris = new ArrayList<>();
        uris.add(b.uri);
        uris.addAll(b.fallbacks);
        this.keeper = new ConnectionKeeper(
                uris,
                resumeSession -> new Hello(token, resumeSession, presence, clientName, publicKey),
                b.connectTimeout,
                b.reconnect,
                b.reconnectWindow,
                http,
                scheduler,
                ownsScheduler,
                events);
    }

    /** A builder for a client of the server at {@code uri} (e.g. {@code ws://127.0.0.1:PORT/signal}). */
    public static Builder builder(URI uri, String token) {
        return new Builder(uri, token);
    }

    /**
     * The key this client's call tickets are bound to: with a ticket from {@link
     * SignalMessage.CallAccepted#ticket()}, what the caller-model store needs (ADR 0305). The private key
     * stays in this process.
     */
    public TicketKey ticketKey() {
        return ticketKey;
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
        return keeper.connect();
    }

    public ConnectionState state() {
        return keeper.state();
    }

    /** The latest welcome: our user name, ICE servers, session id. Empty before the first connection. */
    public Optional<Welcome> welcome() {
        return keeper.welcome();
    }

    /** Calls this client takes part in (invited, ringing or active), as far as it knows. */
    public Set<String> calls() {
        return keeper.calls();
    }

    /** Invites {@code callee}; returns the new call id. The outcome arrives as ringing, accepted or ended. */
    public String invite(String callee) {
        String callId = newCallId();
        Invite invite = new Invite(callId, null, callee);
        keeper.addCall(callId);
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

    /**
     * Refuses calls from {@code user} from now on (kept by the server across sessions) and hides our presence from
     * them; answered by {@link SignalingListener#onBlocked}.
     */
    public void block(String user) {
        send(new Block(user));
    }

    /** Takes {@code user} off our block list; answered by {@link SignalingListener#onBlocked}. */
    public void unblock(String user) {
        send(new Unblock(user));
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
        keeper.sendText(text);
    }

    /** Closes the connection (normal closure, so the server ends our calls at once) and stops our threads. */
    @Override
    public void close() {
        keeper.shutDown(null);
    }

    private void forget(String callId) {
        keeper.forgetCall(callId);
    }

    private static String newCallId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

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
        private TicketKey ticketKey;
        private List<URI> fallbacks = List.of();

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

        /**
         * Other nodes of the same signaling cluster: after a lost connection the client tries them in turn and
         * resumes its session (and its calls) on the first that answers. Default none.
         */
        public Builder fallbacks(List<URI> others) {
            for (URI u : others) {
                if (!"ws".equals(u.getScheme()) && !"wss".equals(u.getScheme())) {
                    throw new IllegalArgumentException("signaling URI must be ws:// or wss://, got " + u);
                }
            }
            this.fallbacks = List.copyOf(others);
            return this;
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

        /**
         * The key to bind this client's call tickets to; default a fresh one per client. Load tools may share
         * one among many clients; a process must not hand its key to another.
         */
        public Builder ticketKey(TicketKey key) {
            this.ticketKey = Objects.requireNonNull(key, "key");
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
