package io.dejavu.learning.learn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.dejavu.learning.PrivateFiles;
import io.dejavu.learning.SelfTrainedVersion;
import io.dejavu.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The self-trained versions, newest first, with the local bundle of each accepted one, kept as JSON
 * next to the footage ({@value #FILE}, mode 0600 in a 0700 folder: what the user's calls taught is
 * as private as the footage). Every change is written to a temporary file and moved into place, so
 * a crash leaves the old ledger or the new one, never half of one. Thread-safe.
 *
 * <pre>{@code
 * VersionLedger ledger = VersionLedger.open(footageDir);
 * ledger.add(result.version(), result.model());
 * }</pre>
 */
public final class VersionLedger {
    public static final String FILE = "versions.json";

    /** One version as stored: {@link SelfTrainedVersion} in plain JSON types, and its bundle. */
    record Entry(
            Instant trained,
            Integer storeVersion,
            double gainDb,
            double previousGainDb,
            double genericGainDb,
            double trainingSeconds,
            String device,
            String refusal,
            String model,
            SelfTrainedVersion.GpuTier gpu) { // null in ledgers written before the learner trained that tier

        static Entry of(SelfTrainedVersion v, Optional<Path> model) {
            return new Entry(
                    v.trained(),
                    v.storeVersion().isPresent() ? v.storeVersion().getAsInt() : null,
                    v.gainDb(),
                    v.previousGainDb(),
                    v.genericGainDb(),
                    v.trainingSeconds(),
                    v.device(),
                    v.refusal(),
                    model.map(p -> p.toAbsolutePath().toString()).orElse(null),
                    v.gpuTier().orElse(null));
        }

        SelfTrainedVersion version() {
            return new SelfTrainedVersion(
                    trained,
                    storeVersion == null ? OptionalInt.empty() : OptionalInt.of(storeVersion),
                    gainDb,
                    previousGainDb,
                    genericGainDb,
                    trainingSeconds,
                    device,
                    refusal == null ? "" : refusal,
                    Optional.ofNullable(gpu));
        }
    }

    private final Path file;
    private final List<Entry> entries;

    private VersionLedger(Path file, List<Entry> entries) {
        this.file = file;
        this.entries = new ArrayList<>(entries);
    }

    /**
     * The ledger in {@code dir} (created 0700 if missing); an empty one when there is no file yet.
     *
     * @throws IOException when the file cannot be read or is not a ledger (nothing is overwritten then)
     */
    public static VersionLedger open(Path dir) throws IOException {
        PrivateFiles.privateDir(dir);
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return new VersionLedger(file, List.of());
        }
        try {
            List<Entry> read = Json.mapper().readValue(file.toFile(), new TypeReference<List<Entry>>() {});
            return new VersionLedger(file, read);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not a ledger of self-trained versions: " + Json.describe(e), e);
        }
    }

    public Path file() {
        return file;
    }

    /** The versions, newest first. */
    public synchronized List<SelfTrainedVersion> versions() {
        return entries.stream().map(Entry::version).toList();
    }

    /** The newest accepted version's bundle that is still on disk. */
    public synchronized Optional<Path> latestModel() {
        return entries.stream()
                .filter(e -> e.model() != null)
                .map(e -> Path.of(e.model()))
                .filter(p -> Files.isRegularFile(p.resolve("enhancer.onnx")))
                .findFirst();
    }

    /**
     * The versions this machine published and still holds the bundle of, by their store number: a
     * store version among them is one the learner has here already.
     */
    public synchronized SortedMap<Integer, Path> heldStoreVersions() {
        SortedMap<Integer, Path> held = new TreeMap<>();
        for (Entry e : entries) {
            if (e.storeVersion() != null
                    && e.model() != null
                    && Files.isRegularFile(Path.of(e.model()).resolve("enhancer.onnx"))) {
                held.put(e.storeVersion(), Path.of(e.model()));
            }
        }
        return Collections.unmodifiableSortedMap(held);
    }

    /** Bundles of every accepted version. */
    public synchronized List<Path> models() {
        return entries.stream()
                .filter(e -> e.model() != null)
                .map(e -> Path.of(e.model()))
                .toList();
    }

    /** Adds a version as the newest. */
    public synchronized void add(SelfTrainedVersion version, Optional<Path> model) throws IOException {
        entries.add(0, Entry.of(version, model));
        save();
    }

    /** Replaces the newest version (e.g. with its store number once published). */
    public synchronized void replaceNewest(SelfTrainedVersion version) throws IOException {
        if (entries.isEmpty()) {
            throw new IllegalStateException("the ledger is empty: nothing to replace");
        }
        Entry old = entries.get(0);
        entries.set(0, Entry.of(version, Optional.ofNullable(old.model()).map(Path::of)));
        save();
    }

    /** Forgets every version (their bundles are the caller's to delete: {@link #models()} first). */
    public synchronized void clear() throws IOException {
        entries.clear();
        save();
    }

    private void save() throws IOException {
        PrivateFiles.write(file, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
    }
}
