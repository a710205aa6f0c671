package io.dejavu.store.client;

import io.dejavu.store.ModelBundle;
import io.dejavu.store.StoreProtocol;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a caller's active model at call set-up, where a second of delay is felt: a cached model
 * is offered to the store with {@code If-None-Match} so an unchanged one costs no download, and
 * when the store cannot answer the cached model is used rather than none.
 */
final class CachingFetcher {
    private static final Logger log = LoggerFactory.getLogger(CachingFetcher.class);

    private final StoreTransport transport;
    private final BundleVerifier verifier;
    private final ModelCache cache;
    private final RetryPolicy retry;

    CachingFetcher(StoreTransport transport, BundleVerifier verifier, ModelCache cache, RetryPolicy retry) {
        this.transport = transport;
        this.verifier = verifier;
        this.cache = cache;
        this.retry = retry;
    }

    FetchedModel fetch(String caller, Credential credential) throws ModelStoreException {
        return fetch(caller, credential, true);
    }

    /**
     * The caller's active model; with {@code orGeneric} false the store sends no generic model in
     * its place (NOT_FOUND instead), as when a user fetches their own.
     */
    FetchedModel fetch(String caller, Credential credential, boolean orGeneric) throws ModelStoreException {
        Optional<ModelCache.Entry> cached = cachedEntry(caller);
        ModelStoreException last = null;
        for (int attempt = 0; attempt <= retry.retries(); attempt++) {
            if (attempt > 0) {
                retry.pause(attempt);
            }
            try {
                return fetchOnce(caller, credential, orGeneric, cached);
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
                        "fetch of {} failed (attempt {} of {}): {}",
                        caller,
                        attempt + 1,
                        retry.retries() + 1,
                        e.getMessage());
                if (e.reason() == ModelStoreException.Reason.CORRUPT) {
                    cached = Optional.empty(); // download whole next time
                }
            }
        }
        // A corrupt download came with a 200, not a 304: the store is reachable and serves other
        // bytes than the cached ones, so offering the cache as "store unreachable" would mislead.
        if (last.reason() != ModelStoreException.Reason.CORRUPT) {
            Optional<ModelCache.Entry> offline = cachedEntry(caller);
            if (offline.isPresent()) {
                ModelCache.Entry e = offline.get();
                log.warn(
                        "store {} unavailable ({}); using cached model of {} (sha256 {})",
                        transport.base(),
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

    // An unreadable cache only costs a download, so it must not fail the call.
    private Optional<ModelCache.Entry> cachedEntry(String caller) {
        try {
            return cache.current(caller);
        } catch (IOException e) {
            log.warn("model cache {} is unreadable: {}", cache.root(), e.getMessage());
            return Optional.empty();
        }
    }

    private FetchedModel fetchOnce(
            String caller, Credential credential, boolean orGeneric, Optional<ModelCache.Entry> cached)
            throws ModelStoreException {
        String path = StoreProtocol.modelPath(caller) + (orGeneric ? "" : "?fallback=false");
        HttpRequest.Builder rb = transport.request(path, credential).GET();
        cached.ifPresent(e -> rb.header("If-None-Match", "\"" + e.sha256() + "\""));
        HttpResponse<InputStream> resp = transport.send(rb.build(), credential);
        try (InputStream body = resp.body()) {
            int status = resp.statusCode();
            if (status == 304 && cached.isPresent()) {
                return notModified(caller, cached.get(), resp.headers());
            }
            if (status != 200) {
                throw StoreErrors.failure(
                        status, StoreErrors.readError(body), "fetching the model of '" + caller + "'");
            }
            String sha = resp.headers().firstValue(StoreProtocol.HEADER_SHA256).orElse("");
            int version = version(resp.headers());
            boolean generic = resp.headers()
                    .firstValue(StoreProtocol.HEADER_GENERIC)
                    .map(Boolean::parseBoolean)
                    .orElse(false);
            byte[] zip = verifier.readBody(body, resp.headers());
            BundleVerifier.requireSha256(
                    zip,
                    sha,
                    actual -> "model of '" + caller + "' arrived with sha256 " + actual + " but the store announced "
                            + sha);
            if (version < 1) {
                throw new ModelStoreException(
                        ModelStoreException.Reason.SERVER_ERROR,
                        200,
                        "store answered without a valid " + StoreProtocol.HEADER_VERSION + " header",
                        null);
            }
            ModelBundle bundle =
                    verifier.parse(zip, reason -> "model of '" + caller + "' is not a valid bundle: " + reason);
            ModelCache.Entry entry = put(caller, sha, version, generic, zip, bundle);
            log.info(
                    "fetched {} model of {}: v{} ({} bytes)",
                    generic ? "generic" : "personal",
                    caller,
                    version,
                    zip.length);
            return toFetched(caller, entry, FetchedModel.Origin.DOWNLOADED, zip.length);
        } catch (IOException e) {
            throw transport.unreachable(e);
        }
    }

    /** The cached bundle is current; its version number or generic flag may still have changed. */
    private FetchedModel notModified(String caller, ModelCache.Entry entry, HttpHeaders headers)
            throws ModelStoreException {
        int version = version(headers);
        boolean generic = headers.firstValue(StoreProtocol.HEADER_GENERIC)
                .map(Boolean::parseBoolean)
                .orElse(entry.generic());
        ModelCache.Entry current = entry;
        if (version > 0 && (version != entry.version() || generic != entry.generic())) {
            ModelBundle b = entry.bundle();
            current = put(caller, entry.sha256(), version, generic, b.toZip(), b);
        }
        return toFetched(caller, current, FetchedModel.Origin.CACHE_CURRENT, 0);
    }

    private ModelCache.Entry put(String caller, String sha, int version, boolean generic, byte[] zip, ModelBundle b)
            throws ModelStoreException {
        try {
            return cache.put(caller, sha, version, generic, zip, b);
        } catch (IOException e) {
            throw new ModelStoreException(
                    ModelStoreException.Reason.LOCAL_IO,
                    0,
                    "cannot write the model cache " + cache.root() + ": " + e.getMessage(),
                    e);
        }
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

    // 0 (absent or garbled) is told apart by the callers: a download needs a version, a 304 keeps its own.
    private static int version(HttpHeaders headers) {
        return headers.firstValue(StoreProtocol.HEADER_VERSION)
                .map(CachingFetcher::parseVersion)
                .orElse(0);
    }

    private static int parseVersion(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
