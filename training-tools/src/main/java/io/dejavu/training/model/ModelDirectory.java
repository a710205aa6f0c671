package io.dejavu.training.model;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.store.BundleFormatException;
import io.dejavu.store.ModelBundle;
import io.dejavu.training.TrainingException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * How training writes a model directory: into a hidden sibling directory, renamed into place at the
 * end, so an interrupted or failed run never leaves a directory that looks like a complete model.
 * What a bundle holds and how its metadata reads is {@link ModelBundle}'s (the store client's one
 * bundle type); this class only stages, commits and words I/O failures as {@link TrainingException}s.
 *
 * <pre>{@code
 * Path staging = ModelDirectory.staging(out);
 * ModelDirectory.write(staging, ModelBundle.ENHANCER, onnx);   // ... and the rest
 * ModelDirectory.commit(staging, out);
 * }</pre>
 */
public final class ModelDirectory {
    /** The training report beside the bundle's files; not part of the bundle the store keeps. */
    public static final String REPORT = "report.html";
    /** Free space required before training starts: models are small, reports a few MB. */
    static final long MIN_FREE_BYTES = 50L * 1024 * 1024;

    private ModelDirectory() {}

    /** Creates an empty hidden staging directory beside {@code out}, after checking free space. */
    public static Path staging(Path out) {
        Path abs = out.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        try {
            Files.createDirectories(parent);
            FileStore store = Files.getFileStore(parent);
            long free = store.getUsableSpace();
            if (free < MIN_FREE_BYTES) {
                throw new TrainingException("not enough disk space in " + parent + ": " + free / (1024 * 1024)
                        + " MB free, need at least " + MIN_FREE_BYTES / (1024 * 1024) + " MB");
            }
            Path dir = Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-");
            try {
                Files.setPosixFilePermissions(
                        dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default permissions
            }
            return dir;
        } catch (IOException e) {
            throw new TrainingException(describe("cannot create a work directory beside " + out, e), e);
        }
    }

    /** Moves a finished staging directory to {@code out}, replacing an older model there. */
    public static void commit(Path staging, Path out) {
        Path abs = out.toAbsolutePath().normalize();
        Path old = null;
        try {
            if (Files.exists(abs)) {
                if (!Files.isDirectory(abs)) {
                    throw new TrainingException(out + " exists and is not a directory");
                }
                old = abs.resolveSibling("." + abs.getFileName() + ".old-" + System.nanoTime());
                move(abs, old);
            }
            move(staging, abs);
            if (old != null) {
                deleteRecursively(old);
            }
        } catch (IOException e) {
            throw new TrainingException(describe("cannot move the model into " + out, e), e);
        }
    }

    /** Deletes a staging directory after a failure (best effort). */
    public static void discard(Path staging) {
        try {
            deleteRecursively(staging);
        } catch (IOException | UncheckedIOException e) {
            org.slf4j.LoggerFactory.getLogger(ModelDirectory.class)
                    .warn("could not delete unfinished model in {}: {}", staging, e.getMessage());
        }
    }

    /** Reads and validates {@code metadata.json} of a model directory ({@link ModelBundle#readMetadata}). */
    public static ModelMetadata readMetadata(Path dir) {
        try {
            return ModelBundle.readMetadata(dir);
        } catch (NoSuchFileException e) {
            throw new TrainingException("model directory not found: " + dir, e);
        } catch (BundleFormatException e) {
            throw new TrainingException("model " + dir + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new TrainingException(describe("cannot read " + dir.resolve(ModelBundle.METADATA), e), e);
        }
    }

    /** Throws unless {@code dir} holds the cpu tier's enhancer and the metadata. */
    public static void requireComplete(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new TrainingException("model directory not found: " + dir);
        }
        for (String f : new String[] {ModelBundle.ENHANCER, ModelBundle.METADATA}) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new TrainingException("model directory " + dir + " has no " + f);
            }
        }
    }

    /** Writes a file into the staging directory, turning I/O errors (e.g. a full disk) into clear messages. */
    public static void write(Path dir, String name, byte[] bytes) {
        try {
            Files.write(dir.resolve(name), bytes);
        } catch (IOException e) {
            throw new TrainingException(describe("cannot write " + dir.resolve(name), e), e);
        }
    }

    /** Replaces a finished bundle's {@code metadata.json} atomically ({@link ModelBundle#replaceMetadata}). */
    public static void replaceMetadata(Path dir, ModelMetadata metadata) {
        try {
            ModelBundle.replaceMetadata(dir, metadata);
        } catch (IOException e) {
            throw new TrainingException(describe("cannot write " + dir.resolve(ModelBundle.METADATA), e), e);
        }
    }

    /** A message for an I/O failure that names a full disk when that is the cause. */
    public static String describe(String what, IOException e) {
        String m = String.valueOf(e.getMessage());
        if (m.contains("No space left") || m.contains("Disk quota")) {
            return what + ": the disk is full (" + m + ")";
        }
        return what + ": " + m;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
