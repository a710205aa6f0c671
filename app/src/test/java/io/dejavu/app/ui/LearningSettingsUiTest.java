package io.dejavu.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.app.shell.MainViewModel.Screen;
import io.dejavu.testing.SampleFootage;
import java.nio.file.Path;
import javafx.scene.control.CheckBox;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The "Learning from my calls" section with the real learning behind it (footage folder, settings
 * file) and real signaling and store servers; no call, so no media.
 */
class LearningSettingsUiTest {
    private static Backends backends;
    private Path dir;
    private AppDriver alice;

    @BeforeAll
    static void startBackends() throws Exception {
        FxToolkit.registerPrimaryStage();
        backends = new Backends("alice");
    }

    @AfterAll
    static void stopBackends() {
        if (backends != null) {
            backends.close();
        }
    }

    @BeforeEach
    void openWindow() throws Exception {
        dir = SampleFootage.tempDir("ui-learning");
        alice = AppDriver.open(dir, "alice", 0, Backends.media());
    }

    @AfterEach
    void closeWindow() throws Exception {
        if (alice != null) {
            alice.close();
        }
    }

    private void signInAndOpenSettings(AppDriver d) {
        d.signIn(backends.signalingUri().toString(), "alice", backends.tokens.get("alice"), backends.storeUrl());
        d.waitUntil(
                "the contacts screen",
                15,
                () -> d.window.viewModel().screenProperty().get() == Screen.CONTACTS,
                () -> d.text("signInError"));
        d.click("settingsButton");
        d.waitUntil(
                "the learning section ready",
                15,
                () -> !d.node("learningConsent").isDisabled(),
                () -> d.text("learningWhatIsKept") + " / " + d.text("learningError"));
    }

    private boolean consentShown(AppDriver d) {
        return d.onFx(() -> ((CheckBox) d.node("learningConsent")).isSelected());
    }

    @Test
    void consentIsOffUntilTurnedOnAndTheSentenceSaysWhatIsKeptAndWhere() {
        signInAndOpenSettings(alice);

        assertFalse(consentShown(alice), "off until the person turns it on");
        assertEquals("Off: nothing is kept.", alice.text("learningState"));
        String sentence = alice.text("learningWhatIsKept");
        assertTrue(
                sentence.startsWith("Keeps up to 60 s of your own camera video per call on this computer ("), sentence);
        assertTrue(
                sentence.contains(dir.resolve("learning")
                                .resolve("alice")
                                .toAbsolutePath()
                                .toString())
                        || sentence.contains("learning/alice"),
                sentence);
        assertTrue(sentence.endsWith("only the model is uploaded, never the video."), sentence);
    }

    @Test
    void turningConsentOnIsRememberedAfterSigningOutAndIn() throws Exception {
        signInAndOpenSettings(alice);

        alice.click("learningConsent");
        alice.waitUntil(
                "learning on",
                10,
                () -> alice.text("learningState").startsWith("On:"),
                () -> alice.text("learningState") + " / " + alice.text("learningError"));
        alice.click("closeSettings");
        alice.click("signOutButton");
        alice.close();
        alice = AppDriver.open(dir, "alice", 0, Backends.media()); // a new window: the app restarted
        signInAndOpenSettings(alice);

        alice.waitUntil("consent shown as on", 10, () -> consentShown(alice), () -> alice.text("learningState"));
        assertEquals("On: learns after your calls.", alice.text("learningState"));
    }
}
