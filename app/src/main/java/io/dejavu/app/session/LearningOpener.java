package io.dejavu.app.session;

import java.io.IOException;

/**
 * Opens a signed-in user's learning from their own calls (issue 17); chosen in {@code
 * ProductionServices}. The session that opened it closes it.
 *
 * <pre>{@code
 * LearningOpener opener = account -> UserLearning.of(new LocalSelfLearning(config(account)), dir);
 * UserLearning mine = session.openLearning(storeUrl);
 * }</pre>
 */
@FunctionalInterface
public interface LearningOpener {
    /** Learning is not offered (view-model tests, tools): the settings say so. */
    LearningOpener NONE = account -> UserLearning.unavailable("Learning from calls is not available in this app.");

    /**
     * @throws IOException when the user's learning folder cannot be read (nothing is overwritten)
     */
    UserLearning open(LearningAccount account) throws IOException;
}
