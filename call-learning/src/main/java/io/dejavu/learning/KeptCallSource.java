package io.dejavu.learning;

import io.dejavu.learning.footage.KeptCall;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The kept calls learning reads: {@link io.dejavu.learning.footage.FootageStore} on a user's
 * machine (tests may list clips of their own).
 */
public interface KeptCallSource {
    /** The folder the footage lives in; the ledger and the self-trained versions go beside it. */
    Path dir();

    /** The kept calls, newest first. */
    List<KeptCall> newestFirst();

    /** How many calls, bytes and seconds are kept. */
    FootageSummary summary();

    /** Deletes every kept call. */
    void deleteAll() throws IOException;

    /** The user's settings, when read or changed: a source that bounds what it keeps applies them. */
    default void settingsChanged(LearningSettings settings) {}
}
