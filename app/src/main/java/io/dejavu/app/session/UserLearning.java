package io.dejavu.app.session;

import io.dejavu.call.Call;
import io.dejavu.learning.CallCapture;
import io.dejavu.learning.FootageSummary;
import io.dejavu.learning.LearningEvent;
import io.dejavu.learning.LearningSettings;
import io.dejavu.learning.LearningState;
import io.dejavu.learning.SelfLearning;
import io.dejavu.learning.SelfTrainedVersion;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signed-in user's learning as the app shows it: the {@link SelfLearning}, where its footage is
 * kept (for the sentence beside the consent switch), or why there is none.
 *
 * @param learning the user's learning; a null object that keeps nothing when unavailable
 * @param folder where footage is kept; empty when unavailable
 * @param unavailable empty when available, else one sentence for the settings screen
 * @param parts closed after the learning
 */
public record UserLearning(SelfLearning learning, Optional<Path> folder, String unavailable, AutoCloseable parts)
        implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UserLearning.class);

    public UserLearning {
        Objects.requireNonNull(learning, "learning");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(unavailable, "unavailable");
        Objects.requireNonNull(parts, "parts");
    }

    public static UserLearning of(SelfLearning learning, Path folder) {
        return of(learning, folder, () -> {});
    }

    /** {@code parts}: what the learning uses and does not close itself (a pair maker), closed after it. */
    public static UserLearning of(SelfLearning learning, Path folder, AutoCloseable parts) {
        return new UserLearning(learning, Optional.of(folder), "", parts);
    }

    public static UserLearning unavailable(String why) {
        return new UserLearning(Off.INSTANCE, Optional.empty(), why, () -> {});
    }

    /** Stops learning (a run in progress stops at its next step), then its parts. */
    @Override
    public void close() {
        learning.close();
        try {
            parts.close();
        } catch (Exception e) {
            log.warn("Closing the parts of learning failed", e);
        }
    }

    public boolean available() {
        return unavailable.isEmpty();
    }

    /** Keeps nothing, learns nothing: consent is off and cannot be turned on. */
    private enum Off implements SelfLearning {
        INSTANCE;

        @Override
        public LearningSettings settings() {
            return new LearningSettings(false, false, 0, Duration.ZERO, Duration.ZERO);
        }

        @Override
        public void setConsent(boolean on) {
            if (on) {
                throw new IllegalStateException("learning from calls is not available here");
            }
        }

        @Override
        public void setPaused(boolean paused) {}

        @Override
        public FootageSummary footage() {
            return new FootageSummary(0, 0, 0, Optional.empty());
        }

        @Override
        public List<SelfTrainedVersion> versions() {
            return List.of();
        }

        @Override
        public LearningState state() {
            return LearningState.OFF;
        }

        @Override
        public Optional<CallCapture> callStarted(Call call) {
            return Optional.empty();
        }

        @Override
        public void callEnded() {}

        @Override
        public void deleteFootage() {}

        @Override
        public void deleteSelfTrainedVersions() {}

        @Override
        public void addListener(Consumer<LearningEvent> listener) {}

        @Override
        public void close() {}
    }
}
