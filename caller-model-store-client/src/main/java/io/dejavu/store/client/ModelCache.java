package io.dejavu.store.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dejavu.protocol.Json;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bundles on disk, keyed by caller and sha256: {@code root/<caller>/<sha256>/} holds {@code
 * bundle.zip} and its unpacked files, and {@code root/<caller>/current.json} says which one the
 * store last served for that caller. Entries are written under a temporary name and moved into
 * place, so a reader never sees a partial entry; one lock file per caller keeps two processes
 * sharing the cache from interleaving.
 */
final class ModelCache {
    private static final Logger log = LoggerFactory.getLogger(ModelCache.class);
    private static final String BUNDLE = "bundle.zip";
    private static final String CURRENT = "current.json";
    /** Entries kept per caller: the current one and the one before, which a reader may still load. */
    private static final int KEEP = 2;

    /** A verified cache entry. */
    record Entry(String caller, String sha256, int version, boolean generic, Path directory, ModelBundle bundle) {}

    private final Path root;
    // File locks belong to the whole JVM, so two clients (or caches) on one directory in one process
    // must queue on the same in-process lock before taking the file lock.
    private static final ConcurrentHashMap<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    ModelCache(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    Path root() {
        return root;
    }

    /** The caller's current entry if present and intact; a damaged entry is removed. */
    Optional<Entry> current(String caller) throws IOException {
        return locked(caller, () -> readCurrent(caller));
    }

    private Optional<Entry> readCurrent(String caller) throws IOException {
        Path dir = callerDir(caller);
        Path pointer = dir.resolve(CURRENT);
        if (!Files.isRegularFile(pointer)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = Json.mapper().readTree(pointer.toFile());
        } catch (IOException e) {
            log.warn("cache pointer {} is unreadable, ignoring it: {}", pointer, e.getMessage());
            Files.deleteIfExists(pointer);
            return Optional.empty();
        }
        String sha = node.path("sha256").asText("");
        if (!sha.matches("[0-9a-f]{64}")) {
            Files.deleteIfExists(pointer);
            return Optional.empty();
        }
        Path entry = dir.resolve(sha);
        Path zip = entry.resolve(BUNDLE);
        if (!Files.isRegularFile(zip)) {
            Files.deleteIfExists(pointer);
            return Optional.empty();
        }
        byte[] bytes = Files.readAllBytes(zip);
        if (!ModelBundle.sha256Hex(bytes).equals(sha)) {
            log.warn("cached bundle {} does not match its sha256; dropping it", zip);
            deleteTree(entry);
            Files.deleteIfExists(pointer);
            return Optional.empty();
        }
        ModelBundle bundle;
        try {
            bundle = ModelBundle.fromZip(bytes, Long.MAX_VALUE);
        } catch (BundleFormatException e) {
            deleteTree(entry);
            Files.deleteIfExists(pointer);
            return Optional.empty();
        }
        if (!Files.isRegularFile(entry.resolve(ModelBundle.ENHANCER))
                || !Files.isRegularFile(entry.resolve(ModelBundle.METADATA))) {
            bundle.writeDirectory(entry); // unpacked files went missing; the zip is the truth
        }
        return Optional.of(new Entry(
                caller, sha, node.path("version").asInt(1), node.path("generic").asBoolean(), entry, bundle));
    }

    /** Stores a verified bundle as the caller's current entry and drops old ones. */
    Entry put(String caller, String sha256, int version, boolean generic, byte[] zip, ModelBundle bundle)
            throws IOException {
        return locked(caller, () -> {
            Path dir = callerDir(caller);
            Files.createDirectories(dir);
            Path entry = dir.resolve(sha256);
            if (!Files.isRegularFile(entry.resolve(BUNDLE))) {
                Path tmp = dir.resolve(".tmp-" + UUID.randomUUID());
                try {
                    Files.createDirectories(tmp);
                    bundle.writeDirectory(tmp);
                    Files.write(tmp.resolve(BUNDLE), zip);
                    deleteTree(entry); // a half-deleted leftover without bundle.zip
                    Files.move(tmp, entry, StandardCopyOption.ATOMIC_MOVE);
                } catch (FileAlreadyExistsException e) {
                    // another process put the same bytes meanwhile
                } finally {
                    deleteTree(tmp);
                }
            }
            Files.setLastModifiedTime(entry, FileTime.fromMillis(System.currentTimeMillis()));
            ObjectNode node = Json.mapper().createObjectNode();
            node.put("sha256", sha256);
            node.put("version", version);
            node.put("generic", generic);
            Path tmpPointer = dir.resolve(CURRENT + "." + UUID.randomUUID() + ".tmp");
            Files.write(tmpPointer, node.toString().getBytes(StandardCharsets.UTF_8));
            Files.move(
                    tmpPointer,
                    dir.resolve(CURRENT),
                    StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            evictOld(dir, sha256);
            return new Entry(caller, sha256, version, generic, entry, bundle);
        });
    }

    /** Removes everything cached for a caller. */
    void evict(String caller) throws IOException {
        locked(caller, () -> {
            Path dir = callerDir(caller);
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
                for (Path p : ds) {
                    if (!p.getFileName().toString().equals(".lock")) {
                        deleteTree(p);
                    }
                }
            } catch (java.nio.file.NoSuchFileException e) {
                // nothing cached
            }
            return null;
        });
    }

    private void evictOld(Path dir, String keep) throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds =
                Files.newDirectoryStream(dir, p -> p.getFileName().toString().matches("[0-9a-f]{64}"))) {
            ds.forEach(entries::add);
        }
        entries.removeIf(p -> p.getFileName().toString().equals(keep));
        entries.sort(Comparator.comparing(ModelCache::modified).reversed());
        for (int i = KEEP - 1; i < entries.size(); i++) {
            deleteTree(entries.get(i));
        }
    }

    private static FileTime modified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Directory name for a caller: readable where safe, percent-escaped elsewhere. */
    Path callerDir(String caller) {
        StringBuilder sb = new StringBuilder();
        byte[] utf8 = caller.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < utf8.length; i++) {
            int b = utf8[i] & 0xff;
            boolean safe =
                    (b >= 'a' && b <= 'z') || (b >= '0' && b <= '9') || b == '-' || b == '_' || (b == '.' && i > 0);
            if (safe) {
                sb.append((char) b);
            } else {
                // Upper-case letters too: case-insensitive file systems must not merge "Al" and "al".
                sb.append('%').append(String.format("%02X", b));
            }
        }
        return root.resolve(sb.toString());
    }

    @FunctionalInterface
    private interface Io<T> {
        T run() throws IOException;
    }

    private <T> T locked(String caller, Io<T> work) throws IOException {
        Path dir = callerDir(caller).toAbsolutePath().normalize();
        ReentrantLock lock = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        lock.lock();
        try {
            createPrivateDirectories(dir);
            try (FileChannel ch = FileChannel.open(
                            dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = ch.lock()) {
                return work.run();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Other users of the machine must not read someone's face model out of the cache: each
     * caller's directory (and the root, when this creates it) is its owner's only.
     */
    private void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (!Files.isDirectory(root)) {
            Files.createDirectories(root.getParent() == null ? root : root.getParent());
            createPrivateDirectory(root);
        }
        createPrivateDirectory(dir);
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        try {
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        } catch (FileAlreadyExistsException e) {
            // created meanwhile
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        if (Files.isDirectory(p)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) {
                    deleteTree(c);
                }
            }
        }
        Files.deleteIfExists(p);
    }
}
