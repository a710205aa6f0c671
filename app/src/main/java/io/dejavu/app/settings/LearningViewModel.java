package io.dejavu.app.settings;

import io.dejavu.app.session.UserLearning;
import io.dejavu.learning.FootageSummary;
import io.dejavu.learning.LearningEvent;
import io.dejavu.learning.LearningSettings;
import io.dejavu.learning.LearningState;
import io.dejavu.learning.OneLine;
import io.dejavu.learning.SelfLearning;
import io.dejavu.learning.SelfTrainedVersion;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The "Learning from my calls" section (issue 17): the consent switch, what is kept, the
 * self-trained versions and their measured gain, pause and the two deletions. Events from the
 * learning thread hop to the UI executor; everything that touches files runs on the background one.
 *
 * <pre>{@code
 * LearningViewModel vm = new LearningViewModel(Platform::runLater, pool);
 * vm.attach(session.openLearning(storeUrl));   // on sign-in
 * vm.consentProperty().set(true);              // keeps footage from the next call on
 * vm.deleteFootage();
 * vm.detach();                                 // on sign-out
 * }</pre>
 */
public final class LearningViewModel {
    private static final Logger log = LoggerFactory.getLogger(LearningViewModel.class);
    static final String SIGNED_OUT = "Sign in to learn from your calls.";

    private final Executor ui;
    private final Executor background;
    private UserLearning current = UserLearning.unavailable(SIGNED_OUT);
    /** True while the view model itself moves the switch (events, attach): not the person's choice. */
    private boolean syncing;

    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper(false);
    private final BooleanProperty consent = new SimpleBooleanProperty(false);
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper whatIsKept = new ReadOnlyStringWrapper(SIGNED_OUT);
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper footage = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ObservableList<String> versions = FXCollections.observableArrayList();

    public LearningViewModel(Executor ui, Executor background) {
        this.ui = ui;
        this.background = background;
        consent.addListener((o, was, now) -> {
            if (!syncing) {
                setConsent(now);
            }
        });
    }

    /** Shows {@code learning} (the signed-in user's) and follows its events. Call on the UI thread. */
    public void attach(UserLearning learning) {
        current = learning;
        available.set(learning.available());
        message.set("");
        error.set("");
        progress.set("");
        if (!learning.available()) {
            show(learning.learning().settings(), LearningState.OFF);
            whatIsKept.set(learning.unavailable());
            footage.set("");
            versions.clear();
            return;
        }
        SelfLearning l = learning.learning();
        l.addListener(event -> ui.execute(() -> {
            if (current.learning() == l) {
                apply(event);
            }
        }));
        refresh(l);
    }

    /** Signed out: nothing to show. Call on the UI thread. */
    public void detach() {
        attach(UserLearning.unavailable(SIGNED_OUT));
    }

