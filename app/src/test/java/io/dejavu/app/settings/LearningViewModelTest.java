package io.dejavu.app.settings;

import static io.dejavu.app.fakes.Fakes.DIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.app.fakes.FakeLearning;
import io.dejavu.app.session.UserLearning;
import io.dejavu.learning.FootageSummary;
import io.dejavu.learning.LearningEvent;
import io.dejavu.learning.LearningState;
import io.dejavu.learning.SelfTrainedVersion;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class LearningViewModelTest {
    private final FakeLearning learning = new FakeLearning();
    private final Path folder = Path.of(System.getProperty("user.home"), ".dejavu", "learning", "alice");

    private static SelfTrainedVersion version(OptionalInt store, String refusal) {
        return new SelfTrainedVersion(
                Instant.parse("2026-12-06T21:00:00Z"), store, 0.42, 0.30, 0.10, 95, "cpu", refusal, Optional.empty());
    }

    @Test
    void consentIsOffUntilThePersonTurnsItOnAndTheSentenceSaysWhatAndWhere() {
        LearningViewModel vm = new LearningViewModel(DIRECT, DIRECT);
        vm.attach(UserLearning.of(learning, folder));

        assertFalse(vm.consentProperty().get());
        assertEquals(List.of(), learning.actions, "attaching changes nothing");
        assertEquals(
                "Keeps up to 60 s of your own camera video per call on this computer (~/.dejavu/learning/alice)"
                        + " to improve your model; only the model is uploaded, never the video.",
                vm.whatIsKeptProperty().get());

        vm.consentProperty().set(true);

        assertEquals(List.of("consent true"), learning.actions);
        assertTrue(learning.settings().consent());
    }

    @Test
    void signedOutTheSectionIsUnavailableAndSaysWhy() {
        LearningViewModel vm = new LearningViewModel(DIRECT, DIRECT);

        assertFalse(vm.availableProperty().get());
        assertEquals(LearningViewModel.SIGNED_OUT, vm.whatIsKeptProperty().get());
    }

    @Test
    void deletionsRunOnTheBackgroundExecutorAndThenShowWhatIsLeft() {
        List<Runnable> queued = new ArrayList<>();
        Executor background = queued::add;
        learning.footage = new FootageSummary(3, 12_400_000, 150, Optional.of(Instant.now()));
        learning.versions.add(version(OptionalInt.of(4), ""));
        LearningViewModel vm = new LearningViewModel(DIRECT, background);
        vm.attach(UserLearning.of(learning, folder));
        runAll(queued);
        assertEquals("3 calls kept: 12.4 MB, 2.5 min", vm.footageProperty().get());
        assertEquals(1, vm.versions().size());

        vm.deleteFootage();
        assertTrue(vm.busyProperty().get(), "busy until the background is done");
        assertEquals(List.of(), learning.actions, "nothing ran on the UI executor");
        runAll(queued);

        assertEquals(List.of("delete footage"), learning.actions);
        assertEquals("No footage kept.", vm.footageProperty().get());
        assertFalse(vm.busyProperty().get());

        vm.deleteVersions();
        runAll(queued);
        assertEquals(List.of(), vm.versions());
        assertEquals("Deleted the self-trained versions.", vm.messageProperty().get());
    }

    @Test
    void eventsFromTheLearningThreadAreShownOnTheUiExecutorOnly() {
        List<Runnable> onUi = new ArrayList<>();
        LearningViewModel vm = new LearningViewModel(onUi::add, DIRECT);
        vm.attach(UserLearning.of(learning, folder));
        runAll(onUi);

        learning.emit(new LearningEvent.FootageChanged(new FootageSummary(1, 2_000_000, 20, Optional.empty())));
        learning.emit(new LearningEvent.Failed("the model store refused it"));
        assertEquals("No footage kept.", vm.footageProperty().get(), "not before the UI thread runs it");
        runAll(onUi);

        assertEquals("1 call kept: 2.0 MB, 0.3 min", vm.footageProperty().get());
        assertEquals("the model store refused it", vm.errorProperty().get());
    }

    @Test
    void aTrainedVersionShowsItsGainOrWhyItWasNotPublished() {
        LearningViewModel vm = new LearningViewModel(DIRECT, DIRECT);
        vm.attach(UserLearning.of(learning, folder));
        learning.versions.add(0, version(OptionalInt.empty(), "no better than the current model"));
        learning.versions.add(0, version(OptionalInt.of(5), ""));

        learning.emit(new LearningEvent.VersionTrained(learning.versions.get(0)));

        assertEquals(2, vm.versions().size());
        assertTrue(
                vm.versions().get(0).contains("v5 published: +0.42 dB (current +0.30, generic +0.10), 95 s on cpu"),
                vm.versions().get(0));
        assertTrue(
                vm.versions().get(1).contains("not published (no better than the current model)"),
                vm.versions().get(1));
    }

    @Test
    void aVersionWhoseRunLearntTheGpuTierShowsThatTiersGainOrThatItCarriedTheOldOne() {
        LearningViewModel vm = new LearningViewModel(DIRECT, DIRECT);
        vm.attach(UserLearning.of(learning, folder));
        SelfTrainedVersion cpuOnly = version(OptionalInt.of(6), "");
        learning.versions.add(0, cpuOnly.withGpuTier(new SelfTrainedVersion.GpuTier(1.45, 1.10, "")));
        learning.versions.add(0, cpuOnly.withGpuTier(new SelfTrainedVersion.GpuTier(1.20, 1.30, "gains less")));

        learning.emit(new LearningEvent.VersionTrained(learning.versions.get(0)));

        assertEquals(2, vm.versions().size());
        assertTrue(
                vm.versions().get(0).endsWith("95 s on cpu; gpu tier carried over (gains less)"),
                vm.versions().get(0));
        assertTrue(
                vm.versions().get(1).endsWith("95 s on cpu; gpu tier +1.45 dB (generic +1.10)"),
                vm.versions().get(1));
    }

    @Test
    void afterSignOutLateEventsOfTheOldLearningAreIgnored() {
        LearningViewModel vm = new LearningViewModel(DIRECT, DIRECT);
        vm.attach(UserLearning.of(learning, folder));
        vm.detach();

        learning.emit(new LearningEvent.StateChanged(LearningState.LEARNING));
        learning.emit(new LearningEvent.Failed("late"));

        assertEquals("", vm.errorProperty().get());
        assertFalse(vm.availableProperty().get());
    }

    @Test
    void pauseThenResume() {
        LearningViewModel vm = new LearningViewModel(DIRECT, DIRECT);
        learning.setConsent(true);
        learning.actions.clear();
        vm.attach(UserLearning.of(learning, folder));

        vm.pauseOrResume();
        assertTrue(vm.pausedProperty().get());
        vm.pauseOrResume();

        assertEquals(List.of("paused true", "paused false"), learning.actions);
        assertFalse(vm.pausedProperty().get());
    }

    private static void runAll(List<Runnable> queue) {
        while (!queue.isEmpty()) {
            queue.remove(0).run();
        }
    }
}
