package io.dejavu.protocol.files;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Files only their owner may read: the servers' databases (token hashes, block lists, personal models). */
public final class PrivateFiles {
    private PrivateFiles() {}

    /**
     * Creates {@code file} empty with mode 0600 unless it exists (SQLite then opens it and gives its
     * WAL and shared-memory files the same mode). On a file system without POSIX modes nothing is
     * created and the caller's library creates it with the platform's defaults; a file created
     * meanwhile by another process is fine.
     *
     * @throws IOException when the file cannot be created
     */
    public static void createOwnerOnly(Path file) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            // not a POSIX file system, or created meanwhile (the CLI beside the server, another store)
        }
    }
}
