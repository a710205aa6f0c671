package io.dejavu.signaling;

import io.javalin.Javalin;
import io.javalin.websocket.WsContext;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.server.ConnectionLimit;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.api.WriteCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dejavu signaling server: a WebSocket endpoint at {@value SignalingServerOptions#PATH} speaking
 * {@link io.dejavu.protocol.signaling.SignalMessage}s, with users from a {@link UserStore} (a SQLite file, or
 * PostgreSQL shared by several nodes).
 *
 * <pre>{@code
 * try (SignalingServer server = new SignalingServer(SignalingServerOptions.builder(db, signer).build())) {
 *     int port = server.start();               // bound port (0 in the options picks a free one)
 *     URI uri = server.uri();                  // ws://127.0.0.1:PORT/signal
 *     String token = server.users().addUser("alice");
 * }
 * }</pre>
 */
public final class SignalingServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalingServer.class);

    private final SignalingServerOptions options;
    private final URI redis;
    private final String node = newNodeId();
    private final Object lifecycle = new Object();
    private final ConcurrentHashMap<String, Conn> conns = new ConcurrentHashMap<>();
    private UserStore users;
    private SignalingHub hub;
    private Cluster cluster;
    private Javalin app;
    private ScheduledExecutorService ticker;
    private ExecutorService closer;
    private int port = -1;
    private boolean started;
    private boolean closed;

    public SignalingServer(SignalingServerOptions options) {
        this(options, null);
    }

    /**
     * A node of a cluster whose nodes share presence, sessions, calls and sign-in counters through the Redis at
     * {@code redis} ({@code redis://host:port}); null runs a single process that shares nothing (ADR 0306).
     */
    public SignalingServer(SignalingServerOptions options, URI redis) {
        this.options = options;
        this.redis = redis;
    }

    private static String newNodeId() {
        byte[] b = new byte[6];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    /** This node's name in the cluster (random per start). */
    public String nodeId() {
        return node;
    }

    /**
     * Opens the user database and starts listening.
     *
     * @return the bound port
     * @throws SignalingServerException if the database cannot be opened, the certificate cannot be read or the
     *     port cannot be bound
     */
    public int start() throws SignalingServerException {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("server is closed");
            }
            if (started) {
                throw new IllegalStateException("server already started on port " + port);
            }
            started = true;
            if (options.tls() && !Files.isReadable(options.pkcs12())) {
                throw new SignalingServerException("cannot read PKCS#12 certificate " + options.pkcs12(), null);
            }
            try {
                users = UserStore.open(options.database());
            } catch (UserStoreException e) {
                throw new SignalingServerException(e.getMessage(), e);
            }
            UserStore store = users;
            closer = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "signaling-closer");
                thread.setDaemon(true);
                return thread;
            });
            cluster = redis == null
                    ? new LocalCluster()
                    : new RedisCluster(
                            redis,
                            node,
                            options.resumeGrace(),
                            options.signInBurst() + (long) Math.ceil(10 * options.signInsPerSecond()));
            hub = new SignalingHub(options, store, cluster, node, closer, Clock.systemUTC());
            try {
                cluster.start(hub);
            } catch (SignalingServerException e) {
                closeQuietly();
                throw e;
            }
            long tickMs = Math.max(20, Math.min(250, options.heartbeatInterval().toMillis() / 4));
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread thread = new Thread(r, "signaling-ticker");
                thread.setDaemon(true);
                return thread;
            });
            t.setRemoveOnCancelPolicy(true);
            ticker = t;

            try {
                app = Javalin.create(config -> {
                    config.showJavalinBanner = false;
                    config.startupWatcherEnabled = false;
                    QueuedThreadPool pool = new QueuedThreadPool(200, 4, 60_000);
                    pool.setName("signaling-jetty");
                    config.jetty.threadPool = pool;
                    config.jetty.modifyWebSocketServletFactory(factory -> {
                        // Up to 4 bytes per char: frames past this close the socket (1009); smaller ones
                        // above maxMessageChars get a too_large error and the connection stays. Before sign-in
                        // each connection is held to the hello's size (JettyLink), so Jetty refuses a larger frame
                        // before buffering it.
                        factory.setMaxTextMessageSize(4L * options.maxMessageChars());
                        factory.setMaxBinaryMessageSize(4L * options.maxMessageChars());
                        factory.setIdleTimeout(options.heartbeatTimeout().multipliedBy(3));
                    });
                    config.jetty.addConnector((server, http) -> {
                        ServerConnector connector;
                        if (options.tls()) {
                            SslContextFactory.Server ssl = new SslContextFactory.Server();
                            ssl.setKeyStorePath(
                                    options.pkcs12().toAbsolutePath().toString());
                            ssl.setKeyStoreType("PKCS12");
                            ssl.setKeyStorePassword(options.pkcs12Password());
                            connector = new ServerConnector(server, ssl);
                        } else {
                            connector = new ServerConnector(server);
                        }
                        connector.setHost(options.host());
                        connector.setPort(options.port());
                        connector.setAcceptQueueSize(4096);
                        // Past the total cap Jetty stops accepting until a connection closes.
                        server.addBean(new ConnectionLimit(options.maxConnections(), connector));
                        return connector;
                    });
                    config.router.mount(router -> router.ws(SignalingServerOptions.PATH, ws -> {
                        ws.onConnect(ctx ->
                                conns.put(ctx.sessionId(), hub.open(new JettyLink(ctx, options, closer, ticker))));
                        ws.onMessage(ctx -> {
                            Conn c = conns.get(ctx.sessionId());
                            if (c != null) {
                                hub.onText(c, ctx.message());
                            }
                        });
                        ws.onBinaryMessage(ctx -> {
                            Conn c = conns.get(ctx.sessionId());
                            if (c != null) {
                                hub.onBinary(c);
                            }
                        });
                        ws.onClose(ctx -> {
                            Conn c = conns.remove(ctx.sessionId());
                            if (c != null) {
                                hub.onClose(c, ctx.status());
                            }
                        });
                        ws.onError(ctx -> LOG.debug(
                                "websocket error from {}: {}",
                                ctx.session.getRemoteAddress(),
                                ctx.error() == null ? "unknown" : ctx.error().toString()));
                    }));
                });
                new CallStatusRoute(hub, options.tickets(), Clock.systemUTC()).register(app);
                new PublishCredentialRoute(store, options.tickets().publishSigner(), Clock.systemUTC()).register(app);
                app.start();
                port = app.port();
            } catch (RuntimeException e) {
                closeQuietly();
                throw new SignalingServerException(
                        "cannot start the signaling server on " + options.host() + ":" + options.port() + ": "
                                + rootMessage(e),
                        e);
            }
            t.scheduleWithFixedDelay(this::tick, tickMs, tickMs, TimeUnit.MILLISECONDS);
            long revalidateMs = options.revalidateInterval().toMillis();
            t.scheduleWithFixedDelay(this::revalidate, revalidateMs, revalidateMs, TimeUnit.MILLISECONDS);
            t.scheduleWithFixedDelay(this::sweep, 5, 5, TimeUnit.SECONDS);
            LOG.info("signaling server listening on {}", uri());
            return port;
        }
    }

    private void tick() {
        try {
            hub.tick();
        } catch (RuntimeException e) {
            LOG.error("signaling timer failed", e);
        }
    }

    private void sweep() {
        try {
            hub.sweep();
        } catch (RuntimeException e) {
            LOG.error("sweeping rate limits failed", e);
        }
    }

    private void revalidate() {
        try {
            hub.revalidate();
        } catch (RuntimeException e) {
            LOG.error("checking for revoked users failed", e);
        }
    }

    /** {@code ws://host:port/signal} or {@code wss://...}; only after {@link #start()}. */
    public URI uri() {
        synchronized (lifecycle) {
            if (port < 0) {
                throw new IllegalStateException("server is not started");
            }
            String host = options.host().contains(":") ? "[" + options.host() + "]" : options.host();
            if ("0.0.0.0".equals(host)) {
                host = "127.0.0.1";
            }
            return URI.create((options.tls() ? "wss" : "ws") + "://" + host + ":" + port + SignalingServerOptions.PATH);
        }
    }

    public int port() {
        synchronized (lifecycle) {
            return port;
        }
    }

    /** The user database the server authenticates against (add users while it runs). */
    public UserStore users() {
        synchronized (lifecycle) {
            if (users == null) {
                throw new IllegalStateException("server is not started");
            }
            return users;
        }
    }

    public SignalingServerOptions options() {
        return options;
    }

    /** Open WebSocket connections, authenticated or not. */
    public int connectionCount() {
        return hub == null ? 0 : hub.connectionCount();
    }

    /** Users online, including those within their resume grace. */
    public int sessionCount() {
        return hub == null ? 0 : hub.sessionCount();
    }

    /** Calls ringing or active. */
    public int callCount() {
        return hub == null ? 0 : hub.callCount();
    }

    /** Presence messages sent to subscribers since the start. */
    public long presenceMessagesSent() {
        return hub == null ? 0 : hub.presenceMessagesSent();
    }

    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            closeQuietly();
            LOG.info("signaling server stopped");
        }
    }

    private void closeQuietly() {
        if (ticker != null) {
            ticker.shutdownNow();
            awaitQuietly(ticker);
        }
        if (hub != null) {
            hub.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (app != null) {
            try {
                app.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping the web server failed: {}", e.toString());
            }
        }
        if (closer != null) {
            closer.shutdown();
            awaitQuietly(closer);
        }
        if (users != null) {
            users.close();
        }
    }

    private static void awaitQuietly(ExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName());
    }

    /**
     * Sends without blocking: Jetty queues the frame and flushes it when the socket is writable. A peer that
     * stops reading would make that queue grow without bound, so past {@code maxQueuedChars} unsent characters
     * the connection is cut (the session then gets its resume grace like any lost connection). Closing is polite
     * with a deadline: a peer that does not answer the close handshake within {@link #CLOSE_GRACE_MS} is cut.
     */
    private static final class JettyLink implements SignalingHub.Link {
        private static final long CLOSE_GRACE_MS = 1000;

        private final Session session;
        private final String remote;
        private final String address;
        private final AtomicLong queuedChars = new AtomicLong();
        private final AtomicBoolean cut = new AtomicBoolean();
        private final long maxQueuedChars;
        private final long maxMessageBytes;
        private final Executor closer;
        private final ScheduledExecutorService timer;

        JettyLink(WsContext ctx, SignalingServerOptions options, Executor closer, ScheduledExecutorService timer) {
            this.session = ctx.session;
            this.maxQueuedChars = options.maxQueuedChars();
            this.maxMessageBytes = 4L * options.maxMessageChars();
            this.closer = closer;
            this.timer = timer;
            SocketAddress remoteAddress = ctx.session.getRemoteAddress();
            this.remote = String.valueOf(remoteAddress);
            this.address = remoteAddress instanceof InetSocketAddress inet && inet.getAddress() != null
                    ? inet.getAddress().getHostAddress()
                    : remote;
            // Up to 4 bytes per char of the hello: Jetty refuses a larger frame (1009) before buffering it.
            session.setMaxTextMessageSize(4L * options.maxHelloChars());
            session.setMaxBinaryMessageSize(64);
        }

        @Override
        public void send(String text) {
            if (!session.isOpen() || cut.get()) {
                return;
            }
            int chars = text.length();
            if (queuedChars.addAndGet(chars) > maxQueuedChars) {
                queuedChars.addAndGet(-chars);
                if (cut.compareAndSet(false, true)) {
                    LOG.warn(
                            "{} is not reading ({} characters unsent); cutting its connection", remote, maxQueuedChars);
                    // Not inline: we are inside the hub's lock, and Jetty may report the close on this thread.
                    closer.execute(session::disconnect);
                }
                return;
            }
            session.getRemote().sendString(text, new WriteCallback() {
                @Override
                public void writeSuccess() {
                    queuedChars.addAndGet(-chars);
                }

                @Override
                public void writeFailed(Throwable x) {
                    queuedChars.addAndGet(-chars);
                    LOG.debug("send to {} failed: {}", remote, x.toString());
                }
            });
        }

        @Override
        public void close(int code, String reason) {
            if (session.isOpen()) {
                session.close(code, reason);
                try {
                    timer.schedule(this::abortIfOpen, CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    // shutting down: Jetty's stop closes what is left
                }
            }
        }

        private void abortIfOpen() {
            if (session.isOpen()) {
                LOG.debug("{} did not complete the close handshake; aborting", remote);
                session.disconnect();
            }
        }

        @Override
        public void abort() {
            if (cut.compareAndSet(false, true)) {
                // Not inline: the hub may call this under its lock, and Jetty may report the close on this thread.
                try {
                    closer.execute(session::disconnect);
                } catch (RejectedExecutionException e) {
                    session.disconnect();
                }
            }
        }

        @Override
        public void signedIn() {
            session.setMaxTextMessageSize(maxMessageBytes);
            session.setMaxBinaryMessageSize(maxMessageBytes);
        }

        @Override
        public String remote() {
            return remote;
        }

        @Override
        public String address() {
            return address;
        }
    }
}
