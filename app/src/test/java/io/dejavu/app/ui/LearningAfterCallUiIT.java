package io.dejavu.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.app.call.CallViewModel.Phase;
import io.dejavu.app.services.LocalLearningOpener;
import io.dejavu.app.shell.MainViewModel.Screen;
import io.dejavu.app.shell.ProductionServices;
import io.dejavu.learning.learn.LearnerBudget;
import io.dejavu.store.ModelVersion;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.train.DeviceChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * Learning from a real call, through the windows: alice turns learning on, calls bob over real
 * libwebrtc with a clip as her camera, and her app keeps her own outgoing footage, learns from it
 * after the call (the real learner: pairs through a loopback call, fine-tuning, the guard) and
 * lists the new version; the settings' deletions then take the footage off the disk and the
 * versions she published off the store. The learner runs a tiny budget (a few CPU steps) so that
 * the test takes about a minute on two cores; the version it lists is one it trained.
 */
class LearningAfterCallUiIT {
    private static Backends backends;
    private static String video;
    private Path dir;
    private AppDriver alice;
    private AppDriver bob;

    @BeforeAll
    static void startBackends() throws Exception {
        FxToolkit.registerPrimaryStage();
        backends = new Backends("alice", "bob");
        video = SampleFootage.require(SampleFootage.ONE_MAN).toAbsolutePath().toString();
    }

    @AfterAll
    static void stopBackends() {
        if (backends != null) {
            backends.close();
        }
    }

    @AfterEach
    void closeWindows() throws Exception {
        if (alice != null) {
            alice.close();
        }
        if (bob != null) {
            bob.close();
        }
    }

    /** Alice's app learns {@code idleDelay} after a call, on a budget of a few steps. */
    private void openWindows(Duration idleDelay) throws Exception {
        dir = SampleFootage.tempDir("ui-learning-call");
        LearnerBudget tiny = new LearnerBudget(
                DeviceChoice.CPU,
                1,
                Duration.ofMinutes(2),
                3,
                175,
                3,
                0.25,
                8,
                32,
                8,
                1e-3f,
                1L,
                LearnerBudget.GpuTier.ON_GPU);
        Optional<Path> generic = LocalLearningOpener.findGenericModel();
        assertTrue(generic.isPresent(), "models/generic-call is part of the checkout");
        alice = AppDriver.open(
                dir,
                "alice",
                0,
                ProductionServices.create(
                        Backends.media(),
                        dir.resolve("alice-models"),
                        new LocalLearningOpener(dir.resolve("learning"), generic, tiny, idleDelay)));
        bob = AppDriver.open(dir, "bob", 960, Backends.media());
        String server = backends.signalingUri().toString();
        alice.signIn(server, "alice", backends.tokens.get("alice"), backends.storeUrl());
        bob.signIn(server, "bob", backends.tokens.get("bob"), backends.storeUrl());
        for (AppDriver d : new AppDriver[] {alice, bob}) {
            d.waitUntil(
                    "the contacts screen",
                    15,
                    () -> d.window.viewModel().screenProperty().get() == Screen.CONTACTS,
                    () -> d.text("signInError"));
        }
        bob.onFx(() -> {
            bob.window.viewModel().call().autoAnswerProperty().set(true);
            return null;
        });
    }

    /** Alice sends the clip, turns learning on, and leaves the settings open to the contacts. */
    private void aliceSendsTheClipWithLearningOn() {
        alice.click("settingsButton");
        alice.paste("videoFile", video);
        alice.click("saveSettings");
        alice.waitUntil(
                "settings saved",
                5,
                () -> alice.text("settingsMessage").equals("Settings saved."),
                () -> alice.text("settingsError"));
        alice.waitUntil(
                "the learning section ready",
                15,
                () -> !alice.node("learningConsent").isDisabled(),
                () -> alice.text("learningWhatIsKept"));
        alice.click("learningConsent");
        alice.waitUntil(
                "learning on",
                10,
                () -> alice.text("learningState").startsWith("On:"),
                () -> alice.text("learningState") + " / " + alice.text("learningError"));
        alice.click("closeSettings");
    }

    /** A call from alice to bob that lasts until her app has kept some of her footage, then hangs up. */
    private void aliceCallsBobUntilFootageIsKept() {
        alice.type("dialBox", "bob");
        alice.click("dialButton");
        for (AppDriver d : new AppDriver[] {alice, bob}) {
            d.waitUntil(
                    "the call to connect",
                    30,
                    () -> d.window.viewModel().call().phaseProperty().get() == Phase.IN_CALL,
                    () -> d.text("callStatus"));
        }
        // About 200 lossless frames of the 400x300 clip (about 90 KB each): the replay's first 3 s (75
        // frames) are dropped as the encoder's cold start, which leaves enough for the learner's 50
        // pairs and 4 held back even when the replay's encoder skips some.
        alice.waitUntil(
                "footage being kept",
                60,
                () -> bytesBeingKept() > 18_000_000,
                () -> bytesBeingKept() + " bytes being kept");
        alice.click("hangUp");
        alice.waitUntil(
                "idle after hang-up",
                15,
                () -> alice.window.viewModel().call().phaseProperty().get() == Phase.IDLE,
                () -> alice.text("callStatus"));
    }

