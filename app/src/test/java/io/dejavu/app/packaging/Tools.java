package io.dejavu.app.packaging;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that a program the packaging test runs is installed. */
final class Tools {
    private Tools() {}

    /** Fails with the Debian package to install when {@code program} is not on the PATH. */
    static void require(String program, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        throw new IllegalStateException(program + " is not installed; apt-get install -y " + debianPackage
                + " (./dejavu test installs it when run as root on Debian)");
    }
}