    /** Reads settings, footage and versions off the UI thread, then shows them. */
    private void refresh(SelfLearning l) {
        background.execute(() -> {
            try {
                LearningSettings s = l.settings();
                LearningState st = l.state();
                FootageSummary f = l.footage();
                List<SelfTrainedVersion> v = l.versions();
                ui.execute(() -> {
                    if (current.learning() == l) {
                        show(s, st);
                        footage.set(describe(f));
                        versions.setAll(
                                v.stream().map(LearningViewModel::describe).toList());
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Reading the learning state failed", e);
                ui.execute(() -> error.set("Cannot read what learning kept: " + OneLine.of(e)));
            }
        });
    }

    private void show(LearningSettings s, LearningState st) {
        syncing = true;
        try {
            consent.set(s.consent());
        } finally {
            syncing = false;
        }
        paused.set(s.paused());
        state.set(describe(st));
        whatIsKept.set(whatIsKept(s, current));
    }

    private void apply(LearningEvent event) {
        if (event instanceof LearningEvent.StateChanged c) {
            state.set(describe(c.state()));
            if (c.state() != LearningState.LEARNING) {
                progress.set("");
            }
            refresh(current.learning()); // consent and pause live in the settings
        } else if (event instanceof LearningEvent.FootageChanged f) {
            footage.set(describe(f.footage()));
        } else if (event instanceof LearningEvent.Progress p) {
            progress.set(p.line());
        } else if (event instanceof LearningEvent.VersionTrained v) {
            message.set(
                    v.version().published()
                            ? "A new version of your model was published."
                            : "A new version was trained but not published: "
                                    + v.version().refusal());
            refresh(current.learning());
        } else if (event instanceof LearningEvent.Failed f) {
            error.set(f.message());
        }
    }

    private void setConsent(boolean on) {
        SelfLearning l = current.learning();
        run(
                () -> l.setConsent(on),
                on
                        ? "Learning is on: your next calls are kept on this computer."
                        : "Learning is off: nothing more is kept.",
                "Could not change the consent");
    }

    /** Pauses learning, or resumes it when paused. */
    public void pauseOrResume() {
        SelfLearning l = current.learning();
        boolean pause = !paused.get();
        run(() -> l.setPaused(pause), pause ? "Learning paused." : "Learning resumed.", "Could not pause learning");
    }

    /** Deletes every kept call from this computer. */
    public void deleteFootage() {
        SelfLearning l = current.learning();
        run(l::deleteFootage, "Deleted the kept footage.", "Could not delete the footage");
    }

    /** Deletes the self-trained versions here and those this user published to the store. */
    public void deleteVersions() {
        SelfLearning l = current.learning();
        run(l::deleteSelfTrainedVersions, "Deleted the self-trained versions.", "Could not delete the versions");
    }

    /** Runs {@code work} off the UI thread, then shows the outcome and what is there now. */
    private void run(Runnable work, String done, String failed) {
        SelfLearning l = current.learning();
        if (!current.available()) {
            return;
        }
        busy.set(true);
        error.set("");
        message.set("");
        background.execute(() -> {
            String problem = "";
            try {
                work.run();
            } catch (RuntimeException e) {
                log.warn("{}", failed, e);
                problem = failed + ": " + OneLine.of(e);
            }
            String p = problem;
            ui.execute(() -> {
                busy.set(false);
                if (current.learning() == l) {
                    if (p.isEmpty()) {
                        message.set(done);
                    } else {
                        error.set(p);
                    }
                }
            });
            refresh(l);
        });
    }

    static String whatIsKept(LearningSettings s, UserLearning learning) {
        long seconds = s.maxPerCall().toSeconds();
        String where = learning.folder().map(LearningViewModel::shortPath).orElse("this computer");
        return "Keeps up to " + seconds + " s of your own camera video per call on this computer (" + where
                + ") to improve your model; only the model is uploaded, never the video.";
    }

    /** The folder with the home directory as {@code ~}, as a person reads it. */
    static String shortPath(Path folder) {
        Path home = Path.of(System.getProperty("user.home")).toAbsolutePath();
        Path p = folder.toAbsolutePath();
        return p.startsWith(home) ? "~/" + home.relativize(p).toString().replace('\\', '/') : p.toString();
    }

    static String describe(FootageSummary f) {
        if (f.calls() == 0) {
            return "No footage kept.";
        }
        return String.format(
                java.util.Locale.ROOT,
                "%d call%s kept: %.1f MB, %.1f min",
                f.calls(),
                f.calls() == 1 ? "" : "s",
                f.bytes() / 1e6,
                f.seconds() / 60);
    }

    static String describe(LearningState s) {
        return switch (s) {
            case OFF -> "Off: nothing is kept.";
            case PAUSED -> "Paused.";
            case IDLE -> "On: learns after your calls.";
            case WAITING_FOR_CALL_TO_END -> "On: waiting for the call to end.";
            case LEARNING -> "Learning from your calls…";
        };
    }

    static String describe(SelfTrainedVersion v) {
        String gain = String.format(
                java.util.Locale.ROOT,
                "%+.2f dB (current %+.2f, generic %+.2f), %.0f s on %s",
                v.gainDb(),
                v.previousGainDb(),
                v.genericGainDb(),
                v.trainingSeconds(),
                v.device());
        gain += v.gpuTier().map(LearningViewModel::describe).orElse("");
        String when = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .withZone(java.time.ZoneId.systemDefault())
                .format(v.trained());
        return v.published()
                ? when + "  v" + v.storeVersion().getAsInt() + " published: " + gain
                : when + "  not published (" + v.refusal() + "): " + gain;
    }

    /** What a receiver with a GPU runs of the version: its own gpu tier, or the one it carried over. */
    private static String describe(SelfTrainedVersion.GpuTier g) {
        return g.accepted()
                ? String.format(
                        java.util.Locale.ROOT, "; gpu tier %+.2f dB (generic %+.2f)", g.gainDb(), g.genericGainDb())
                : "; gpu tier carried over (" + g.refusal() + ")";
    }

    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    /** The consent switch: off until the person turns it on; setting it tells the learning. */
    public BooleanProperty consentProperty() {
        return consent;
    }

    public ReadOnlyBooleanProperty pausedProperty() {
        return paused.getReadOnlyProperty();
    }

    /** True while a change or deletion runs in the background. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The one sentence on what is kept and where. */
    public ReadOnlyStringProperty whatIsKeptProperty() {
        return whatIsKept.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty footageProperty() {
        return footage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The self-trained versions, newest first, one line each. */
    public ObservableList<String> versions() {
        return versions;
    }
}
