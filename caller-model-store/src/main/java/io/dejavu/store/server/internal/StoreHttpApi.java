package io.dejavu.store.server.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.StoreProtocol;
import io.dejavu.store.server.ModelStoreServer;
import io.dejavu.store.server.internal.ModelRepository.Head;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.http.BadMessageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The store's HTTP routes over the repository, the validator and access control. */
public final class StoreHttpApi {
    private static final Logger log = LoggerFactory.getLogger(StoreHttpApi.class);
    private static final String ERROR_WRITTEN = "dejavu.error-written";
    private static final String WWW_AUTHENTICATE = "Bearer realm=\"dejavu-store\", Ticket realm=\"dejavu-store\"";

    private final ModelRepository repo;
    private final BundleValidator validator;
    private final AccessControl access;
    private final long maxBundleBytes;
    private final Clock clock;
    private final UploadGate uploads;
    private final ModelRepository.RateLimit selfPublishLimit;

    private final AtomicLong downloads = new AtomicLong();
    private final AtomicLong notModified = new AtomicLong();
    private final AtomicLong bytesServed = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public StoreHttpApi(
            ModelRepository repo,
            BundleValidator validator,
            AccessControl access,
            long maxBundleBytes,
            Clock clock,
            int concurrentUploads,
            int uploadsPerClient,
            ModelRepository.RateLimit selfPublishLimit) {
        this.selfPublishLimit = selfPublishLimit;
        this.uploads = new UploadGate(concurrentUploads, uploadsPerClient);
        this.repo = repo;
        this.validator = validator;
        this.access = access;
        this.maxBundleBytes = maxBundleBytes;
        this.clock = clock;
    }

    /** What this API has done so far. */
    public ModelStoreServer.Stats stats() {
        return new ModelStoreServer.Stats(
                downloads.get(),
                notModified.get(),
                bytesServed.get(),
                published.get(),
                rejected.get(),
                uploads.reading(),
                uploads.turnedAway());
    }

