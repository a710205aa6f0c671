package io.dejavu.app.services;

import io.dejavu.app.session.LearningAccount;
import io.dejavu.app.session.LearningOpener;
import io.dejavu.app.session.UserLearning;
import io.dejavu.learning.LocalSelfLearning;
import io.dejavu.learning.ModelPublisherPort;
import io.dejavu.learning.PersonalModelFetcher;
import io.dejavu.learning.StorePublisher;
import io.dejavu.learning.footage.FootageException;
import io.dejavu.learning.footage.FootageStore;
import io.dejavu.learning.learn.LearnerBudget;
import io.dejavu.learning.pairs.CallPathPairs;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The production {@link LearningOpener}: each user's {@link LocalSelfLearning} under {@code
 * root/<user>} (settings, ledger, self-trained versions and the kept calls, a folder each, all
 * there; {@link LocalSelfLearning.Config#onThisMachine}), capturing calls into a {@link FootageStore}, pairing kept calls through a loopback call
 * on the app's libwebrtc runtime, and, when a store is set, starting from the user's own model there
 * (the personal model an admin trained for them; {@link PersonalModelFetcher}) and publishing
 * accepted versions to it as the user (ADR 0308).
 *
 * <pre>{@code
 * LearningOpener opener = new LocalLearningOpener(Path.of(home, ".dejavu", "learning"), genericModel,
 *         LearnerBudget.defaults(), Duration.ofSeconds(20));
 * }</pre>
 */
public final class LocalLearningOpener implements LearningOpener {
    private static final Logger log = LoggerFactory.getLogger(LocalLearningOpener.class);
    private final Path root;
    private final Optional<Path> generic;
    private final LearnerBudget budget;
    private final Duration idleDelay;

    /**
     * @param root the folder of every user's learning ({@code ~/.dejavu/learning})
     * @param generic the generic model a first run starts from; empty: learning is unavailable
     * @param budget what one run may spend
     * @param idleDelay how long after a call learning waits before it starts
     */
    public LocalLearningOpener(Path root, Optional<Path> generic, LearnerBudget budget, Duration idleDelay) {
        this.root = Objects.requireNonNull(root, "root");
        this.generic = Objects.requireNonNull(generic, "generic");
        this.budget = Objects.requireNonNull(budget, "budget");
        this.idleDelay = Objects.requireNonNull(idleDelay, "idleDelay");
    }

    @Override
    public UserLearning open(LearningAccount account) throws IOException {
        if (generic.isEmpty()) {
            return UserLearning.unavailable(
                    "Learning from calls needs the generic model (models/generic-call), which this installation lacks.");
        }
        Path dir = root.resolve(account.user());
        CallPathPairs pairs = new CallPathPairs(new PrintWriter(new LogLines(), true));
        LocalSelfLearning learning;
        try {
            learning = new LocalSelfLearning(LocalSelfLearning.Config.onThisMachine(
                    account.user(),
                    dir,
                    publisher(account, dir),
                    pairs,
                    generic.get(),
                    personalModel(account, dir),
                    budget,
                    idleDelay));
        } catch (FootageException e) {
            pairs.close();
            throw new IOException(e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            pairs.close();
            throw e;
        }
        return UserLearning.of(learning, dir, pairs);
    }

    /**
     * The user's own model in the store (the personal model an admin trained for them), which
     * learning starts from and must beat; fetched with their publish credential (ADR 0308, second
     * amendment) into their learning folder. Without a store, learning starts from this machine's
     * versions or the generic model.
     */
    static Supplier<Optional<Path>> personalModel(LearningAccount account, Path dir) {
        if (account.storeUrl().isEmpty()) {
            return Optional::empty;
        }
        return new PersonalModelFetcher(
                URI.create(account.storeUrl()), account.signaling(), account.token(), account.key(), dir);
    }

    private static ModelPublisherPort publisher(LearningAccount account, Path dir) {
        if (account.storeUrl().isEmpty()) {
            return ModelPublisherPort.LOCAL_ONLY;
        }
        return new StorePublisher(
                URI.create(account.storeUrl()),
                account.signaling(),
                account.token(),
                account.key(),
                dir.resolve("store"));
    }

    /**
     * The shipped generic model for call-recorded pairs: {@code $DEJAVU_HOME/models/generic-call},
     * else {@code models/generic-call} in the working folder or above it.
     */
    public static Optional<Path> findGenericModel() {
        String home = System.getenv("DEJAVU_HOME");
        if (home != null && !home.isBlank()) {
            Path p = Path.of(home, "models", "generic-call");
            return Files.isRegularFile(p.resolve("enhancer.onnx")) ? Optional.of(p) : Optional.empty();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("models").resolve("generic-call");
            if (Files.isRegularFile(candidate.resolve("enhancer.onnx"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The pair maker's progress lines go to the log, not to a console the app does not have. */
    private static final class LogLines extends Writer {
        private final StringBuilder line = new StringBuilder();

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    log.info("{}", line);
                    line.setLength(0);
                } else {
                    line.append(buf[i]);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
