package io.dejavu.learning;

import io.dejavu.call.Call;
import io.dejavu.learning.footage.CallRecorder;
import io.dejavu.learning.footage.FootageCapture;
import io.dejavu.learning.footage.FootageLimits;
import io.dejavu.learning.footage.FootageStore;
import io.dejavu.learning.learn.IdleLearner;
import io.dejavu.learning.learn.LearnerBudget;
import io.dejavu.learning.learn.LearnerInput;
import io.dejavu.learning.learn.LearnerResult;
import io.dejavu.learning.learn.LearnerYielded;
import io.dejavu.learning.learn.VersionLedger;
import io.dejavu.training.footage.PairMaker;
import io.dejavu.training.train.ProgressListener;
import io.dejavu.training.train.TrainingProgress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link SelfLearning} on this machine: settings and the ledger of versions persisted beside the
 * footage (0600), an {@link IdleLearner} on a thread of its own that starts once no call is in
 * progress and yields the moment one starts, and accepted versions published through a {@link
 * ModelPublisherPort}.
 *
 * <p>States: {@code OFF} without consent; {@code PAUSED} when the user paused; {@code
 * WAITING_FOR_CALL_TO_END} while a call is in progress; {@code LEARNING} during a run; {@code IDLE}
 * otherwise. A call starting interrupts a run (it stops at its next step and runs again after the
 * call); at most one run at a time; a run needs kept footage.
 *
 * <p>On a user's machine the kept calls are a {@link FootageStore} and each call with consent is
 * kept by a {@link CallRecorder} into it ({@link Config#onThisMachine}); the store's limits follow
 * the settings.
 *
 * <pre>{@code
 * LocalSelfLearning.Config config = LocalSelfLearning.Config.onThisMachine(
 *         "alice", home.resolve("learning/alice"), publisher, new CallPathPairs(err), generic,
 *         Optional::empty, LearnerBudget.defaults(), Duration.ofMinutes(1));
 * try (LocalSelfLearning learning = new LocalSelfLearning(config)) {
 *     learning.setConsent(true);
 *     Optional<CallCapture> capture = learning.callStarted(call);
 *     ... // the call
 *     capture.ifPresent(CallCapture::close);
 *     learning.callEnded(); // learning starts after config.idleDelay()
 * }
 * }</pre>
 */
public final class LocalSelfLearning implements SelfLearning {
    private static final Logger LOG = LoggerFactory.getLogger(LocalSelfLearning.class);
    private static final DateTimeFormatter VERSION_DIR =
            DateTimeFormatter.ofPattern("uuuuMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    /**
     * What learning works with.
     *
     * @param caller the signed-in user
     * @param footage the kept calls; the ledger and versions go in its folder
     * @param capture starts keeping a call's footage (asked only with consent)
     * @param publisher where accepted versions go
     * @param pairMaker how kept footage becomes pairs (a loopback call in the product)
     * @param generic the generic model
     * @param personal the user's model in the store when learning should start from it (typically
     *     the personal model an admin published; {@link PersonalModelFetcher}): asked at the start
     *     of each run, off the caller's thread; empty when there is none, when it is the newest
     *     version this machine published and holds, or when the store cannot be asked
     * @param budget what a run may spend
     * @param idleDelay how long after the last call ends learning starts
     */
    public record Config(
            String caller,
            KeptCallSource footage,
            CaptureFactory capture,
            ModelPublisherPort publisher,
            PairMaker pairMaker,
            Path generic,
            Supplier<Optional<Path>> personal,
            LearnerBudget budget,
            Duration idleDelay) {
        public Config {
            Objects.requireNonNull(caller, "caller");
            Objects.requireNonNull(footage, "footage");
            Objects.requireNonNull(capture, "capture");
            Objects.requireNonNull(publisher, "publisher");
            Objects.requireNonNull(pairMaker, "pairMaker");
            Objects.requireNonNull(generic, "generic");
            Objects.requireNonNull(personal, "personal");
            Objects.requireNonNull(budget, "budget");
            Objects.requireNonNull(idleDelay, "idleDelay");
        }

        /**
         * The real pieces: the calls kept in a {@link FootageStore} in {@code dir} (created
         * owner-only), within the limits of the settings saved there, and a {@link CallRecorder}
         * keeping each call with consent into it.
         *
         * @throws IOException when the saved settings cannot be read
         * @throws io.dejavu.learning.footage.FootageException when the folder cannot be created
         */
        public static Config onThisMachine(
                String caller,
                Path dir,
                ModelPublisherPort publisher,
                PairMaker pairMaker,
                Path generic,
                Supplier<Optional<Path>> personal,
                LearnerBudget budget,
                Duration idleDelay)
                throws IOException {
            LearningSettings saved = SettingsFile.read(dir);
            FootageLimits limits;
            try {
                limits = FootageLimits.of(saved);
            } catch (IllegalArgumentException e) {
                LOG.warn("the saved footage limits are no limits ({}); using the defaults", e.getMessage());
                limits = FootageLimits.DEFAULTS;
            }
            FootageStore store = FootageStore.open(dir, limits);
            return new Config(
                    caller,
                    store,
                    new FootageCapture(store),
                    publisher,
                    pairMaker,
                    generic,
                    personal,
                    budget,
                    idleDelay);
        }
    }

    private final Config config;
    private final Path dir;
    private final VersionLedger ledger;
    private final IdleLearner learner;
    private final ScheduledExecutorService thread;
    private final List<Consumer<LearningEvent>> listeners = new CopyOnWriteArrayList<>();
    private LearningSettings settings;
    private int callsInProgress;
    private boolean learning;
    private Future<?> run;
    private LearningState reported;
    private boolean closed;

    /**
     * Reads the settings and the ledger from the footage folder.
     *
     * @throws IOException when either file is unreadable (nothing is overwritten then)
     */
    public LocalSelfLearning(Config config) throws IOException {
        this.config = config;
        this.dir = config.footage().dir();
        this.ledger = VersionLedger.open(dir);
        this.settings = SettingsFile.read(dir);
        config.footage().settingsChanged(settings);
        this.learner = new IdleLearner(config.pairMaker(), config.budget(), progress());
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "dejavu-learning");
            t.setDaemon(true);
            t.setPriority(Thread.MIN_PRIORITY); // a hint only; yielding to calls is what keeps them smooth
            return t;
        });
        this.reported = state();
    }

    @Override
    public synchronized LearningSettings settings() {
        return settings;
    }

    @Override
    public void setConsent(boolean on) {
        synchronized (this) {
            LearningSettings s = settings;
            save(new LearningSettings(on, s.paused(), s.maxFootageBytes(), s.maxFootageAge(), s.maxPerCall()));
            if (!on) {
                stopRun();
            }
        }
        stateMayHaveChanged();
    }

    @Override
    public void setPaused(boolean paused) {
        synchronized (this) {
            LearningSettings s = settings;
            save(new LearningSettings(s.consent(), paused, s.maxFootageBytes(), s.maxFootageAge(), s.maxPerCall()));
            if (paused) {
                stopRun();
            } else {
                schedule(Duration.ZERO);
            }
        }
        stateMayHaveChanged();
    }

    @Override
    public FootageSummary footage() {
        return config.footage().summary();
    }

    @Override
    public List<SelfTrainedVersion> versions() {
        return ledger.versions();
    }

    /** The newest accepted version's bundle on this machine. */
    public Optional<Path> latestModel() {
        return ledger.latestModel();
    }

    @Override
    public synchronized LearningState state() {
        if (!settings.consent()) {
            return LearningState.OFF;
        }
        if (settings.paused()) {
            return LearningState.PAUSED;
        }
        if (callsInProgress > 0) {
            return LearningState.WAITING_FOR_CALL_TO_END;
        }
        return learning ? LearningState.LEARNING : LearningState.IDLE;
    }

    @Override
    public Optional<CallCapture> callStarted(Call call) {
        boolean keep;
        synchronized (this) {
            callsInProgress++;
            stopRun(); // the call comes first: a run stops at its next step
            keep = settings.consent();
        }
        stateMayHaveChanged();
        return keep ? config.capture().start(call) : Optional.empty();
    }

    @Override
    public void callEnded() {
        synchronized (this) {
            if (callsInProgress == 0) {
                throw new IllegalStateException("callEnded() without a call in progress");
            }
            callsInProgress--;
            schedule(config.idleDelay());
        }
        stateMayHaveChanged();
        emit(new LearningEvent.FootageChanged(footage()));
    }

    @Override
    public void deleteFootage() {
        synchronized (this) {
            stopRun();
        }
        try {
            config.footage().deleteAll();
            // On the learning thread: a stopped run may still be leaving the learner's pair cache.
            thread.execute(learner::forgetPairs);
        } catch (IOException e) {
            emit(new LearningEvent.Failed("cannot delete the kept footage: " + e.getMessage()));
        }
        emit(new LearningEvent.FootageChanged(footage()));
    }

    @Override
    public void deleteSelfTrainedVersions() {
        synchronized (this) {
            stopRun();
        }
        try {
            for (Path model : ledger.models()) {
                deleteRecursively(model);
            }
            ledger.clear();
        } catch (IOException e) {
            emit(new LearningEvent.Failed("cannot delete the self-trained versions: " + e.getMessage()));
            return;
        }
        try {
            config.publisher().deletePublishedVersions();
        } catch (IOException e) {
            emit(new LearningEvent.Failed(
                    "deleted on this machine; the published versions stay on the store: " + e.getMessage()));
        }
    }

    @Override
    public void addListener(Consumer<LearningEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            stopRun();
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // Called holding the lock.
    private void schedule(Duration delay) {
        if (closed || callsInProgress > 0 || !settings.consent() || settings.paused()) {
            return;
        }
        if (run != null && !run.isDone()) {
            return; // a run is queued or going: it reads the newest footage when it starts
        }
        run = thread.schedule(this::learnOnce, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    // Called holding the lock.
    private void stopRun() {
        if (run != null) {
            run.cancel(true);
            run = null;
        }
    }

    private void learnOnce() {
        List<io.dejavu.learning.footage.KeptCall> calls;
        synchronized (this) {
            if (callsInProgress > 0 || !settings.consent() || settings.paused() || closed) {
                return;
            }
            calls = config.footage().newestFirst();
            if (calls.isEmpty()) {
                return;
            }
            learning = true;
        }
        stateMayHaveChanged();
        try {
            // Outside the lock: asking the store takes a round trip, and a call starting must not wait.
            LearnerInput input = input(calls);
            LearnerResult result = learner.learn(input);
            SelfTrainedVersion version = result.version();
            if (result.accepted()) {
                version = publish(version, result.model().get());
            }
            ledger.add(version, result.model());
            emit(new LearningEvent.VersionTrained(version));
        } catch (LearnerYielded e) {
            LOG.debug("{}", e.getMessage()); // it runs again once the call is over
        } catch (IOException e) {
            emit(new LearningEvent.Failed("cannot record the new version: " + e.getMessage()));
        } catch (RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                LOG.debug("learning stopped for a call: {}", e.getMessage());
            } else {
                LOG.warn("learning failed", e);
                emit(new LearningEvent.Failed(OneLine.of(e)));
            }
        } finally {
            synchronized (this) {
                learning = false;
            }
            stateMayHaveChanged();
        }
    }

    /**
     * What a run starts from and must beat: the user's model in the store when the personal supplier
     * offers one (what their callers get: an admin's newer version wins over versions trained here,
     * and it offers none when the store's is the newest of this machine's own), else the newest version
     * trained here, else the generic model.
     */
    private LearnerInput input(List<io.dejavu.learning.footage.KeptCall> calls) {
        Path current;
        String label;
        Optional<Path> personal = config.personal().get();
        Optional<Path> mine = ledger.latestModel();
        if (personal.isPresent()) {
            current = personal.get();
            label = "personal model";
        } else if (mine.isPresent()) {
            current = mine.get();
            label = "self-trained " + current.getFileName();
        } else {
            current = config.generic();
            label = "generic model";
        }
        Path out = dir.resolve("models").resolve(VERSION_DIR.format(java.time.Instant.now()));
        return new LearnerInput(config.caller(), calls, current, label, config.generic(), out);
    }

    private SelfTrainedVersion publish(SelfTrainedVersion v, Path model) {
        try {
            int number = config.publisher().publishOwn(model);
            return v.withStoreVersion(OptionalInt.of(number), "");
        } catch (IOException e) {
            return v.withStoreVersion(OptionalInt.empty(), "kept on this machine, not published: " + e.getMessage());
        }
    }

    private void save(LearningSettings s) {
        try {
            SettingsFile.write(dir, s);
            settings = s;
            config.footage().settingsChanged(s);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the learning settings: " + e.getMessage(), e);
        }
    }

    private ProgressListener progress() {
        return new ProgressListener() {
            @Override
            public void onProgress(TrainingProgress p) {
                emit(new LearningEvent.Progress(
                        p.fraction(),
                        String.format(
                                Locale.ROOT,
                                "step %d, %.0f s of %d s, loss %.4f",
                                p.step(),
                                p.elapsed().toMillis() / 1000.0,
                                p.budget().toSeconds(),
                                p.loss())));
            }

            @Override
            public void onMessage(String message) {
                emit(new LearningEvent.Progress(Double.NaN, message));
            }
        };
    }

    private void stateMayHaveChanged() {
        LearningState now;
        synchronized (this) {
            now = state();
            if (now == reported) {
                return;
            }
            reported = now;
        }
        emit(new LearningEvent.StateChanged(now));
    }

    // Never called holding the lock: a listener may call back in.
    private void emit(LearningEvent event) {
        for (Consumer<LearningEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("a learning listener failed on {}", event, e);
            }
        }
    }

    private static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
