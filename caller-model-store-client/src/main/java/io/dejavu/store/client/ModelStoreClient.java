package io.dejavu.store.client;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dejavu.store.CallerSummary;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.StoreProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;

/**
 * Client of the caller-model store, for the app (fetch a peer's model at call set-up) and the
 * training tools (publish, list, roll back, delete).
 *
 * <p>{@link #fetch} keeps a disk cache keyed by caller and sha256: a repeat fetch sends {@code
 * If-None-Match} and downloads nothing when the model is unchanged, every download is checked
 * against its sha256, and when the store cannot be reached the cached model is used (and said so).
 *
 * <pre>{@code
 * try (ModelStoreClient store = ModelStoreClient.builder(URI.create("http://127.0.0.1:8090"))
 *         .cacheDir(Path.of(System.getProperty("user.home"), ".cache/dejavu/models"))
 *         .build()) {
 *     FetchedModel m = store.fetch("alice", Credential.ticket(ticket, "bob", signalingClient.ticketKey()));
 *     statusLabel = m.describe();                 // "personal v3", "generic v1", ...
 *     enhancer.load(m.enhancerOnnx());
 *
 *     ModelVersion v = store.upload(Path.of("models/alice"), adminToken);  // publish
 *     store.activate("alice", v.version() - 1, adminToken);                 // roll back
 * }
 * }</pre>
 */
public final class ModelStoreClient implements AutoCloseable {
    private final StoreTransport transport;
    private final BundleVerifier verifier;
    private final ModelCache cache;
    private final CachingFetcher fetcher;
    private volatile boolean closed;

    private ModelStoreClient(Builder b) {
        RetryPolicy retry = new RetryPolicy(b.retries, b.retryBackoff);
        this.transport = new StoreTransport(b.base, b.connectTimeout, b.requestTimeout, b.sslContext, retry);
        this.verifier = new BundleVerifier(b.maxBundleBytes);
        this.cache = new ModelCache(b.cacheDir);
        this.fetcher = new CachingFetcher(transport, verifier, cache, retry);
    }

    /** A builder for a store at {@code base} (e.g. {@code http://127.0.0.1:8090}). */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    public URI baseUri() {
        return transport.base();
    }

    /** Where fetched bundles are kept. */
    public Path cacheDir() {
        return cache.root();
    }

    /**
     * Gets the active model of {@code caller} (or the generic model when the caller has none),
     * verified and unpacked on disk.
     *
     * @throws ModelStoreException UNAUTHORIZED/FORBIDDEN if the credential is refused; NOT_FOUND
     *     if there is neither a personal nor a generic model; UNREACHABLE (or SERVER_ERROR) if the
     *     store cannot serve and nothing is cached; CORRUPT if downloads keep failing their sha256
     */
    public FetchedModel fetch(String caller, Credential credential) throws ModelStoreException {
        requireOpen();
        StoreProtocol.requireCaller(caller);
        Objects.requireNonNull(credential, "credential");
        return fetcher.fetch(caller, credential);
    }

    /**
     * Gets the active version of the credential holder's own model (ADR 0308, second amendment),
     * verified, cached and unpacked on disk exactly as {@link #fetch} does for a peer's model: an
     * unchanged model costs a 304, not a download. Never the generic model in its place: a user
     * without a model of their own gets NOT_FOUND (and the cache forgets what it held of theirs).
     * When the store cannot be reached the cached copy is returned, marked {@link
     * FetchedModel.Origin#CACHE_OFFLINE}.
     *
     * <pre>{@code
     * Credential.Publish mine = Credential.publish(PublishCredentials.obtain(...), key);
     * FetchedModel own = store.fetchOwn("alice", mine);  // "personal v3": what alice's callers get
     * }</pre>
     *
     * @throws ModelStoreException NOT_FOUND when the user has no active model; FORBIDDEN for another
     *     user's model; UNAUTHORIZED for a refused (expired, revoked) credential or proof;
     *     UNREACHABLE (or SERVER_ERROR) when the store cannot serve and nothing is cached; CORRUPT if
     *     downloads keep failing their sha256
     */
    public FetchedModel fetchOwn(String user, Credential.Publish credential) throws ModelStoreException {
        requireOpen();
        StoreProtocol.requireCaller(user);
        Objects.requireNonNull(credential, "credential");
        return fetcher.fetch(user, credential, false);
    }

