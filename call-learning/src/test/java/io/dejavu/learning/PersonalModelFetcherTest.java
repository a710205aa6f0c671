package io.dejavu.learning;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.learning.learn.VersionLedger;
import io.dejavu.store.ModelBundle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user's own model from a real store (ADR 0308, second amendment) for learning to start from:
 * the admin's personal model, kept owner-only, downloaded once; nothing when the store's version
 * is one this machine published and holds, when there is none, or when the store is away.
 */
class PersonalModelFetcherTest {
    @TempDir
    Path tmp;

    private StoreBackends backends;
    private Path learning;

    @BeforeEach
    void start() throws Exception {
        backends = new StoreBackends(tmp.resolve("servers"));
        learning = tmp.resolve("learning");
    }

    @AfterEach
    void stop() {
        backends.close();
    }

    @Test
    void theModelAnAdminPublishedForTheUserIsFetchedOwnerOnly() throws Exception {
        ModelBundle admins = StoreBackends.aliceModel(tmp.resolve("admins"), 0.1);
        backends.publishAsAdmin(admins);

        Optional<Path> model = backends.fetcher(learning).get();

        assertTrue(model.isPresent());
        Path dir = model.get();
        assertTrue(dir.startsWith(learning.resolve(PersonalModelFetcher.FOLDER)), dir::toString);
        assertArrayEquals(admins.enhancerOnnx(), Files.readAllBytes(dir.resolve(ModelBundle.ENHANCER)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), f::toString);
            }
        }
        assertEquals(
                "rwx------",
                PosixFilePermissions.toString(
                        Files.getPosixFilePermissions(learning.resolve(PersonalModelFetcher.FOLDER))));
        assertEquals(model, backends.fetcher(learning).get(), "the same version, from the same place");
    }

    @Test
    void aNewerVersionReplacesTheOneFetchedBefore() throws Exception {
        backends.publishAsAdmin(StoreBackends.aliceModel(tmp.resolve("v1"), 0.1));
        Path first = backends.fetcher(learning).get().orElseThrow();

        backends.publishAsAdmin(StoreBackends.aliceModel(tmp.resolve("v2"), 0.2));
        Path now = backends.fetcher(learning).get().orElseThrow();

        assertFalse(now.equals(first));
        assertEquals(
                0.2, ModelBundle.readMetadata(now).metrics().get("gain_db"), 1e-9, "v2, not the v1 fetched before");
    }

    /** The store's version is the one this machine published and still has: learning starts from its own copy. */
    @Test
    void aVersionThisMachinePublishedAndHoldsChangesNothing() throws Exception {
        backends.publishAsAdmin(StoreBackends.aliceModel(tmp.resolve("admins"), 0.1));
        Path trainedHere = learning.resolve("models").resolve("mine");
        StoreBackends.aliceModel(trainedHere, 0.3);
        int published = backends.publisher(learning).publishOwn(trainedHere);
        VersionLedger.open(learning)
                .add(
                        new SelfTrainedVersion(
                                Instant.now(),
                                OptionalInt.of(published),
                                0.5,
                                0.3,
                                0.2,
                                5,
                                "cpu",
                                "",
                                Optional.empty()),
                        Optional.of(trainedHere));

        assertEquals(Optional.empty(), backends.fetcher(learning).get());

        int admins = backends.publishAsAdmin(StoreBackends.aliceModel(tmp.resolve("admins-again"), 0.4));
        assertEquals(published + 1, admins);
        assertTrue(backends.fetcher(learning).get().isPresent(), "an admin's newer version is the one to beat");
    }

    /** Callers get the older version again: learning must start from it, not from the one rolled back. */
    @Test
    void anAdminsRollbackToAnOlderVersionOfOursStartsFromOurCopyOfIt() throws Exception {
        VersionLedger ledger = VersionLedger.open(learning);
        Path older = learning.resolve("models").resolve("older");
        StoreBackends.aliceModel(older, 0.3);
        int first = publishedHere(older, ledger);
        Path newer = learning.resolve("models").resolve("newer");
        StoreBackends.aliceModel(newer, 0.4);
        publishedHere(newer, ledger);
        assertEquals(Optional.empty(), backends.fetcher(learning).get(), "the newest is ours: nothing changes");

        backends.activate(first);

        assertEquals(Optional.of(older), backends.fetcher(learning).get());
        assertFalse(
                Files.exists(learning.resolve(PersonalModelFetcher.FOLDER).resolve("alice")),
                "nothing downloaded: this machine has it");
    }

    private int publishedHere(Path model, VersionLedger ledger) throws Exception {
        int n = backends.publisher(learning).publishOwn(model);
        ledger.add(
                new SelfTrainedVersion(Instant.now(), OptionalInt.of(n), 0.5, 0.3, 0.2, 5, "cpu", "", Optional.empty()),
                Optional.of(model));
        return n;
    }

    @Test
    void aUserWithoutAModelInTheStoreGetsNoneAndLosesTheCopy() throws Exception {
        backends.publishAsAdmin(StoreBackends.aliceModel(tmp.resolve("admins"), 0.1));
        Path fetched = backends.fetcher(learning).get().orElseThrow();

        backends.deleteAllOfAlice();

        assertEquals(Optional.empty(), backends.fetcher(learning).get());
        assertFalse(Files.exists(fetched), "a model deleted in the store does not stay on this machine");
    }

    @Test
    void anUnreachableStoreGivesNoneInsteadOfFailing() throws Exception {
        backends.publishAsAdmin(StoreBackends.aliceModel(tmp.resolve("admins"), 0.1));
        PersonalModelFetcher fetcher = backends.fetcher(learning);
        backends.store.close();

        assertEquals(Optional.empty(), fetcher.get());

        backends.signaling.close();
        assertEquals(Optional.empty(), fetcher.get(), "nor without signaling");
    }
}
