package io.dejavu.app.services;

import io.dejavu.app.call.ModelFetcher;
import io.dejavu.app.call.ModelRequest;
import io.dejavu.app.call.ModelState;
import io.dejavu.app.call.PeerModel;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the peer's model from the caller-model store named in the request, with the call's
 * ticket, through the store's caching client: the production {@link ModelFetcher}.
 *
 * <pre>{@code
 * ModelFetcher models = new StoreModelFetcher(cacheDir);
 * ModelState s = models.fetch(new ModelRequest("http://127.0.0.1:8090", "bob", "alice", heldTicket));
 * }</pre>
 */
public final class StoreModelFetcher implements ModelFetcher, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StoreModelFetcher.class);
    private final Path cacheDir;
    private ModelStoreClient client;
    private URI clientBase;

    /** @param cacheDir the model cache, e.g. {@code ~/.cache/dejavu/models} */
    public StoreModelFetcher(Path cacheDir) {
        this.cacheDir = cacheDir;
    }

    @Override
    public ModelState fetch(ModelRequest request) {
        String url = request.storeUrl();
        String peer = request.peer();
        String holder = request.holder();
        if (url.isEmpty()) {
            return new ModelState.None("no model store is set");
        }
        ModelStoreClient store;
        try {
            store = client(URI.create(url));
        } catch (IllegalArgumentException e) {
            return new ModelState.Failed("the model store URL " + url + " is not valid");
        }
        try {
            FetchedModel m = store.fetch(peer, Credential.ticket(request.ticket(), holder));
            log.info("Model of {} for {}: {} ({} bytes downloaded)", peer, holder, m.describe(), m.bytesDownloaded());
            return new ModelState.Ready(new StoreModel(m));
        } catch (ModelStoreException e) {
            log.info("No model of {} for {}: {} ({})", peer, holder, e.getMessage(), e.reason());
            return switch (e.reason()) {
                case NOT_FOUND -> new ModelState.None(peer + " has no model and the store has no generic one");
                case UNREACHABLE -> new ModelState.Failed("cannot reach the model store at " + url);
                case UNAUTHORIZED, FORBIDDEN -> new ModelState.Failed("the model store refused the call ticket");
                default -> new ModelState.Failed(e.getMessage());
            };
        }
    }

    private synchronized ModelStoreClient client(URI base) {
        if (client != null && base.equals(clientBase)) {
            return client;
        }
        if (client != null) {
            client.close();
        }
        client = ModelStoreClient.builder(base)
                .cacheDir(cacheDir)
                .connectTimeout(Duration.ofSeconds(2))
                .requestTimeout(Duration.ofSeconds(10))
                .build();
        clientBase = base;
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }

    /** A fetched bundle on disk, as the app passes it to the enhancement pipeline. */
    public record StoreModel(FetchedModel fetched) implements PeerModel {
        @Override
        public int version() {
            return fetched.version();
        }

        @Override
        public boolean generic() {
            return fetched.kind() == FetchedModel.Kind.GENERIC;
        }

        @Override
        public String describe() {
            String s = PeerModel.super.describe();
            return fetched.origin() == FetchedModel.Origin.CACHE_OFFLINE ? s + " (cached; store unreachable)" : s;
        }

        /** The bundle directory: enhancer.onnx, scorer.onnx, metadata.json. */
        public Path directory() {
            return fetched.directory();
        }
    }
}
