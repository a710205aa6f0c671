package io.dejavu.learning.learn;

import io.dejavu.learning.footage.KeptCall;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What one idle learning run starts from.
 *
 * @param caller the user whose model it is (the store name the version is published under)
 * @param newestFirst the kept calls, newest first; the newest one's later part is held back
 * @param current the model to fine-tune from and to beat: the user's latest version (self- or
 *     admin-published) or, without one, the generic model
 * @param currentLabel how to name {@code current} in lines and metadata (e.g. {@code v3}, {@code generic})
 * @param generic the generic model, measured on the same held-back frames
 * @param out where an accepted version's bundle is written
 */
public record LearnerInput(
        String caller, List<KeptCall> newestFirst, Path current, String currentLabel, Path generic, Path out) {
    public LearnerInput {
        if (caller == null || caller.isBlank()) {
            throw new IllegalArgumentException("the learner needs the user's name, got '" + caller + "'");
        }
        newestFirst = List.copyOf(newestFirst);
        if (newestFirst.isEmpty()) {
            throw new IllegalArgumentException("no kept calls to learn from");
        }
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(currentLabel, "currentLabel");
        Objects.requireNonNull(generic, "generic");
        Objects.requireNonNull(out, "out");
    }
}
