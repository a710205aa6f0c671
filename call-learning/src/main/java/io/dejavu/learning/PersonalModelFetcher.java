package io.dejavu.learning;

import io.dejavu.learning.learn.VersionLedger;
import io.dejavu.protocol.ticket.TicketKey;
import io.dejavu.store.ModelVersion;
import io.dejavu.store.client.Credential;
import io.dejavu.store.client.FetchedModel;
import io.dejavu.store.client.ModelStoreClient;
import io.dejavu.store.client.ModelStoreException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's own model as the store has it now, for {@link LocalSelfLearning.Config#personal}:
 * typically the personal model an admin recorded and trained for them, which their callers get and
 * which learning must start from and beat. Fetched with a publish credential (ADR 0308, second
 * amendment) into {@code dir/personal} (owner-only: {@link PrivateFiles}), verified like a peer's
 * model, and downloaded once per version (an unchanged one costs the store a 304).
 *
 * <p>Empty when there is nothing to change: the user has no model in the store, or its current
 * version is the newest this machine published and still holds (the ledger in {@code dir} says
 * so; the learner starts from its own newest version then). When an admin rolled back to an older
 * version this machine published, that version's local copy. Empty too, with one line in the log, when signaling or
 * the store refuses or cannot be reached: learning then goes on from what this machine has, never
 * fails for it.
 *
 * <pre>{@code
 * Supplier<Optional<Path>> personal = new PersonalModelFetcher(storeUri, signalingUri, userToken,
 *         signalingClient.ticketKey(), learningDir);
 * LocalSelfLearning.Config.onThisMachine("alice", learningDir, publisher, pairs, generic, personal, budget, idle);
 * }</pre>
 */
public final class PersonalModelFetcher implements Supplier<Optional<Path>> {
    private static final Logger LOG = LoggerFactory.getLogger(PersonalModelFetcher.class);
    /** Where fetched models are kept, under the learning folder. */
    public static final String FOLDER = "personal";

    private final PublishAccess access;
    private final Path dir;

    /**
     * @param dir the user's learning folder: its ledger tells which versions this machine holds, and
     *     fetched models go to {@code dir/}{@value #FOLDER}
     */
    public PersonalModelFetcher(URI store, URI signaling, String userToken, TicketKey key, Path dir) {
        this.access = new PublishAccess(store, signaling, userToken, key);
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** The store's current model of the user when learning should start from it; never throws. */
    @Override
    public Optional<Path> get() {
        try {
            return fetch();
        } catch (IOException | RuntimeException e) {
            LOG.warn("learning starts without the user's model from the store {}: {}", access.store(), OneLine.of(e));
            return Optional.empty();
        }
    }

    private Optional<Path> fetch() throws IOException {
        Credential.Publish mine = access.credential();
        String user = PublishAccess.subject(mine.token());
        SortedMap<Integer, Path> held = VersionLedger.open(dir).heldStoreVersions();
        Path cache = PrivateFiles.privateDir(dir.resolve(FOLDER));
        try (ModelStoreClient client = access.client(cache)) {
            Optional<ModelVersion> active = active(client.listOwn(user, mine));
            if (active.isEmpty()) {
                client.evictCache(user); // deleted in the store: personal data, gone here too
                return Optional.empty();
            }
            int version = active.get().version();
            if (held.containsKey(version)) {
                if (version == held.lastKey()) {
                    LOG.debug("{}'s v{} in the store is the newest this machine published", user, version);
                    return Optional.empty();
                }
                // An admin rolled back to an older version of ours: callers get that one again.
                LOG.info("{}'s store has v{} active again; learning starts from this machine's copy", user, version);
                return Optional.of(held.get(version));
            }
            FetchedModel model = client.fetchOwn(user, mine);
            if (model.kind() != FetchedModel.Kind.PERSONAL || held.containsKey(model.version())) {
                return Optional.empty(); // it changed since the listing, to one of ours
            }
            restrict(model.directory());
            LOG.info("learning starts from {}'s model v{} in the store ({})", user, model.version(), model.origin());
            return Optional.of(model.directory());
        } catch (ModelStoreException e) {
            if (e.reason() == ModelStoreException.Reason.NOT_FOUND) {
                return Optional.empty(); // deleted between the listing and the download
            }
            throw new IOException(e.reason() + ": " + e.getMessage(), e);
        }
    }

    private static Optional<ModelVersion> active(List<ModelVersion> versions) {
        return versions.stream().filter(ModelVersion::active).findFirst();
    }

    /** The cache keeps its folders to the owner; its files get the mode of the user's other learning files. */
    private static void restrict(Path model) throws IOException {
        try (Stream<Path> files = Files.list(model)) {
            for (Path f : files.toList()) {
                if (Files.isRegularFile(f)) {
                    PrivateFiles.restrictFile(f);
                }
            }
        }
        PrivateFiles.restrictDir(model);
    }
}
