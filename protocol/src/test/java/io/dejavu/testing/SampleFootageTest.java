package io.dejavu.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleFootageTest {
    @TempDir
    Path checkout;

    @Test
    void searchesTheLaunchersCacheWhenDejavuCacheIsSet() {
        List<Path> dirs = SampleFootage.searchPath(Map.of("DEJAVU_CACHE", "/srv/cache"), checkout, "/home/ann");
        assertEquals(Path.of("/srv/cache/samples"), dirs.get(dirs.size() - 1));
    }

    @Test
    void searchesTheHomeCacheOtherwise() {
        List<Path> dirs = SampleFootage.searchPath(Map.of(), checkout, "/home/ann");
        assertEquals(Path.of("/home/ann/.cache/dejavu/samples"), dirs.get(dirs.size() - 1));
    }

    @Test
    void noSharedLeavesOutTheSharedClipsFolder() {
        Path shared = checkout.resolve("../shared/data/clips").normalize();
        assertTrue(SampleFootage.searchPath(Map.of(), checkout, "/h").contains(shared));
        List<Path> dirs =
                SampleFootage.searchPath(Map.of("DEJAVU_NO_SHARED", "1", "DEJAVU_SAMPLES", "/clips"), checkout, "/h");
        assertEquals(List.of(Path.of("/clips"), Path.of("/h/.cache/dejavu/samples")), dirs);
    }

    @Test
    void missingFetchableClipSaysToFetchTheSamples() {
        String message = SampleFootage.missing(List.of("franck.mp4"), Map.of(), List.of(Path.of("/h")));
        assertTrue(message.contains("run ./dejavu samples"), message);
    }

    @Test
    void missingClipThatNoSampleProvidesDoesNotSuggestFetchingTheSamples() {
        String message = SampleFootage.missing(
                List.of("someone_else.mp4"), Map.of("DEJAVU_NO_SHARED", "1"), List.of(Path.of("/h")));
        assertFalse(message.contains("run ./dejavu samples"), message);
        assertTrue(message.contains("not among the clips ./dejavu samples fetches"), message);
        assertTrue(message.contains("DEJAVU_NO_SHARED is set"), message);
    }
}