    public void register(Javalin app) {
        app.get("/healthz", ctx -> ctx.json(Map.of("status", "ok")));
        app.get("/v1/models", this::listCallers);
        app.get("/v1/models/{caller}", this::downloadActive);
        app.delete("/v1/models/{caller}", this::deleteCaller);
        app.get("/v1/models/{caller}/versions", this::listVersions);
        app.post("/v1/models/{caller}/versions", this::upload);
        app.get("/v1/models/{caller}/versions/{version}", this::downloadVersion);
        app.delete("/v1/models/{caller}/versions/{version}", this::deleteVersion);
        app.get("/v1/models/{caller}/active", this::getActive);
        app.put("/v1/models/{caller}/active", this::activate);
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.getMessage()));
        app.exception(SQLException.class, (e, ctx) -> {
            log.error("database error on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            error(ctx, 503, "the store's database is unavailable: " + e.getMessage());
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal error: " + e.getClass().getSimpleName());
        });
        app.error(404, ctx -> {
            if (ctx.attribute(ERROR_WRITTEN) == null) {
                error(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path());
            }
        });
        app.error(405, ctx -> error(ctx, 405, "method " + ctx.method() + " is not allowed on " + ctx.path()));
    }

    private static void error(Context ctx, int status, String message) {
        ctx.attribute(ERROR_WRITTEN, Boolean.TRUE);
        if (status == 401) {
            ctx.header("WWW-Authenticate", WWW_AUTHENTICATE);
        }
        if (UnreadBodies.refuseHard(ctx, status)) {
            try {
                UnreadBodies.sendAndClose(ctx, status, Json.mapper().writeValueAsBytes(errorBody(status, message)));
                return;
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an error body of two fields cannot fail to serialise", e);
            }
        }
        ctx.status(status).json(errorBody(status, message));
    }

    private static Map<String, Object> errorBody(int status, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        body.put("error", message);
        return body;
    }

    private AccessControl.Principal principal(Context ctx) {
        return access.authenticate(new AccessControl.Presented(
                ctx.header("Authorization"),
                StoreProtocol.decodeHeaderValue(ctx.header(StoreProtocol.HEADER_REQUESTER)),
                ctx.header(StoreProtocol.HEADER_TICKET_PROOF),
                ctx.method().name(),
                ctx.path()));
    }

    private static String caller(Context ctx) {
        try {
            return StoreProtocol.requireCaller(ctx.pathParam("caller"));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private static int version(Context ctx) {
        String raw = ctx.pathParam("version");
        try {
            int v = Integer.parseInt(raw);
            if (v < 1) {
                throw ApiException.badRequest("version must be a positive integer, got " + raw);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("version must be a positive integer, got '" + raw + "'");
        }
    }

    private void listCallers(Context ctx) throws SQLException {
        access.requireAdmin(principal(ctx), "listing callers");
        ctx.json(repo.callers());
    }

    private void downloadActive(Context ctx) throws SQLException {
        String caller = caller(ctx);
        AccessControl.Principal p = principal(ctx);
        access.requireDownload(p, caller);
        // Its owner asks for their own model: the generic one in its place would be taken for theirs.
        boolean fallback =
                !(p instanceof AccessControl.Publisher) && !"false".equalsIgnoreCase(ctx.queryParam("fallback"));
        // A version can be deleted between reading its head and its bytes; look again then.
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<Head> head = repo.activeHead(caller);
            boolean generic = false;
            if (head.isEmpty() && fallback && !ModelMetadata.GENERIC_CALLER.equals(caller)) {
                head = repo.activeHead(ModelMetadata.GENERIC_CALLER);
                generic = head.isPresent();
            }
            if (head.isEmpty()) {
                throw ApiException.notFound(
                        ModelMetadata.GENERIC_CALLER.equals(caller)
                                ? "the store has no generic model"
                                : fallback
                                        ? "'" + caller + "' has no active model and the store has no generic model"
                                        : "'" + caller + "' has no active model");
            }
            if (serve(ctx, head.get(), generic || ModelMetadata.GENERIC_CALLER.equals(caller))) {
                return;
            }
        }
        throw new ApiException(503, "the model of '" + caller + "' changed repeatedly while being read; try again");
    }

    private void downloadVersion(Context ctx) throws SQLException {
        String caller = caller(ctx);
        int version = version(ctx);
        AccessControl.Principal p = principal(ctx);
        access.requireDownload(p, caller);
        if (p instanceof AccessControl.TicketHolder) {
            // A call needs the peer's model as it is now; staged or retired versions stay private.
            // (Their owner, with a publish credential, may read any version of their own.)
            int active = repo.activeHead(caller).map(Head::version).orElse(0);
            if (active != version) {
                throw ApiException.forbidden("a call ticket opens only the active version of '" + caller + "'");
            }
        }
        Head head = repo.head(caller, version)
                .orElseThrow(() -> ApiException.notFound("'" + caller + "' has no version " + version));
        if (!serve(ctx, head, ModelMetadata.GENERIC_CALLER.equals(caller))) {
            throw ApiException.notFound("'" + caller + "' has no version " + version);
        }
    }

    /** Sends a version, or 304 when the client has it; false if it vanished meanwhile. */
    private boolean serve(Context ctx, Head head, boolean generic) throws SQLException {
        ctx.header("ETag", "\"" + head.sha256() + "\"");
        ctx.header(StoreProtocol.HEADER_SHA256, head.sha256());
        ctx.header(StoreProtocol.HEADER_VERSION, Integer.toString(head.version()));
        ctx.header(StoreProtocol.HEADER_MODEL_CALLER, head.caller());
        ctx.header(StoreProtocol.HEADER_GENERIC, Boolean.toString(generic));
        // Personal data: no shared caches; clients must revalidate (cheap: 304).
        ctx.header("Cache-Control", "private, no-cache");
        if (matches(ctx.header("If-None-Match"), head.sha256())) {
            notModified.incrementAndGet();
            ctx.status(304);
            return true;
        }
        Optional<byte[]> bytes = repo.bundle(head.caller(), head.version());
        if (bytes.isEmpty()) {
            return false;
        }
        byte[] zip = bytes.get();
        String sha = ModelBundle.sha256Hex(zip);
        if (!sha.equals(head.sha256())) {
            log.error(
                    "stored bundle {} v{} has sha256 {} but was published as {}",
                    head.caller(),
                    head.version(),
                    sha,
                    head.sha256());
            throw new ApiException(
                    500,
                    "stored bundle of '" + head.caller() + "' v" + head.version()
                            + " is corrupted; an admin must re-publish it");
        }
        downloads.incrementAndGet();
        bytesServed.addAndGet(zip.length);
        ctx.status(200).contentType(StoreProtocol.BUNDLE_MEDIA_TYPE).result(zip);
        return true;
    }

    static boolean matches(String ifNoneMatch, String sha) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.equals("*")) {
                return true;
            }
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            if (t.equalsIgnoreCase(sha)) {
                return true;
            }
        }
        return false;
    }

    private void upload(Context ctx) throws SQLException {
        AccessControl.Principal principal = principal(ctx);
        String caller = caller(ctx);
        Optional<String> selfPublisher = access.requireUpload(principal, caller);
        if (selfPublisher.isPresent()) {
            requireUnderSelfPublishLimit(selfPublisher.get());
        }
        boolean activate = !"false".equalsIgnoreCase(ctx.queryParam("activate"));
        Optional<String> key = idempotencyKey(ctx);
        byte[] body;
        try (UploadGate.Permit slot = uploads.enter(ctx.ip())) {
            body = readBody(ctx);
        }
        ModelBundle bundle;
        try {
            bundle = ModelBundle.fromZip(body, maxBundleBytes);
            if (!bundle.metadata().caller().equals(caller)) {
                throw new BundleFormatException("metadata.json names caller '"
                        + bundle.metadata().caller() + "' but the upload is for '" + caller + "'");
            }
            validator.validate(bundle);
        } catch (BundleFormatException e) {
            rejected.incrementAndGet();
            log.info("rejected upload for {}: {}", caller, e.getMessage());
            throw ApiException.badRequest(e.getMessage());
        }
        byte[] zip = bundle.toZip();
        if (zip.length > maxBundleBytes) {
            rejected.incrementAndGet();
            throw ApiException.tooLarge(
                    "bundle unpacks to " + zip.length + " bytes, over the limit of " + maxBundleBytes + " bytes");
        }
        ModelRepository.Published result;
        try {
            result = repo.publish(
                    caller,
                    zip,
                    bundle.sha256(),
                    bundle.metadata(),
                    new String(bundle.metadataJson(), StandardCharsets.UTF_8),
                    activate,
                    clock.instant(),
                    key,
                    selfPublisher.orElse(null),
                    selfPublisher.isPresent() ? selfPublishLimit : null);
        } catch (ModelRepository.KeyReusedException e) {
            throw new ApiException(422, e.getMessage());
        } catch (ModelRepository.RateLimitedException e) {
            // Another upload of the same user passed the early check at the same time.
            throw new ApiException(429, e.getMessage());
        }
        ModelVersion v = result.version();
        if (result.replayed()) {
            log.info(
                    "upload for {} with a known {} is a retry of v{}",
                    caller,
                    StoreProtocol.HEADER_IDEMPOTENCY_KEY,
                    v.version());
            ctx.header(StoreProtocol.HEADER_IDEMPOTENT_REPLAYED, "true");
            ctx.header("Location", StoreProtocol.versionPath(caller, v.version()));
            ctx.status(201).json(v);
            return;
        }
        published.incrementAndGet();
        log.info(
                "published {} v{} ({} bytes, sha256 {}, active={}, by {})",
                caller,
                v.version(),
                v.sizeBytes(),
                v.sha256(),
                v.active(),
                selfPublisher.map(u -> u + " (self-published)").orElse("the admin"));
        ctx.header("Location", StoreProtocol.versionPath(caller, v.version()));
        ctx.status(201).json(v);
    }

    /** 429 before the body is read when the user has used up their self-publish allowance (ADR 0308). */
    private void requireUnderSelfPublishLimit(String user) throws SQLException {
        int recent = repo.selfPublishedSince(user, clock.instant().minus(selfPublishLimit.window()));
        if (recent >= selfPublishLimit.max()) {
            rejected.incrementAndGet();
            throw new ApiException(
                    429,
                    user + " already published " + recent + " versions of their own model in the last "
                            + selfPublishLimit.describeWindow() + "; the limit is " + selfPublishLimit.max());
        }
    }

    private static Optional<String> idempotencyKey(Context ctx) {
        String key = ctx.header(StoreProtocol.HEADER_IDEMPOTENCY_KEY);
        if (key == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(StoreProtocol.requireIdempotencyKey(key));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
    }

    private byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBundleBytes) {
            rejected.incrementAndGet();
            throw ApiException.tooLarge(
                    "bundle is " + declared + " bytes, over the limit of " + maxBundleBytes + " bytes");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(declared > 0 ? (int) declared : 64 * 1024);
            byte[] buf = new byte[64 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBundleBytes) {
                    rejected.incrementAndGet();
                    throw ApiException.tooLarge("bundle is over the limit of " + maxBundleBytes + " bytes");
                }
                out.write(buf, 0, n);
            }
            if (total == 0) {
                rejected.incrementAndGet();
                throw ApiException.badRequest(
                        "upload has an empty body; send the bundle ZIP as " + StoreProtocol.BUNDLE_MEDIA_TYPE);
            }
            return out.toByteArray();
        } catch (BadMessageException e) {
            // Jetty's minimum data rate: the body came too slowly to be worth a thread.
            rejected.incrementAndGet();
            throw new ApiException(e.getCode(), "upload body could not be read: " + e.getReason());
        } catch (IOException e) {
            throw ApiException.badRequest("upload body could not be read: " + e.getMessage());
        }
    }

    private void listVersions(Context ctx) throws SQLException {
        AccessControl.Principal principal = principal(ctx);
        String caller = caller(ctx);
        boolean own =
                access.requireOwnModel(principal, caller, "listing versions").isPresent();
        List<ModelVersion> versions = repo.list(caller);
        if (versions.isEmpty() && !own) { // for its owner, "none yet" is an answer, not an error
            throw ApiException.notFound("'" + caller + "' has no stored versions");
        }
        ctx.json(versions);
    }

    private void getActive(Context ctx) throws SQLException {
        access.requireAdmin(principal(ctx), "reading the active version");
        String caller = caller(ctx);
        Head head = repo.activeHead(caller)
                .orElseThrow(() -> ApiException.notFound("'" + caller + "' has no active version"));
        ctx.json(ModelRepository.toVersion(head, true));
    }

    private void activate(Context ctx) throws SQLException {
        access.requireAdmin(principal(ctx), "activating a version");
        String caller = caller(ctx);
        int version;
        try {
            JsonNode node = Json.mapper().readTree(ctx.bodyAsBytes());
            if (node == null
                    || !node.path("version").canConvertToInt()
                    || node.path("version").asInt() < 1) {
                throw ApiException.badRequest("body must be {\"version\": N} with N a positive integer");
            }
            version = node.path("version").asInt();
        } catch (IOException e) {
            String why = e instanceof JsonProcessingException j ? Json.describe(j) : e.getMessage();
            throw ApiException.badRequest("body must be JSON {\"version\": N}: " + why);
        }
        try {
            ModelVersion v = repo.activate(caller, version);
            log.info("activated {} v{}", caller, version);
            ctx.json(v);
        } catch (ModelRepository.NotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    private void deleteVersion(Context ctx) throws SQLException {
        AccessControl.Principal principal = principal(ctx);
        String caller = caller(ctx);
        int version = version(ctx);
        Optional<String> owner = access.requireOwnModel(principal, caller, "deleting a version");
        if (owner.isPresent()) {
            deleteOwnVersion(ctx, caller, version, owner.get());
            return;
        }
        try {
            repo.deleteVersion(caller, version);
            log.info("deleted {} v{}", caller, version);
            ctx.status(204);
        } catch (ModelRepository.NotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }

    /** A user deletes a version they self-published (ADR 0308 amendment); never the admin's or another's. */
    private void deleteOwnVersion(Context ctx, String caller, int version, String user) throws SQLException {
        ModelRepository.OwnDeletion result = repo.deleteOwnVersion(caller, version, user);
        if (result instanceof ModelRepository.OwnDeletion.NotTheirs t) {
            throw ApiException.forbidden("v" + version + " of '" + caller + "' was published by "
                    + (t.publishedBy() == null ? "the admin" : "'" + t.publishedBy() + "'")
                    + "; a publish credential deletes only versions its owner published");
        }
        if (!(result instanceof ModelRepository.OwnDeletion.Deleted d)) {
            throw ApiException.notFound("'" + caller + "' has no version " + version);
        }
        log.info("{} deleted their self-published v{} (active now: v{})", user, version, d.nowActive());
        ctx.status(204);
    }

    private void deleteCaller(Context ctx) throws SQLException {
        access.requireAdmin(principal(ctx), "deleting a caller's models");
        String caller = caller(ctx);
        try {
            int n = repo.deleteCaller(caller);
            log.info("deleted all {} versions of {}", n, caller);
            ctx.status(204);
        } catch (ModelRepository.NotFoundException e) {
            throw ApiException.notFound(e.getMessage());
        }
    }
}
