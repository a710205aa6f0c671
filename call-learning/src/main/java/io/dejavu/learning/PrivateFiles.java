package io.dejavu.learning;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the user may read (issue 17: footage, settings, the ledger of versions): mode 0600 in
 * folders of mode 0700, each written to a temporary file and moved into place, so a crash leaves
 * the old content or the new, never half. On a file system without POSIX modes (Windows) the
 * user's profile folder is private already, and the files get its defaults.
 */
public final class PrivateFiles {
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    /** Creates {@code dir} (and parents) if missing and makes it 0700. */
    public static Path privateDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrict(dir, DIR);
        return dir;
    }

    /** Creates {@code file} empty and 0600, so that whoever writes it next (FFmpeg) keeps the mode. */
    public static void newFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        // The umask may have taken bits away, never added; set the mode anyway.
        restrict(file, FILE);
    }

    /** Makes an existing folder 0700. */
    public static void restrictDir(Path dir) throws IOException {
        restrict(dir, DIR);
    }

    /** Makes an existing file 0600. */
    public static void restrictFile(Path file) throws IOException {
        restrict(file, FILE);
    }

    /** Writes {@code bytes} to {@code file} atomically, mode 0600. */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp;
        try {
            tmp = Files.createTempFile(
                    dir, "." + file.getFileName() + ".", ".tmp", PosixFilePermissions.asFileAttribute(FILE));
        } catch (UnsupportedOperationException e) {
            tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        }
        try {
            Files.write(tmp, bytes);
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            restrict(file, FILE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void restrict(Path p, Set<PosixFilePermission> perms) throws IOException {
        try {
            Files.setPosixFilePermissions(p, perms);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: see the class comment
        }
    }
}
