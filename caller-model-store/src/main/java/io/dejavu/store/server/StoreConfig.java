package io.dejavu.store.server;

import io.dejavu.protocol.db.DatabaseLocation;
import io.dejavu.protocol.ticket.TicketSigner;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a {@link ModelStoreServer} runs. Build with {@link #builder(Path, String)}; defaults suit a
 * loopback store.
 *
 * <pre>{@code
 * StoreConfig config = StoreConfig.builder(Path.of("store.db"), adminToken)
 *         .port(0)                                   // random free port
 *         .ticketSecret(System.getenv("DEJAVU_TICKET_SECRET"))
 *         .genericModel(Path.of("models/generic"))
 *         .build();
 * }</pre>
 */
public final class StoreConfig {
    /** Shortest admin token accepted: anything shorter is guessable. */
    public static final int MIN_ADMIN_TOKEN_LENGTH = 16;
    /** Default bundle size limit; personal models are a few hundred kilobytes. */
    public static final long DEFAULT_MAX_BUNDLE_BYTES = 8L * 1024 * 1024;

    private final String host;
    private final int port;
    private final DatabaseLocation database;
    private final String adminToken;
    private final String ticketSecret;
    private final Path genericModel;
    private final Path pkcs12;
    private final String pkcs12Password;
    private final long maxBundleBytes;
    private final boolean allowPlainHttpOffLoopback;
    private final Clock clock;
    private final int httpThreads;
    private final int databaseConnections;
    private final Duration busyTimeout;
    private final int concurrentValidations;
    private final Duration commitDelay;
    private final int concurrentUploads;
    private final int uploadsPerClient;
    private final long minUploadBytesPerSecond;
    private final URI signaling;
    private final int selfPublishMax;
    private final Duration selfPublishWindow;

    private StoreConfig(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.database = b.database;
        this.adminToken = b.adminToken;
        this.ticketSecret = b.ticketSecret;
        this.genericModel = b.genericModel;
        this.pkcs12 = b.pkcs12;
        this.pkcs12Password = b.pkcs12Password;
        this.maxBundleBytes = b.maxBundleBytes;
        this.allowPlainHttpOffLoopback = b.allowPlainHttpOffLoopback;
        this.clock = b.clock;
        this.httpThreads = b.httpThreads;
        this.databaseConnections = b.databaseConnections;
        this.busyTimeout = b.busyTimeout;
        this.concurrentValidations = b.concurrentValidations;
        this.commitDelay = b.commitDelay;
        this.concurrentUploads = b.concurrentUploads;
        this.uploadsPerClient = b.uploadsPerClient;
        this.minUploadBytesPerSecond = b.minUploadBytesPerSecond;
        this.signaling = b.signaling;
        this.selfPublishMax = b.selfPublishMax;
        this.selfPublishWindow = b.selfPublishWindow;
    }

    /**
     * @param database the SQLite file (created if missing)
     * @param adminToken the token that uploads, lists, activates and deletes; at least {@value
     *     #MIN_ADMIN_TOKEN_LENGTH} characters
     */
    public static Builder builder(Path database, String adminToken) {
        return new Builder(DatabaseLocation.sqlite(Objects.requireNonNull(database, "database")), adminToken);
    }

    /**
     * @param database a SQLite file or a PostgreSQL database that several store nodes may share
     * @param adminToken the token that uploads, lists, activates and deletes; at least {@value
     *     #MIN_ADMIN_TOKEN_LENGTH} characters
     */
    public static Builder builder(DatabaseLocation database, String adminToken) {
        return new Builder(database, adminToken);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public DatabaseLocation database() {
        return database;
    }

    public String adminToken() {
        return adminToken;
    }

    /** The secret shared with the signaling server; empty when call tickets are not accepted. */
    public Optional<TicketSigner> ticketSigner() {
        return Optional.ofNullable(ticketSecret).map(TicketSigner::fromText);
    }

    /** A bundle directory to publish as the generic model at start, unless already published. */
    public Optional<Path> genericModel() {
        return Optional.ofNullable(genericModel);
    }

    /** The PKCS#12 key store to serve HTTPS with; empty for plain HTTP. */
    public Optional<Path> pkcs12() {
        return Optional.ofNullable(pkcs12);
    }

    public String pkcs12Password() {
        return pkcs12Password;
    }

    public long maxBundleBytes() {
        return maxBundleBytes;
    }

    public boolean allowPlainHttpOffLoopback() {
        return allowPlainHttpOffLoopback;
    }

    public Clock clock() {
        return clock;
    }

    public int httpThreads() {
        return httpThreads;
    }

    public int databaseConnections() {
        return databaseConnections;
    }

    public Duration busyTimeout() {
        return busyTimeout;
    }

    public int concurrentValidations() {
        return concurrentValidations;
    }

    /** Fault-injection pause inside each publish transaction (crash tests); zero normally. */
    public Duration commitDelay() {
        return commitDelay;
    }

    /** Uploads reading their bodies at once, in total; more are refused with 503. */
    public int concurrentUploads() {
        return concurrentUploads;
    }

    /** Uploads reading their bodies at once from one client address; more are refused with 429. */
    public int uploadsPerClient() {
        return uploadsPerClient;
    }

    /** A request body arriving slower than this, on average since its first byte, is cut with 408. */
    public long minUploadBytesPerSecond() {
        return minUploadBytesPerSecond;
    }

    /**
     * The signaling server asked whether a ticket's call still runs (ADR 0304); empty: a ticket
     * is trusted until its expiry.
     */
    public Optional<URI> signaling() {
        return Optional.ofNullable(signaling);
    }

    /** Most versions one user may self-publish (ADR 0308) within {@link #selfPublishWindow()}; default 6. */
    public int selfPublishMax() {
        return selfPublishMax;
    }

    /** The window of {@link #selfPublishMax()}; default one hour. */
    public Duration selfPublishWindow() {
        return selfPublishWindow;
    }

    /** Builder with loopback defaults. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private final DatabaseLocation database;
        private final String adminToken;
        private String ticketSecret;
        private Path genericModel;
        private Path pkcs12;
        private String pkcs12Password = "";
        private long maxBundleBytes = DEFAULT_MAX_BUNDLE_BYTES;
        private boolean allowPlainHttpOffLoopback;
        private Clock clock = Clock.systemUTC();
        // Jetty reserves acceptor and selector threads per core; leave room for requests on big hosts.
        private int httpThreads = Math.max(16, 2 * Runtime.getRuntime().availableProcessors() + 8);
        private int databaseConnections = 4;
        private Duration busyTimeout = Duration.ofSeconds(10);
        private int concurrentValidations = 2;
        private Duration commitDelay = Duration.ZERO;
        // Few enough that slow uploads always leave most of the HTTP threads to downloads.
        private int concurrentUploads = 4;
        private int uploadsPerClient = 2;
        private long minUploadBytesPerSecond = 16 * 1024;
        private URI signaling;
        // A person's app learns after calls: a few versions an hour is plenty, and caps what a
        // leaked credential or a runaway client can write (each version is kept until deleted).
        private int selfPublishMax = 6;
        private Duration selfPublishWindow = Duration.ofHours(1);

        private Builder(DatabaseLocation database, String adminToken) {
            this.database = Objects.requireNonNull(database, "database");
            if (adminToken == null || adminToken.length() < MIN_ADMIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("admin token must have at least " + MIN_ADMIN_TOKEN_LENGTH
                        + " characters, got " + (adminToken == null ? "none" : adminToken.length()));
            }
            this.adminToken = adminToken;
        }

        /** Address to bind; default {@code 127.0.0.1}. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** Port to bind; 0 (default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** Accept call tickets signed with this secret (at least 16 bytes); {@code null} accepts none. */
        public Builder ticketSecret(String secret) {
            if (secret != null) {
                TicketSigner.fromText(secret); // fails now, with the signer's message, if too short
            }
            this.ticketSecret = secret;
            return this;
        }

        public Builder genericModel(Path dir) {
            this.genericModel = dir;
            return this;
        }

        /** Serve HTTPS with the key and certificate in this PKCS#12 file. */
        public Builder pkcs12(Path file, String password) {
            this.pkcs12 = file;
            this.pkcs12Password = password == null ? "" : password;
            return this;
        }

        public Builder maxBundleBytes(long max) {
            if (max < 1024) {
                throw new IllegalArgumentException("maxBundleBytes must be at least 1024, got " + max);
            }
            this.maxBundleBytes = max;
            return this;
        }

        /** Allow plain HTTP on an address other than loopback (models are personal data). */
        public Builder allowPlainHttpOffLoopback(boolean allow) {
            this.allowPlainHttpOffLoopback = allow;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder httpThreads(int threads) {
            if (threads < 4) {
                throw new IllegalArgumentException("httpThreads must be at least 4, got " + threads);
            }
            this.httpThreads = threads;
            return this;
        }

        public Builder databaseConnections(int connections) {
            if (connections < 1) {
                throw new IllegalArgumentException("databaseConnections must be at least 1, got " + connections);
            }
            this.databaseConnections = connections;
            return this;
        }

        /**
         * How long a request waits for the database: SQLite's write lock held by another process,
         * or a PostgreSQL connection (pooled or new); default 10 s.
         */
        public Builder busyTimeout(Duration timeout) {
            this.busyTimeout = Objects.requireNonNull(timeout, "busyTimeout");
            return this;
        }

        public Builder concurrentValidations(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("concurrentValidations must be at least 1, got " + n);
            }
            this.concurrentValidations = n;
            return this;
        }

        /**
         * At most {@code total} uploads read their bodies at once, at most {@code perClient} from
         * one address; both must leave HTTP threads to downloads ({@code total < httpThreads / 2}).
         */
        public Builder uploadLimits(int total, int perClient) {
            if (total < 1 || perClient < 1 || perClient > total) {
                throw new IllegalArgumentException(
                        "upload limits need 1 <= perClient <= total, got total " + total + ", perClient " + perClient);
            }
            this.concurrentUploads = total;
            this.uploadsPerClient = perClient;
            return this;
        }

        /**
         * Ask the signaling server at this base URI ({@code http(s)://host:port}) whether a ticket's
         * call still runs, so a ticket ends with its call; {@code null} (default) trusts tickets
         * until their expiry.
         */
        public Builder signaling(URI base) {
            if (base != null && !("http".equals(base.getScheme()) || "https".equals(base.getScheme()))) {
                throw new IllegalArgumentException("signaling must be an http(s) URI, got " + base);
            }
            this.signaling = base;
            return this;
        }

        /** Cut request bodies arriving slower than this (bytes per second, 0 = never). */
        public Builder minUploadBytesPerSecond(long rate) {
            if (rate < 0) {
                throw new IllegalArgumentException("minUploadBytesPerSecond must not be negative, got " + rate);
            }
            this.minUploadBytesPerSecond = rate;
            return this;
        }

        /**
         * At most {@code max} versions self-published by one user (publish credential, ADR 0308)
         * within {@code window}; more are refused with 429. Admin uploads do not count.
         */
        public Builder selfPublishLimit(int max, Duration window) {
            if (max < 1 || window == null || window.isZero() || window.isNegative()) {
                throw new IllegalArgumentException(
                        "self-publish limit needs max >= 1 and a positive window, got " + max + " per " + window);
            }
            this.selfPublishMax = max;
            this.selfPublishWindow = window;
            return this;
        }

        /** Fault injection for crash tests: pause this long inside each publish transaction. */
        public Builder commitDelay(Duration delay) {
            this.commitDelay = Objects.requireNonNull(delay, "commitDelay");
            return this;
        }

        /**
         * @throws IllegalArgumentException if plain HTTP would be served off loopback without {@link
         *     #allowPlainHttpOffLoopback(boolean)}
         */
        public StoreConfig build() {
            if (pkcs12 == null && !allowPlainHttpOffLoopback && !isLoopback(host)) {
                throw new IllegalArgumentException("plain HTTP on " + host + " would send personal models unencrypted;"
                        + " give a PKCS#12 certificate, bind 127.0.0.1, or allow plain HTTP explicitly");
            }
            if (concurrentUploads * 2 > httpThreads) {
                throw new IllegalArgumentException(
                        "concurrentUploads (" + concurrentUploads + ") must be at most half of" + " httpThreads ("
                                + httpThreads + ") so downloads keep threads while uploads are slow");
            }
            return new StoreConfig(this);
        }

        private static boolean isLoopback(String host) {
            try {
                return InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }
}
