package io.dejavu.store.server;

import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.server.internal.AccessControl;
import io.dejavu.store.server.internal.BundleValidator;
import io.dejavu.store.server.internal.CallLiveness;
import io.dejavu.store.server.internal.ContractValidator;
import io.dejavu.store.server.internal.ModelRepository;
import io.dejavu.store.server.internal.PublisherStanding;
import io.dejavu.store.server.internal.StoreHttpApi;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller-model store: an HTTP(S) service over one SQLite file or a PostgreSQL database that
 * several store nodes may share. See the package documentation
 * for the API.
 *
 * <pre>{@code
 * try (ModelStoreServer store = new ModelStoreServer(StoreConfig.builder(db, adminToken)
 *         .ticketSecret(secret).build())) {
 *     int port = store.start();
 *     URI base = store.uri();           // e.g. http://127.0.0.1:41234
 *     ...
 * }                                       // stops HTTP, then closes the database
 * }</pre>
 */
public final class ModelStoreServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelStoreServer.class);

    /**
     * What the server has done since it started.
     *
     * @param downloads bundles sent (200)
     * @param notModified revalidations answered 304 (nothing sent)
     * @param bytesServed bundle bytes sent
     * @param published uploads stored
     * @param rejected uploads refused (400, 413)
     * @param uploadsReading uploads reading their bodies now (bounded by the upload limits)
     * @param uploadsTurnedAway uploads refused at once because the upload limits were full (429, 503)
     */
    public record Stats(
            long downloads,
            long notModified,
            long bytesServed,
            long published,
            long rejected,
            int uploadsReading,
            long uploadsTurnedAway) {}

    private final StoreConfig config;
    private ModelRepository repo;
    private StoreHttpApi api;
    private Javalin app;
    private int port = -1;
    private boolean closed;

    public ModelStoreServer(StoreConfig config) {
        this.config = config;
    }

    /**
     * Opens the database, publishes the configured generic model if it is new, and starts serving.
     *
     * @return the bound port
     * @throws IOException if the database, generic model or certificate cannot be used, or the
     *     port cannot be bound
     */
    public synchronized int start() throws IOException {
        if (closed) {
            throw new IllegalStateException("store server is closed");
        }
        if (app != null) {
            throw new IllegalStateException("store server already started on port " + port);
        }
        try {
            repo = ModelRepository.open(
                    config.database(), config.databaseConnections(), config.busyTimeout(), config.commitDelay());
        } catch (SQLException e) {
            throw new IOException("cannot open store database " + config.database() + ": " + e.getMessage(), e);
        }
        try {
            BundleValidator validator = new ContractValidator(config.concurrentValidations());
            CallLiveness liveness = config.signaling()
                    .map(uri -> CallLiveness.askSignaling(uri, Duration.ofSeconds(2)))
                    .orElseGet(CallLiveness::untilExpiry);
            PublisherStanding standing = config.signaling()
                    .map(uri -> PublisherStanding.askSignaling(uri, Duration.ofSeconds(2)))
                    .orElseGet(PublisherStanding::untilExpiry);
            AccessControl access =
                    new AccessControl(config.adminToken(), config.ticketSigner(), config.clock(), liveness, standing);
            if (config.genericModel().isPresent()) {
                importGeneric(validator);
            }
            api = new StoreHttpApi(
                    repo,
                    validator,
                    access,
                    config.maxBundleBytes(),
                    config.clock(),
                    config.concurrentUploads(),
                    config.uploadsPerClient(),
                    new ModelRepository.RateLimit(config.selfPublishMax(), config.selfPublishWindow()));
            app = Javalin.create(cfg -> {
                cfg.showJavalinBanner = false;
                cfg.startupWatcherEnabled = false;
                cfg.http.disableCompression(); // bundles are incompressible float weights
                cfg.http.maxRequestSize = config.maxBundleBytes();
                cfg.jsonMapper(new JavalinJackson(Json.mapper(), false));
                QueuedThreadPool pool = new QueuedThreadPool(config.httpThreads(), 2, 60_000);
                pool.setName("store-http");
                cfg.jetty.threadPool = pool;
                cfg.jetty.defaultHost = config.host();
                cfg.jetty.defaultPort = config.port();
                cfg.jetty.modifyHttpConfiguration(http -> http.setMinRequestDataRate(config.minUploadBytesPerSecond()));
                if (config.pkcs12().isPresent()) {
                    cfg.jetty.addConnector((server, httpConfig) -> httpsConnector(server, httpConfig));
                }
            });
            api.register(app);
            app.start();
            port = localPort();
            log.info(
                    "caller-model store serving {} (database {}, tickets {})",
                    uri(),
                    config.database(),
                    config.ticketSigner().isEmpty()
                            ? "not accepted"
                            : config.signaling()
                                    .map(s -> "accepted while signaling at " + s + " says their call runs")
                                    .orElse("accepted until they expire"));
            return port;
        } catch (RuntimeException | IOException e) {
            stopQuietly();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(
                    "store could not start on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
        }
    }

    private Connector httpsConnector(
            org.eclipse.jetty.server.Server server, org.eclipse.jetty.server.HttpConfiguration httpConfig) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(config.pkcs12().orElseThrow().toAbsolutePath().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(config.pkcs12Password());
        httpConfig.addCustomizer(new SecureRequestCustomizer(false));
        ServerConnector connector = new ServerConnector(server, ssl, new HttpConnectionFactory(httpConfig));
        connector.setHost(config.host());
        connector.setPort(config.port());
        return connector;
    }

    private int localPort() {
        for (Connector c : app.jettyServer().server().getConnectors()) {
            if (c instanceof ServerConnector sc && sc.getLocalPort() > 0) {
                return sc.getLocalPort();
            }
        }
        throw new IllegalStateException("store has no bound connector");
    }

    private void importGeneric(BundleValidator validator) throws IOException {
        java.nio.file.Path dir = config.genericModel().orElseThrow();
        ModelBundle bundle;
        try {
            bundle = ModelBundle.read(dir, config.maxBundleBytes());
            if (!bundle.metadata().isGeneric()) {
                throw new BundleFormatException(
                        "its metadata.json names caller '" + bundle.metadata().caller()
                                + "'; a generic model must name '" + ModelMetadata.GENERIC_CALLER + "'");
            }
            validator.validate(bundle);
        } catch (BundleFormatException e) {
            throw new IOException("generic model " + dir + " is not usable: " + e.getMessage(), e);
        }
        String sha = bundle.sha256();
        try {
            Optional<ModelRepository.Head> active = repo.activeHead(ModelMetadata.GENERIC_CALLER);
            if (active.isPresent() && active.get().sha256().equals(sha)) {
                log.info(
                        "generic model from {} is already active as v{}",
                        dir,
                        active.get().version());
                return;
            }
            Optional<ModelRepository.Head> known = repo.findBySha(ModelMetadata.GENERIC_CALLER, sha);
            if (known.isPresent()) {
                repo.activate(ModelMetadata.GENERIC_CALLER, known.get().version());
                log.info(
                        "generic model from {} re-activated as v{}",
                        dir,
                        known.get().version());
                return;
            }
            ModelVersion v = repo.publish(
                    ModelMetadata.GENERIC_CALLER,
                    bundle.toZip(),
                    sha,
                    bundle.metadata(),
                    new String(bundle.metadataJson(), StandardCharsets.UTF_8),
                    true,
                    config.clock().instant());
            log.info("generic model from {} published as v{}", dir, v.version());
        } catch (SQLException | ModelRepository.NotFoundException e) {
            throw new IOException("cannot publish the generic model: " + e.getMessage(), e);
        }
    }

    /** The bound port; the server must be started. */
    public synchronized int port() {
        requireStarted();
        return port;
    }

    /** Base URI clients use, e.g. {@code https://127.0.0.1:8443}. */
    public synchronized URI uri() {
        requireStarted();
        String scheme = config.pkcs12().isPresent() ? "https" : "http";
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        if ("0.0.0.0".equals(host) || "[::]".equals(host)) {
            host = "127.0.0.1";
        }
        return URI.create(scheme + "://" + host + ":" + port);
    }

    public synchronized Stats stats() {
        requireStarted();
        return api.stats();
    }

    /**
     * Checks the store's database ("ok" when sound): SQLite's integrity check, and every bundle
     * against its recorded size; for operators and tests.
     */
    public synchronized String integrityCheck() throws IOException {
        requireStarted();
        try {
            return repo.integrityCheck();
        } catch (SQLException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void requireStarted() {
        if (closed) {
            throw new IllegalStateException("store server is closed");
        }
        if (app == null) {
            throw new IllegalStateException("store server is not started; call start()");
        }
    }

    /** Stops serving (waiting for requests in flight) and closes the database. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopQuietly();
        log.info("caller-model store stopped");
    }

    private void stopQuietly() {
        if (app != null) {
            try {
                app.stop();
            } catch (RuntimeException e) {
                log.warn("stopping HTTP failed: {}", e.getMessage());
            }
            app = null;
        }
        if (repo != null) {
            repo.close();
            repo = null;
        }
    }
}
