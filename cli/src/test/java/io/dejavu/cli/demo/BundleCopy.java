package io.dejavu.cli.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** A model bundle's files copied into a folder of the test's own (tests change it, or serve it). */
final class BundleCopy {
    private BundleCopy() {}

    static Path of(Path bundle, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(bundle)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, to.resolve(f.getFileName().toString()));
            }
        }
        return to;
    }
}