    /**
     * Downloads one version (admin token, a ticket for that caller, or its owner's publish
     * credential), verified, without touching the cache.
     */
    public ModelBundle download(String caller, int version, Credential credential) throws ModelStoreException {
        requireOpen();
        HttpResponse<InputStream> resp = transport.sendIdempotent(
                transport
                        .request(StoreProtocol.versionPath(caller, version), credential)
                        .GET()
                        .build(),
                credential);
        try (InputStream body = resp.body()) {
            if (resp.statusCode() != 200) {
                throw StoreErrors.failure(
                        resp.statusCode(), StoreErrors.readError(body), "downloading " + caller + " v" + version);
            }
            byte[] zip = verifier.readBody(body, resp.headers());
            String sha = resp.headers().firstValue(StoreProtocol.HEADER_SHA256).orElse("");
            BundleVerifier.requireSha256(
                    zip, sha, actual -> caller + " v" + version + " does not match its sha256 " + sha);
            return verifier.parse(zip, UnaryOperator.identity());
        } catch (IOException e) {
            throw transport.unreachable(e);
        }
    }

    /**
     * Publishes a bundle directory (or bundle ZIP file) under the caller its metadata names, and
     * makes it active.
     */
    public ModelVersion upload(Path bundleDirOrZip, String adminToken) throws ModelStoreException {
        return upload(verifier.readLocal(bundleDirOrZip), adminToken, true);
    }

    /** Publishes a bundle; with {@code activate} false it is stored but downloads keep the old one. */
    public ModelVersion upload(ModelBundle bundle, String adminToken, boolean activate) throws ModelStoreException {
        return uploadZip(bundle.metadata().caller(), bundle.toZip(), adminToken, activate);
    }

    /**
     * Publishes raw bundle bytes for {@code caller} as they are (the store validates them); for
     * tools that already hold a ZIP. Retried like a fetch: every attempt carries one fresh
     * idempotency key, so a retry after a lost answer gets the version the first attempt stored.
     */
    public ModelVersion uploadZip(String caller, byte[] zip, String adminToken, boolean activate)
            throws ModelStoreException {
        return uploadZip(caller, zip, adminToken, activate, UUID.randomUUID().toString());
    }

