package io.dejavu.learning.footage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Footage is the user's face: folders 0700 and files 0600 where the file system has POSIX modes. */
final class OwnerOnly {
    static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {}

    /** Creates {@code dir} and missing parents, and makes {@code dir} itself owner-only. */
    static void directory(Path dir) throws IOException {
        Files.createDirectories(dir);
        set(dir, DIR);
    }

    /** Creates {@code file} empty and owner-only, so that whoever writes it next keeps the mode. */
    static void newFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        // The umask may have taken bits away, never added; set the mode anyway.
        set(file, FILE);
    }

    static void set(Path path, Set<PosixFilePermission> mode) throws IOException {
        try {
            Files.setPosixFilePermissions(path, mode);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the platform's defaults for the user's home apply
        }
    }
}
