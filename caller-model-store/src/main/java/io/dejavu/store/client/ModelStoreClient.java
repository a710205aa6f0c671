package io.dejavu.store.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.protocol.Json;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.CallerSummary;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.StoreProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 *     FetchedModel m = store.fetch("alice", Credential.ticket(ticket, "bob"));
 *     statusLabel = m.describe();                 // "personal v3", "generic v1", ...
 *     enhancer.load(m.enhancerOnnx());
 *
 *     ModelVersion v = store.upload(Path.of("models/alice"), adminToken);  // publish
 *     store.activate("alice", v.version() - 1, adminToken);                 // roll back
 * }
 * }</pre>
 */
public final class ModelStoreClient implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ModelStoreClient.class);
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final URI base;
    private final HttpClient http;
    private final ExecutorService executor;
    private final ModelCache cache;
    private final Duration requestTimeout;
    private final int retries;
    private final Duration retryBackoff;
    private final long maxBundleBytes;
    private volatile boolean closed;

    private ModelStoreClient(Builder b) {
        String s = b.base.toString();
        this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
        int id = CLIENTS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "store-client-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder hb = HttpClient.newBuilder()
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor);
        if (b.sslContext != null) {
            hb.sslContext(b.sslContext);
        }
        this.http = hb.build();
        this.cache = new ModelCache(b.cacheDir);
        this.requestTimeout = b.requestTimeout;
        this.retries = b.retries;
        this.retryBackoff = b.retryBackoff;
        this.maxBundleBytes = b.maxBundleBytes;
    }

    /** A builder for a store at {@code base} (e.g. {@code http://127.0.0.1:8090}). */
    public static Builder builder(URI base) {
        return new Builder(base);
    }

    public URI baseUri() {
        return base;
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
        Optional<ModelCache.Entry> cached = cachedEntry(caller);
        ModelStoreException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                backoff(attempt);
            }
            try {
                return fetchOnce(caller, credential, cached);
            } catch (ModelStoreException e) {
                last = e;
                boolean transientFailure = e.reason() == ModelStoreException.Reason.UNREACHABLE
                        || e.reason() == ModelStoreException.Reason.SERVER_ERROR
                        || e.reason() == ModelStoreException.Reason.CORRUPT;
                if (e.reason() == ModelStoreException.Reason.NOT_FOUND) {
                    // The store keeps nothing for this caller any more (deleted: personal data);
                    // neither should this machine.
                    evictQuietly(caller);
                }
                if (!transientFailure) {
                    throw e;
                }
                log.debug(
                        "fetch of {} failed (attempt {} of {}): {}", caller, attempt + 1, retries + 1, e.getMessage());
                if (e.reason() == ModelStoreException.Reason.CORRUPT) {
                    cached = Optional.empty(); // download whole next time
                }
            }
        }
        if (last.reason() != ModelStoreException.Reason.CORRUPT) {
            Optional<ModelCache.Entry> offline = cachedEntry(caller);
            if (offline.isPresent()) {
                ModelCache.Entry e = offline.get();
                log.warn(
                        "store {} unavailable ({}); using cached model of {} (sha256 {})",
                        base,
                        last.getMessage(),
                        caller,
                        e.sha256());
                return toFetched(caller, e, FetchedModel.Origin.CACHE_OFFLINE, 0);
            }
        }
        throw last;
    }

    private void evictQuietly(String caller) {
        try {
            cache.evict(caller);
        } catch (IOException e) {
            log.warn("cannot clear the cached models of {}: {}", caller, e.getMessage());
        }
    }

    private Optional<ModelCache.Entry> cachedEntry(String caller) {
        try {
            return cache.current(caller);
        } catch (IOException e) {
            log.warn("model cache {} is unreadable: {}", cache.root(), e.getMessage());
            return Optional.empty();
        }
    }

    private FetchedModel fetchOnce(String caller, Credential credential, Optional<ModelCache.Entry> cached)
            throws ModelStoreException {
        HttpRequest.Builder rb =
                request(StoreProtocol.modelPath(caller), credential).GET();
        cached.ifPresent(e -> rb.header("If-None-Match", "\"" + e.sha256() + "\""));
        HttpResponse<InputStream> resp = send(rb.build());
        try (InputStream body = resp.body()) {
            int status = resp.statusCode();
            if (status == 304 && cached.isPresent()) {
                return notModified(caller, cached.get(), resp);
            }
            if (status != 200) {
                throw failure(status, readError(body), "fetching the model of '" + caller + "'");
            }
            String sha = resp.headers().firstValue(StoreProtocol.HEADER_SHA256).orElse("");
            int version = resp.headers()
                    .firstValue(StoreProtocol.HEADER_VERSION)
                    .map(ModelStoreClient::parseVersion)
                    .orElse(0);
            boolean generic = resp.headers()
                    .firstValue(StoreProtocol.HEADER_GENERIC)
                    .map(Boolean::parseBoolean)
                    .orElse(false);
            byte[] zip = readLimited(
                    body, resp.headers().firstValueAsLong("Content-Length").orElse(-1));
            String actual = ModelBundle.sha256Hex(zip);
            if (!actual.equals(sha)) {
                throw new ModelStoreException(
                        ModelStoreException.Reason.CORRUPT,
                        200,
                        "model of '" + caller + "' arrived with sha256 " + actual + " but the store announced " + sha,
                        null);
            }
            if (version < 1) {
                throw new ModelStoreException(
                        ModelStoreException.Reason.SERVER_ERROR,
                        200,
                        "store answered without a valid " + StoreProtocol.HEADER_VERSION + " header",
                        null);
            }
            ModelBundle bundle;
            try {
                bundle = ModelBundle.fromZip(zip, maxBundleBytes);
            } catch (BundleFormatException e) {
                throw new ModelStoreException(
                        ModelStoreException.Reason.CORRUPT,
                        200,
                        "model of '" + caller + "' is not a valid bundle: " + e.getMessage(),
                        e);
            }
            ModelCache.Entry entry;
            try {
                entry = cache.put(caller, sha, version, generic, zip, bundle);
            } catch (IOException e) {
                throw new ModelStoreException(
                        ModelStoreException.Reason.LOCAL_IO,
                        0,
                        "cannot write the model cache " + cache.root() + ": " + e.getMessage(),
                        e);
            }
            log.info(
                    "fetched {} model of {}: v{} ({} bytes)",
                    generic ? "generic" : "personal",
                    caller,
                    version,
                    zip.length);
            return toFetched(caller, entry, FetchedModel.Origin.DOWNLOADED, zip.length);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /** The cached bundle is current; its version number or generic flag may still have changed. */
    private FetchedModel notModified(String caller, ModelCache.Entry entry, HttpResponse<?> resp)
            throws ModelStoreException {
        int version = resp.headers()
                .firstValue(StoreProtocol.HEADER_VERSION)
                .map(ModelStoreClient::parseVersion)
                .orElse(0);
        boolean generic = resp.headers()
                .firstValue(StoreProtocol.HEADER_GENERIC)
                .map(Boolean::parseBoolean)
                .orElse(entry.generic());
        ModelCache.Entry current = entry;
        if (version > 0 && (version != entry.version() || generic != entry.generic())) {
            try {
                ModelBundle b = entry.bundle();
                current = cache.put(caller, entry.sha256(), version, generic, b.toZip(), b);
            } catch (IOException e) {
                throw new ModelStoreException(
                        ModelStoreException.Reason.LOCAL_IO,
                        0,
                        "cannot write the model cache " + cache.root() + ": " + e.getMessage(),
                        e);
            }
        }
        return toFetched(caller, current, FetchedModel.Origin.CACHE_CURRENT, 0);
    }

    private static FetchedModel toFetched(String caller, ModelCache.Entry e, FetchedModel.Origin origin, long bytes) {
        return new FetchedModel(
                caller,
                e.generic() ? FetchedModel.Kind.GENERIC : FetchedModel.Kind.PERSONAL,
                e.version(),
                e.sha256(),
                origin,
                e.directory(),
                e.bundle().metadata(),
                bytes);
    }

    /**
     * Downloads one version (admin token or a ticket for that caller), verified, without touching
     * the cache.
     */
    public ModelBundle download(String caller, int version, Credential credential) throws ModelStoreException {
        requireOpen();
        HttpResponse<InputStream> resp =
                withRetries(() -> send(request(StoreProtocol.versionPath(caller, version), credential)
                        .GET()
                        .build()));
        try (InputStream body = resp.body()) {
            if (resp.statusCode() != 200) {
                throw failure(resp.statusCode(), readError(body), "downloading " + caller + " v" + version);
            }
            byte[] zip = readLimited(
                    body, resp.headers().firstValueAsLong("Content-Length").orElse(-1));
            String sha = resp.headers().firstValue(StoreProtocol.HEADER_SHA256).orElse("");
            if (!ModelBundle.sha256Hex(zip).equals(sha)) {
                throw new ModelStoreException(
                        ModelStoreException.Reason.CORRUPT,
                        200,
                        caller + " v" + version + " does not match its sha256 " + sha,
                        null);
            }
            return ModelBundle.fromZip(zip, maxBundleBytes);
        } catch (BundleFormatException e) {
            throw new ModelStoreException(ModelStoreException.Reason.CORRUPT, 200, e.getMessage(), e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    /**
     * Publishes a bundle directory (or bundle ZIP file) under the caller its metadata names, and
     * makes it active.
     */
    public ModelVersion upload(Path bundleDirOrZip, String adminToken) throws ModelStoreException {
        ModelBundle bundle;
        try {
            bundle = ModelBundle.read(bundleDirOrZip, maxBundleBytes);
        } catch (BundleFormatException e) {
            throw new ModelStoreException(
                    ModelStoreException.Reason.REJECTED,
                    0,
                    "bundle " + bundleDirOrZip + " is invalid: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new ModelStoreException(
                    ModelStoreException.Reason.LOCAL_IO,
                    0,
                    "cannot read bundle " + bundleDirOrZip + ": " + e.getMessage(),
                    e);
        }
        return upload(bundle, adminToken, true);
    }

    /** Publishes a bundle; with {@code activate} false it is stored but downloads keep the old one. */
    public ModelVersion upload(ModelBundle bundle, String adminToken, boolean activate) throws ModelStoreException {
        return uploadZip(bundle.metadata().caller(), bundle.toZip(), adminToken, activate);
    }

    /**
     * Publishes raw bundle bytes for {@code caller} as they are (the store validates them); for
     * tools that already hold a ZIP.
     */
    public ModelVersion uploadZip(String caller, byte[] zip, String adminToken, boolean activate)
            throws ModelStoreException {
        requireOpen();
        HttpRequest req = request(
                        StoreProtocol.versionsPath(caller) + (activate ? "" : "?activate=false"),
                        Credential.admin(adminToken))
                .header("Content-Type", StoreProtocol.BUNDLE_MEDIA_TYPE)
                .POST(HttpRequest.BodyPublishers.ofByteArray(zip))
                .build();
        // Only a refused connection is retried: the upload never reached the store then. Anything
        // later might have published, and publishing twice would add a version.
        HttpResponse<InputStream> resp = null;
        for (int attempt = 0; ; attempt++) {
            try {
                resp = send(req);
                break;
            } catch (ModelStoreException e) {
                if (!(e.getCause() instanceof ConnectException) || attempt >= retries) {
                    throw e;
                }
                backoff(attempt + 1);
            }
        }
        return readJson(resp, 201, new TypeReference<ModelVersion>() {}, "uploading a model for '" + caller + "'");
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
        HttpRequest req = request(StoreProtocol.activePath(caller), Credential.admin(adminToken))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"version\":" + version + "}"))
                .build();
        HttpResponse<InputStream> resp = withRetries(() -> send(req));
        return readJson(resp, 200, new TypeReference<ModelVersion>() {}, "activating " + caller + " v" + version);
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
        HttpRequest req = request(path, Credential.admin(adminToken)).DELETE().build();
        HttpResponse<InputStream> resp = withRetries(() -> send(req));
        try (InputStream body = resp.body()) {
            if (resp.statusCode() != 204) {
                throw failure(resp.statusCode(), readError(body), what);
            }
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    private <T> T getJson(String path, String adminToken, TypeReference<T> type, String what)
            throws ModelStoreException {
        requireOpen();
        HttpRequest req = request(path, Credential.admin(adminToken)).GET().build();
        return readJson(withRetries(() -> send(req)), 200, type, what);
    }

    private <T> T readJson(HttpResponse<InputStream> resp, int expected, TypeReference<T> type, String what)
            throws ModelStoreException {
        try (InputStream body = resp.body()) {
            if (resp.statusCode() != expected) {
                throw failure(resp.statusCode(), readError(body), what);
            }
            return Json.mapper().readValue(body, type);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new ModelStoreException(
                    ModelStoreException.Reason.SERVER_ERROR,
                    resp.statusCode(),
                    "store answered " + what + " with unreadable JSON: " + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw unreachable(e);
        }
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<InputStream> run() throws ModelStoreException;
    }

    /** Retries idempotent calls that got no answer or a 5xx. */
    private HttpResponse<InputStream> withRetries(Call call) throws ModelStoreException {
        ModelStoreException last = null;
        for (int attempt = 0; attempt <= retries; attempt++) {
            if (attempt > 0) {
                backoff(attempt);
            }
            try {
                HttpResponse<InputStream> resp = call.run();
                if (resp.statusCode() >= 500 && attempt < retries) {
                    try (InputStream body = resp.body()) {
                        last = failure(resp.statusCode(), readError(body), "calling the store");
                    } catch (IOException e) {
                        last = unreachable(e);
                    }
                    continue;
                }
                return resp;
            } catch (ModelStoreException e) {
                if (e.reason() != ModelStoreException.Reason.UNREACHABLE) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private HttpRequest.Builder request(String path, Credential credential) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path)).timeout(requestTimeout);
        if (credential instanceof Credential.Admin a) {
            rb.header("Authorization", StoreProtocol.SCHEME_ADMIN + " " + a.token());
        } else if (credential instanceof Credential.Ticket t) {
            rb.header("Authorization", StoreProtocol.SCHEME_TICKET + " " + t.token());
            rb.header(StoreProtocol.HEADER_REQUESTER, StoreProtocol.encodeHeaderValue(t.requester()));
        }
        return rb;
    }

    private HttpResponse<InputStream> send(HttpRequest req) throws ModelStoreException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelStoreException(
                    ModelStoreException.Reason.UNREACHABLE, 0, "interrupted while calling the store at " + base, e);
        }
    }

    private ModelStoreException unreachable(IOException e) {
        String why = e instanceof HttpTimeoutException
                ? "timed out"
                : e instanceof ConnectException
                        ? "connection refused"
                        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return new ModelStoreException(
                ModelStoreException.Reason.UNREACHABLE,
                0,
                "model store at " + base + " is unreachable (" + why + ")",
                e);
    }

    private static ModelStoreException failure(int status, String serverMessage, String what) {
        ModelStoreException.Reason reason =
                switch (status) {
                    case 400, 413 -> ModelStoreException.Reason.REJECTED;
                    case 401 -> ModelStoreException.Reason.UNAUTHORIZED;
                    case 403 -> ModelStoreException.Reason.FORBIDDEN;
                    case 404 -> ModelStoreException.Reason.NOT_FOUND;
                    default -> ModelStoreException.Reason.SERVER_ERROR;
                };
        String prefix =
                switch (reason) {
                    case REJECTED -> "store rejected " + what;
                    case UNAUTHORIZED -> "store refused the credential for " + what;
                    case FORBIDDEN -> "store does not allow " + what;
                    case NOT_FOUND -> "store has nothing for " + what;
                    default -> "store failed " + what + " (HTTP " + status + ")";
                };
        return new ModelStoreException(reason, status, prefix + ": " + serverMessage, null);
    }

    private static String readError(InputStream body) throws IOException {
        byte[] raw = body.readNBytes(8192);
        try {
            JsonNode node = Json.mapper().readTree(raw);
            if (node != null && node.hasNonNull("error")) {
                return node.get("error").asText();
            }
        } catch (IOException e) {
            // not our JSON (a proxy's page?); show its start
        }
        String text = new String(raw, StandardCharsets.UTF_8).strip();
        return text.isEmpty() ? "no reason given" : text.substring(0, Math.min(200, text.length()));
    }

    private byte[] readLimited(InputStream in, long declared) throws IOException, ModelStoreException {
        if (declared > maxBundleBytes) {
            throw new ModelStoreException(
                    ModelStoreException.Reason.CORRUPT,
                    200,
                    "store sent " + declared + " bytes, over this client's limit of " + maxBundleBytes,
                    null);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 64 * 1024);
        byte[] buf = new byte[64 * 1024];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBundleBytes) {
                throw new ModelStoreException(
                        ModelStoreException.Reason.CORRUPT,
                        200,
                        "store sent more than this client's limit of " + maxBundleBytes + " bytes",
                        null);
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private void backoff(int attempt) throws ModelStoreException {
        try {
            Thread.sleep(retryBackoff.toMillis() << Math.min(attempt - 1, 6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ModelStoreException(
                    ModelStoreException.Reason.UNREACHABLE, 0, "interrupted while waiting to retry the store", e);
        }
    }

    private static int parseVersion(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
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
        executor.shutdownNow();
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
