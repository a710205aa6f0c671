package io.dejavu.signaling;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.protocol.signaling.IceServer;
import io.dejavu.protocol.signaling.SignalingCodec;
import io.dejavu.protocol.ticket.TicketSigner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything a {@link SignalingServer} needs. Build with {@link #builder(Path, TicketSigner)}; defaults suit
 * production, tests shorten the timeouts.
 *
 * <pre>{@code
 * SignalingServerOptions options = SignalingServerOptions.builder(Path.of("users.db"), TicketSigner.fromText(secret))
 *         .port(0)                                        // random port
 *         .iceServers(List.of(IceServer.stun("stun:stun.example.org:3478")))
 *         .heartbeat(Duration.ofMillis(200), Duration.ofMillis(800))
 *         .build();
 * }</pre>
 *
 * @param host address to bind; {@code 127.0.0.1} by default
 * @param port port to bind; 0 picks a free one
 * @param database where users, token hashes, revocations and block lists live: a SQLite file, or PostgreSQL that
 *     several nodes share
 * @param tickets signs the call tickets; its secret is shared with the caller-model store
 * @param ticketTtl how long a call ticket is valid
 * @param iceServers STUN/TURN servers handed to every client in the welcome, as they are
 * @param turn mints short-lived TURN credentials for each welcome (coturn's shared-secret scheme, ADR 0307); null
 *     hands out none
 * @param heartbeatInterval how often clients must ping
 * @param heartbeatTimeout silence after which a connection counts as dead
 * @param resumeGrace how long a dead connection's session (and its calls) waits to be resumed
 * @param ringTimeout how long an invite rings before it ends with {@code no_answer}
 * @param authTimeout how long a new connection may take to send a valid hello
 * @param revalidateInterval how often the database is checked for revocations (a cheap check; the open sessions
 *     of a revoked user end within this interval)
 * @param maxMessageChars longest message handled; longer ones get {@code too_large}
 * @param messagesPerSecond sustained messages per user (all its connections, across reconnects) before
 *     {@code rate_limited}
 * @param messageBurst messages a user may send at once above the sustained rate
 * @param maxQueuedChars unsent characters queued to a connection before it counts as not reading and is cut
 * @param maxConnections open TCP connections in total; past it the server stops accepting until one closes
 * @param maxConnectionsPerAddress open WebSocket connections per remote address; more are aborted
 * @param maxHelloChars longest frame accepted before sign-in (the hello); longer ones abort the connection
 * @param addressMessagesPerSecond sustained messages per remote address, signed in or not
 * @param addressMessageBurst messages an address may send at once above its sustained rate
 * @param signInsPerSecond sustained sign-ins per user; more are refused with {@code rate_limited}
 * @param signInBurst sign-ins a user may make at once above the sustained rate
 * @param invitesPerSecond sustained invites from one caller to one callee; more end as {@code busy}
 * @param inviteBurst invites from one caller to one callee at once above the sustained rate
 * @param maxRingingPerUser invites that may ring for one user at once (call waiting); more end as {@code busy}
 * @param presenceInterval presence changes are coalesced and sent to each subscriber at most once per interval
 * @param pkcs12 certificate and key for {@code wss://}; null serves plain {@code ws://}
 * @param pkcs12Password password of the PKCS#12 file
 */
public record SignalingServerOptions(
        String host,
        int port,
        DatabaseLocation database,
        TicketSigner tickets,
        Duration ticketTtl,
        List<IceServer> iceServers,
        TurnCredentials turn,
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration resumeGrace,
        Duration ringTimeout,
        Duration authTimeout,
        Duration revalidateInterval,
        int maxMessageChars,
        double messagesPerSecond,
        int messageBurst,
        long maxQueuedChars,
        int maxConnections,
        int maxConnectionsPerAddress,
        int maxHelloChars,
        double addressMessagesPerSecond,
        int addressMessageBurst,
        double signInsPerSecond,
        int signInBurst,
        double invitesPerSecond,
        int inviteBurst,
        int maxRingingPerUser,
        Duration presenceInterval,
        Path pkcs12,
        String pkcs12Password) {
    /** The WebSocket path clients connect to. */
    public static final String PATH = "/signal";

    public SignalingServerOptions {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be in 0..65535, got " + port);
        }
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(tickets, "tickets");
        positive("ticketTtl", ticketTtl);
        iceServers = List.copyOf(iceServers);
        positive("heartbeatInterval", heartbeatInterval);
        positive("heartbeatTimeout", heartbeatTimeout);
        if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("heartbeatTimeout must be longer than heartbeatInterval, got "
                    + heartbeatTimeout + " <= " + heartbeatInterval);
        }
        Objects.requireNonNull(resumeGrace, "resumeGrace");
        if (resumeGrace.isNegative()) {
            throw new IllegalArgumentException("resumeGrace must not be negative, got " + resumeGrace);
        }
        positive("ringTimeout", ringTimeout);
        positive("authTimeout", authTimeout);
        positive("revalidateInterval", revalidateInterval);
        if (maxMessageChars < 1024 || maxMessageChars > SignalingCodec.MAX_MESSAGE_CHARS) {
            throw new IllegalArgumentException("maxMessageChars must be in 1024.." + SignalingCodec.MAX_MESSAGE_CHARS
                    + ", got " + maxMessageChars);
        }
        rate("messagesPerSecond", messagesPerSecond, "messageBurst", messageBurst);
        rate("addressMessagesPerSecond", addressMessagesPerSecond, "addressMessageBurst", addressMessageBurst);
        rate("signInsPerSecond", signInsPerSecond, "signInBurst", signInBurst);
        rate("invitesPerSecond", invitesPerSecond, "inviteBurst", inviteBurst);
        atLeast("maxConnections", maxConnections, 1);
        atLeast("maxConnectionsPerAddress", maxConnectionsPerAddress, 1);
        atLeast("maxRingingPerUser", maxRingingPerUser, 1);
        if (maxHelloChars < 256 || maxHelloChars > maxMessageChars) {
            throw new IllegalArgumentException(
                    "maxHelloChars must be in 256.." + maxMessageChars + " (maxMessageChars), got " + maxHelloChars);
        }
        positive("presenceInterval", presenceInterval);
        if (maxQueuedChars < 2L * maxMessageChars) {
            throw new IllegalArgumentException("maxQueuedChars must be at least twice maxMessageChars ("
                    + 2L * maxMessageChars + "), got " + maxQueuedChars);
        }
        if (pkcs12 != null && pkcs12Password == null) {
            throw new IllegalArgumentException(
                    "a PKCS#12 file needs a password (may be empty), got none for " + pkcs12);
        }
    }

    private static void rate(String rateName, double perSecond, String burstName, int burst) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException(rateName + " must be a positive number, got " + perSecond);
        }
        atLeast(burstName, burst, 1);
    }

    private static void atLeast(String what, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
        }
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be a positive duration, got " + d);
        }
    }

    /**
     * The ICE servers for one welcome to {@code user}: the configured ones, then a TURN server with credentials
     * minted now for that user (if {@link #turn()} is set).
     */
    public List<IceServer> iceServersFor(String user) {
        if (turn == null) {
            return iceServers;
        }
        List<IceServer> all = new ArrayList<>(iceServers);
        all.add(turn.mint(user));
        return List.copyOf(all);
    }

    /** Whether the server speaks TLS ({@code wss://}). */
    public boolean tls() {
        return pkcs12 != null;
    }

    /** Options over a SQLite user file. */
    public static Builder builder(Path database, TicketSigner tickets) {
        return new Builder(DatabaseLocation.sqlite(database), tickets);
    }

    /** Options over a user database that may be PostgreSQL ({@link DatabaseLocation#parse}). */
    public static Builder builder(DatabaseLocation database, TicketSigner tickets) {
        return new Builder(database, tickets);
    }

    /**
     * Builder with production defaults: 2 s heartbeats, 6 s timeout, 4 s resume grace, 30 s ring; the abuse limits
     * of ADR 0302 and 0303.
     */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private final DatabaseLocation database;
        private final TicketSigner tickets;
        private Duration ticketTtl = Duration.ofMinutes(5);
        private final List<IceServer> iceServers = new ArrayList<>();
        private TurnCredentials turn;
        private Duration heartbeatInterval = Duration.ofSeconds(2);
        private Duration heartbeatTimeout = Duration.ofSeconds(6);
        private Duration resumeGrace = Duration.ofSeconds(4);
        private Duration ringTimeout = Duration.ofSeconds(30);
        private Duration authTimeout = Duration.ofSeconds(10);
        private Duration revalidateInterval = Duration.ofMillis(250);
        private int maxMessageChars = SignalingCodec.MAX_MESSAGE_CHARS;
        private double messagesPerSecond = 50;
        private int messageBurst = 200;
        private long maxQueuedChars = 4L << 20;
        private int maxConnections = 10_000;
        private int maxConnectionsPerAddress = 64;
        private int maxHelloChars = 2048;
        private double addressMessagesPerSecond = -1; // 20 users' worth unless set
        private int addressMessageBurst = -1;
        private double signInsPerSecond = 1;
        private int signInBurst = 10;
        private double invitesPerSecond = 0.1;
        private int inviteBurst = 3;
        private int maxRingingPerUser = 8;
        private Duration presenceInterval = Duration.ofSeconds(1);
        private Path pkcs12;
        private String pkcs12Password;

        private Builder(DatabaseLocation database, TicketSigner tickets) {
            this.database = database;
            this.tickets = tickets;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder ticketTtl(Duration ttl) {
            this.ticketTtl = ttl;
            return this;
        }

        public Builder iceServers(List<IceServer> servers) {
            iceServers.clear();
            iceServers.addAll(servers);
            return this;
        }

        /** Mint TURN credentials for each welcome (default: none). */
        public Builder turn(TurnCredentials turn) {
            this.turn = turn;
            return this;
        }

        public Builder heartbeat(Duration interval, Duration timeout) {
            this.heartbeatInterval = interval;
            this.heartbeatTimeout = timeout;
            return this;
        }

        public Builder resumeGrace(Duration grace) {
            this.resumeGrace = grace;
            return this;
        }

        public Builder ringTimeout(Duration timeout) {
            this.ringTimeout = timeout;
            return this;
        }

        public Builder authTimeout(Duration timeout) {
            this.authTimeout = timeout;
            return this;
        }

        /** How often to look for revocations and drop the revoked users' sessions (default 250 ms). */
        public Builder revalidateInterval(Duration interval) {
            this.revalidateInterval = interval;
            return this;
        }

        public Builder maxMessageChars(int chars) {
            this.maxMessageChars = chars;
            return this;
        }

        /** Messages per user across its connections (default 50/s, burst 200). */
        public Builder rateLimit(double perSecond, int burst) {
            this.messagesPerSecond = perSecond;
            this.messageBurst = burst;
            return this;
        }

        /** Messages per remote address (default 20 times the per-user limit: users share NATs). */
        public Builder addressRateLimit(double perSecond, int burst) {
            this.addressMessagesPerSecond = perSecond;
            this.addressMessageBurst = burst;
            return this;
        }

        /** Sign-ins per user (default 1/s, burst 10). */
        public Builder signInRate(double perSecond, int burst) {
            this.signInsPerSecond = perSecond;
            this.signInBurst = burst;
            return this;
        }

        /** Invites from one caller to one callee (default one per 10 s, burst 3). */
        public Builder inviteRate(double perSecond, int burst) {
            this.invitesPerSecond = perSecond;
            this.inviteBurst = burst;
            return this;
        }

        /** Open connections in total and per remote address (default 10,000 and 64). */
        public Builder maxConnections(int total, int perAddress) {
            this.maxConnections = total;
            this.maxConnectionsPerAddress = perAddress;
            return this;
        }

        /** Longest frame accepted before sign-in (default 2,048 characters). */
        public Builder maxHelloChars(int chars) {
            this.maxHelloChars = chars;
            return this;
        }

        /** Invites that may ring for one user at once (default 8). */
        public Builder maxRingingPerUser(int invites) {
            this.maxRingingPerUser = invites;
            return this;
        }

        /** How often coalesced presence changes go out to each subscriber (default 1 s). */
        public Builder presenceInterval(Duration interval) {
            this.presenceInterval = interval;
            return this;
        }

        /** Unsent characters allowed per connection before it is cut as not reading (default 4 Mi). */
        public Builder maxQueuedChars(long chars) {
            this.maxQueuedChars = chars;
            return this;
        }

        public Builder tls(Path pkcs12, String password) {
            this.pkcs12 = pkcs12;
            this.pkcs12Password = password;
            return this;
        }

        public SignalingServerOptions build() {
            return new SignalingServerOptions(
                    host,
                    port,
                    database,
                    tickets,
                    ticketTtl,
                    iceServers,
                    turn,
                    heartbeatInterval,
                    heartbeatTimeout,
                    resumeGrace,
                    ringTimeout,
                    authTimeout,
                    revalidateInterval,
                    maxMessageChars,
                    messagesPerSecond,
                    messageBurst,
                    maxQueuedChars,
                    maxConnections,
                    maxConnectionsPerAddress,
                    maxHelloChars,
                    addressMessagesPerSecond > 0 ? addressMessagesPerSecond : 20 * messagesPerSecond,
                    addressMessageBurst > 0 ? addressMessageBurst : 20 * messageBurst,
                    signInsPerSecond,
                    signInBurst,
                    invitesPerSecond,
                    inviteBurst,
                    maxRingingPerUser,
                    presenceInterval,
                    pkcs12,
                    pkcs12Password);
        }
    }
}
