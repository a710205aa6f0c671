package io.dejavu.learning;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dejavu.learning.footage.FootageLimits;
import io.dejavu.protocol.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The user's learning settings as JSON ({@value #FILE}, mode 0600), written atomically. Without a
 * file the defaults hold: consent off, not paused, and the footage store's own limits
 * ({@link FootageLimits#DEFAULTS}: 500 MB, 30 days, 60 s per call), so the two never disagree.
 */
final class SettingsFile {
    static final String FILE = "learning-settings.json";

    static final LearningSettings DEFAULTS = new LearningSettings(
            false,
            false,
            FootageLimits.DEFAULTS.maxBytes(),
            FootageLimits.DEFAULTS.maxAge(),
            FootageLimits.DEFAULTS.maxPerCall());

    private SettingsFile() {}

    static LearningSettings read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.exists(file)) {
            return DEFAULTS;
        }
        try {
            return Json.mapper().readValue(file.toFile(), LearningSettings.class);
        } catch (JsonProcessingException e) {
            throw new IOException(file + " is not learning settings: " + Json.describe(e), e);
        }
    }

    static void write(Path dir, LearningSettings settings) throws IOException {
        PrivateFiles.privateDir(dir);
        PrivateFiles.write(
                dir.resolve(FILE),
                Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(settings));
    }
}