    private Path footageDir() {
        return dir.resolve("learning").resolve("alice");
    }

    /** Bytes of video in the footage folder, committed or still being written. */
    private long bytesBeingKept() {
        return keptVideos().stream().mapToLong(LearningAfterCallUiIT::size).sum();
    }

    private List<Path> keptVideos() {
        if (!Files.isDirectory(footageDir())) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(footageDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".mkv"))
                    .toList();
        } catch (IOException e) {
            return List.of(); // a call folder renamed while walking: ask again
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    private void openLearningSettings() {
        alice.click("settingsButton");
        alice.waitUntil("the learning section", 10, () -> alice.has("learningVersions"), () -> "no learning section");
    }

    private List<?> versionsShown() {
        return alice.onFx(() -> List.copyOf(((ListView<?>) alice.node("learningVersions")).getItems()));
    }

    @Test
    void footageKeptDuringACallIsOnDiskUntilDeleteMyFootage() throws Exception {
        openWindows(Duration.ofHours(1)); // no learning run in this test: only the footage
        aliceSendsTheClipWithLearningOn();

        aliceCallsBobUntilFootageIsKept();
        openLearningSettings();
        alice.waitUntil(
                "the kept call listed",
                20,
                () -> alice.text("learningFootage").startsWith("1 call kept"),
                () -> alice.text("learningFootage"));
        assertTrue(
                keptVideos().stream().anyMatch(p -> p.getFileName().toString().equals("call.mkv")),
                keptVideos().toString());

        alice.click("learningDeleteFootage");

        alice.waitUntil(
                "the footage deleted",
                20,
                () -> alice.text("learningFootage").equals("No footage kept."),
                () -> alice.text("learningFootage") + " / " + alice.text("learningError"));
        assertEquals(List.of(), keptVideos(), "no video left on the disk");
        assertEquals("Deleted the kept footage.", alice.text("learningMessage"));
    }

    @Test
    void aVersionAppearsAfterACallAndDeletingSelfTrainedModelsTakesThemOffTheStore() throws Exception {
        int admins = backends.publishModel("alice");
        openWindows(Duration.ZERO);
        aliceSendsTheClipWithLearningOn();
        openLearningSettings();
        assertEquals(List.of(), versionsShown(), "no self-trained version before any call");
        alice.click("closeSettings");

        aliceCallsBobUntilFootageIsKept();
        openLearningSettings();
        alice.waitUntil(
                "a self-trained version after the call",
                300,
                () -> !versionsShown().isEmpty() || !alice.text("learningError").isEmpty(),
                () -> alice.text("learningState") + " / " + alice.text("learningProgress") + " / "
                        + alice.text("learningError"));
        assertEquals("", alice.text("learningError"), "learning did not fail");
        assertEquals(1, versionsShown().size(), versionsShown().toString());
        String line = versionsShown().get(0).toString();
        assertTrue(line.contains(" dB (current "), line);

        // Whether or not the guard let this tiny run publish, alice has a version of her own on the
        // store, published with her own credential as her app does.
        backends.publishOwnModel("alice");
        assertTrue(backends.versions("alice").stream().anyMatch(v -> "alice".equals(v.publishedBy())));

        alice.click("learningDeleteVersions");
        assertTrue(alice.onFx(() -> alice.node("learningConfirmation").isVisible()), "asks first");
        alice.click("learningConfirmDelete");

        alice.waitUntil(
                "the versions list empty",
                30,
                () -> versionsShown().isEmpty()
                        && alice.text("learningMessage").equals("Deleted the self-trained versions."),
                () -> versionsShown() + " / " + alice.text("learningError"));
        alice.waitUntil(
                "her versions gone from the store",
                30,
                () -> {
                    try {
                        return backends.versions("alice").stream().noneMatch(v -> v.publishedBy() != null);
                    } catch (Exception e) {
                        return false;
                    }
                },
                () -> alice.text("learningError"));
        List<ModelVersion> left = backends.versions("alice");
        assertEquals(List.of(admins), left.stream().map(ModelVersion::version).toList(), "the admin's stays");
        assertTrue(left.get(0).active(), "and is active again");
        assertTrue(alice.onFx(() -> ((CheckBox) alice.node("learningConsent")).isSelected()), "consent stays on");
    }
}