    /**
     * Like {@link #uploadZip(String, byte[], String, boolean)} with the caller's own idempotency
     * key, for tools that retry across process restarts.
     */
    public ModelVersion uploadZip(String caller, byte[] zip, String adminToken, boolean activate, String key)
            throws ModelStoreException {
        requireOpen();
        StoreProtocol.requireIdempotencyKey(key);
        HttpRequest req = transport
                .request(
                        StoreProtocol.versionsPath(caller) + (activate ? "" : "?activate=false"),
                        Credential.admin(adminToken))
                .header("Content-Type", StoreProtocol.BUNDLE_MEDIA_TYPE)
                .header(StoreProtocol.HEADER_IDEMPOTENCY_KEY, key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip))
                .build();
        return transport.readJson(
                transport.sendIdempotent(req),
                201,
                new TypeReference<ModelVersion>() {},
                "uploading a model for '" + caller + "'");
    }

    /**
     * Publishes a new version of the credential holder's own model (ADR 0308): the bundle's metadata
     * must name the user the publish credential was issued to. Validated and numbered like an admin
     * upload; the version records who self-published it. Retried like {@link #uploadZip}, one
     * idempotency key for all attempts and a fresh proof for each.
     *
     * @throws ModelStoreException FORBIDDEN for another user's model, UNAUTHORIZED for a refused
     *     credential or proof, RATE_LIMITED (429) past the store's self-publish limit, REJECTED for
     *     a bundle over the size limit (413) or one that fails validation (400)
     */
    public ModelVersion publishOwn(ModelBundle bundle, Credential.Publish credential) throws ModelStoreException {
        requireOpen();
        Objects.requireNonNull(credential, "credential");
        String caller = bundle.metadata().caller();
        HttpRequest req = transport
                .request(StoreProtocol.versionsPath(caller), credential)
                .header("Content-Type", StoreProtocol.BUNDLE_MEDIA_TYPE)
                .header(StoreProtocol.HEADER_IDEMPOTENCY_KEY, UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(bundle.toZip()))
                .build();
        return transport.readJson(
                transport.sendIdempotent(req, credential),
                201,
                new TypeReference<ModelVersion>() {},
                "publishing a new version of '" + caller + "''s own model");
    }

    /**
     * The versions of the credential holder's own model, oldest first, metadata only (ADR 0308
     * amendment); empty when they have none. {@link ModelVersion#publishedBy()} tells which ones
     * they may delete with {@link #deleteOwn}.
     *
     * <pre>{@code
     * Credential.Publish mine = Credential.publish(PublishCredentials.obtain(...), key);
     * for (ModelVersion v : store.listOwn("alice", mine)) {
     *     if ("alice".equals(v.publishedBy())) {
     *         store.deleteOwn("alice", v.version(), mine);
     *     }
     * }
     * }</pre>
     *
     * @throws ModelStoreException FORBIDDEN for another user's model, UNAUTHORIZED for a refused
     *     credential or proof
     */
    public List<ModelVersion> listOwn(String user, Credential.Publish credential) throws ModelStoreException {
        requireOpen();
        Objects.requireNonNull(credential, "credential");
        HttpRequest req = transport
                .request(StoreProtocol.versionsPath(user), credential)
                .GET()
                .build();
        return transport.readJson(
                transport.sendIdempotent(req, credential),
                200,
                new TypeReference<List<ModelVersion>>() {},
                "listing the versions of '" + user + "''s own model");
    }

    /**
     * Deletes a version of the credential holder's own model that they published themselves (ADR
     * 0308 amendment). If it was the active one, the newest remaining version becomes active.
     *
     * @return false when the store has no such version (deleted already, e.g. by a retry whose first
     *     answer was lost)
     * @throws ModelStoreException FORBIDDEN for a version the admin or someone else published, or
     *     another user's model; UNAUTHORIZED for a refused credential or proof
     */
    public boolean deleteOwn(String user, int version, Credential.Publish credential) throws ModelStoreException {
        requireOpen();
        Objects.requireNonNull(credential, "credential");
        HttpRequest req = transport
                .request(StoreProtocol.versionPath(user, version), credential)
                .DELETE()
                .build();
        HttpResponse<InputStream> resp = transport.sendIdempotent(req, credential);
        if (resp.statusCode() == 404) {
            try (InputStream body = resp.body()) {
                body.transferTo(OutputStream.nullOutputStream());
            } catch (IOException e) {
                // the answer is the status; an unread body only costs the connection
            }
            return false;
        }
        transport.expectStatus(resp, 204, "deleting v" + version + " of '" + user + "''s own model");
        return true;
    }

    /** All versions of a caller, oldest first (admin). */
    public List<ModelVersion> versions(String caller, String adminToken) throws ModelStoreException {
        return getJson(
                StoreProtocol.versionsPath(caller),
                adminToken,
                new TypeReference<List<ModelVersion>>() {},
                "listing versions of '" + caller + "'");
    }

    /** Every caller with stored models (admin). */
    public List<CallerSummary> callers(String adminToken) throws ModelStoreException {
        return getJson("/v1/models", adminToken, new TypeReference<List<CallerSummary>>() {}, "listing callers");
    }

    /** The caller's active version (admin). */
    public ModelVersion active(String caller, String adminToken) throws ModelStoreException {
        return getJson(
                StoreProtocol.activePath(caller),
                adminToken,
                new TypeReference<ModelVersion>() {},
                "reading the active version of '" + caller + "'");
    }

    /** Makes a version active; activating an older one rolls back (admin). */
    public ModelVersion activate(String caller, int version, String adminToken) throws ModelStoreException {
        requireOpen();
        HttpRequest req = transport
                .request(StoreProtocol.activePath(caller), Credential.admin(adminToken))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":" + version + "}"))
                .build();
        return transport.readJson(
                transport.sendIdempotent(req),
                200,
                new TypeReference<ModelVersion>() {},
                "activating " + caller + " v" + version);
    }

    /** Deletes one version (admin). */
    public void delete(String caller, int version, String adminToken) throws ModelStoreException {
        deletePath(StoreProtocol.versionPath(caller, version), adminToken, "deleting " + caller + " v" + version);
    }

    /** Deletes every version of a caller (admin). */
    public void deleteCaller(String caller, String adminToken) throws ModelStoreException {
        deletePath(StoreProtocol.modelPath(caller), adminToken, "deleting the models of '" + caller + "'");
    }

    /** Removes a caller's cached models from this machine. */
    public void evictCache(String caller) throws ModelStoreException {
        try {
            cache.evict(caller);
        } catch (IOException e) {
            throw new ModelStoreException(
                    ModelStoreException.Reason.LOCAL_IO,
                    0,
                    "cannot clear the cached models of '" + caller + "': " + e.getMessage(),
                    e);
        }
    }

    private void deletePath(String path, String adminToken, String what) throws ModelStoreException {
        requireOpen();
        HttpRequest req =
                transport.request(path, Credential.admin(adminToken)).DELETE().build();
        transport.expectStatus(transport.sendIdempotent(req), 204, what);
    }

    private <T> T getJson(String path, String adminToken, TypeReference<T> type, String what)
            throws ModelStoreException {
        requireOpen();
        HttpRequest req =
                transport.request(path, Credential.admin(adminToken)).GET().build();
        return transport.readJson(transport.sendIdempotent(req), 200, type, what);
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("model store client is closed");
        }
    }

    /** Stops the client's threads; the cache stays on disk. */
    @Override
    public void close() {
        closed = true;
        transport.close();
    }

    /** Settings with defaults for a store on the same network. */
    public static final class Builder {
        private final URI base;
        private Path cacheDir = Path.of(System.getProperty("user.home"), ".cache", "dejavu", "models");
        private Duration connectTimeout = Duration.ofSeconds(2);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int retries = 2;
        private Duration retryBackoff = Duration.ofMillis(150);
        private long maxBundleBytes = 64L * 1024 * 1024;
        private SSLContext sslContext;

        private Builder(URI base) {
            Objects.requireNonNull(base, "base");
            String scheme = base.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("store URI must be http:// or https://, got " + base);
            }
            this.base = base;
        }

        /** Where bundles are cached; default {@code ~/.cache/dejavu/models}. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = Objects.requireNonNull(dir, "cacheDir");
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = requirePositive(timeout, "connectTimeout");
            return this;
        }

        /** Limit on each whole request, body included. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = requirePositive(timeout, "requestTimeout");
            return this;
        }

        /** Extra attempts after a failure that may pass (no answer, 5xx, bad checksum); default 2. */
        public Builder retries(int retries) {
            if (retries < 0 || retries > 10) {
                throw new IllegalArgumentException("retries must be in 0..10, got " + retries);
            }
            this.retries = retries;
            return this;
        }

        /** Wait before the first retry, doubled for each further one; default 150 ms. */
        public Builder retryBackoff(Duration backoff) {
            if (backoff == null || backoff.isNegative()) {
                throw new IllegalArgumentException("retryBackoff must not be negative, got " + backoff);
            }
            this.retryBackoff = backoff;
            return this;
        }

        public Builder maxBundleBytes(long max) {
            if (max < 1024) {
                throw new IllegalArgumentException("maxBundleBytes must be at least 1024, got " + max);
            }
            this.maxBundleBytes = max;
            return this;
        }

        /** TLS settings for an {@code https://} store with a private certificate. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /**
         * Trusts the certificates in a PKCS#12 file (e.g. the store's own {@code --pkcs12} file, or
         * one holding just its certificate) instead of the JDK's default authorities.
         *
         * @throws IllegalArgumentException if the file cannot be read as PKCS#12 with that password
         */
        public Builder trustPkcs12(Path file, String password) {
            this.sslContext = TrustStores.trusting(file, password);
            return this;
        }

        public ModelStoreClient build() {
            return new ModelStoreClient(this);
        }

        private static Duration requirePositive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }
    }
}
