package io.dejavu.app.fakes;

import io.dejavu.call.Call;
import io.dejavu.learning.CallCapture;
import io.dejavu.learning.FootageSummary;
import io.dejavu.learning.LearningEvent;
import io.dejavu.learning.LearningSettings;
import io.dejavu.learning.LearningState;
import io.dejavu.learning.SelfLearning;
import io.dejavu.learning.SelfTrainedVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Learning for view-model tests: remembers what it was asked and on which thread, and lets a test
 * play the learning thread's events.
 */
public final class FakeLearning implements SelfLearning {
    public final List<String> actions = new CopyOnWriteArrayList<>();
    public final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<Consumer<LearningEvent>> listeners = new CopyOnWriteArrayList<>();
    public volatile LearningSettings settings =
            new LearningSettings(false, false, 1L << 30, Duration.ofDays(30), Duration.ofSeconds(60));
    public volatile FootageSummary footage = new FootageSummary(0, 0, 0, Optional.empty());
    public final List<SelfTrainedVersion> versions = new CopyOnWriteArrayList<>();

    /** Plays an event as if the learning thread sent it. */
    public void emit(LearningEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    private void did(String what) {
        actions.add(what);
        threads.add(Thread.currentThread().getName());
    }

    @Override
    public LearningSettings settings() {
        return settings;
    }

    @Override
    public void setConsent(boolean on) {
        did("consent " + on);
        LearningSettings s = settings;
        settings = new LearningSettings(on, s.paused(), s.maxFootageBytes(), s.maxFootageAge(), s.maxPerCall());
    }

    @Override
    public void setPaused(boolean paused) {
        did("paused " + paused);
        LearningSettings s = settings;
        settings = new LearningSettings(s.consent(), paused, s.maxFootageBytes(), s.maxFootageAge(), s.maxPerCall());
    }

    @Override
    public FootageSummary footage() {
        return footage;
    }

    @Override
    public List<SelfTrainedVersion> versions() {
        return new ArrayList<>(versions);
    }

    @Override
    public LearningState state() {
        return !settings.consent() ? LearningState.OFF : settings.paused() ? LearningState.PAUSED : LearningState.IDLE;
    }

    @Override
    public Optional<CallCapture> callStarted(Call call) {
        did("call started");
        return Optional.empty();
    }

    @Override
    public void callEnded() {
        did("call ended");
    }

    @Override
    public void deleteFootage() {
        did("delete footage");
        footage = new FootageSummary(0, 0, 0, Optional.empty());
    }

    @Override
    public void deleteSelfTrainedVersions() {
        did("delete versions");
        versions.clear();
    }

    @Override
    public void addListener(Consumer<LearningEvent> listener) {
        listeners.add(listener);
    }

    @Override
    public void close() {
        did("close");
    }
}
