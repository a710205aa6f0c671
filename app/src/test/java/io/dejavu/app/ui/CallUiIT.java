package io.dejavu.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.app.call.CallViewModel.Phase;
import io.dejavu.app.session.Contact;
import io.dejavu.app.shell.MainViewModel.Screen;
import io.dejavu.testing.SampleFootage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * The app driven through its windows against a real signaling server, a real model store and
 * real libwebrtc calls on loopback, headless (Monocle). Two windows in one JVM play the two people.
 */
class CallUiIT {
    private static Backends backends;
    private static String video;
    private Path dir;
    private AppDriver alice;
    private AppDriver bob;

    @BeforeAll
    static void startBackends() throws Exception {
        FxToolkit.registerPrimaryStage();
        backends = new Backends("alice", "bob");
        backends.publishModel("alice");
        video = SampleFootage.require(SampleFootage.ONE_MAN).toAbsolutePath().toString();
    }

    @AfterAll
    static void stopBackends() {
        if (backends != null) {
            backends.close();
        }
    }

    @BeforeEach
    void openWindows() throws Exception {
        dir = SampleFootage.tempDir("ui");
        alice = AppDriver.open(dir, "alice", 0, Backends.media());
        bob = AppDriver.open(dir, "bob", 960, Backends.media());
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

    private void signInBoth(String storeUrl) {
        signInBoth(storeUrl, true);
    }

    private void signInBoth(String storeUrl, boolean bobSendsTheClip) {
        String server = backends.signalingUri().toString();
        alice.signIn(server, "alice", backends.tokens.get("alice"), storeUrl);
        bob.signIn(server, "bob", backends.tokens.get("bob"), storeUrl);
        for (AppDriver d : new AppDriver[] {alice, bob}) {
            d.waitUntil(
                    "the contacts screen",
                    15,
                    () -> d.window.viewModel().screenProperty().get() == Screen.CONTACTS,
                    () -> d.text("signInError"));
        }
        useVideoFile(alice);
        if (bobSendsTheClip) {
            useVideoFile(bob);
        }
    }

    private static void useVideoFile(AppDriver d) {
        d.click("settingsButton");
        d.paste("videoFile", video);
        d.click("saveSettings");
        d.waitUntil(
                "settings saved",
                5,
                () -> d.text("settingsMessage").equals("Settings saved."),
                () -> d.text("settingsError"));
        d.click("closeSettings");
    }

    @Test
    void signingInShowsWhoElseIsOnlineAndIsRememberedForTheNextRun() throws Exception {
        signInBoth(backends.storeUrl());
        alice.waitUntil(
                "bob online in alice's contacts",
                10,
                () -> ((ListView<?>) alice.node("contacts"))
                        .getItems()
                        .contains(new Contact("bob", Contact.Presence.ONLINE)),
                () -> ((ListView<?>) alice.node("contacts")).getItems().toString());
        assertEquals("Signed in as alice", alice.text("me"));
        assertEquals("Dejavu — alice", alice.window.stage().getTitle());

        alice.click("signOutButton");
        assertEquals(Screen.SIGN_IN, alice.window.viewModel().screenProperty().get());
        AppDriver again = AppDriver.open(dir, "alice", 0, Backends.media());
        try {
            assertEquals(backends.signalingUri().toString(), again.onFx(() -> ((TextField) again.node("serverUrl"))
                    .getText()));
            assertEquals("alice", again.onFx(() -> ((TextField) again.node("user")).getText()));
            assertEquals(backends.storeUrl(), again.onFx(() -> ((TextField) again.node("storeUrl")).getText()));
        } finally {
            again.close();
        }
    }

    @Test
    void wrongTokenIsRefusedWithASentence() {
        alice.signIn(backends.signalingUri().toString(), "alice", "dj_wrong.token", "");
        alice.waitUntil(
                "a sign-in error",
                10,
                () -> !alice.text("signInError").isEmpty(),
                () -> alice.window.viewModel().screenProperty().get().toString());
        assertEquals("The server did not accept the token for alice.", alice.text("signInError"));
        assertEquals(Screen.SIGN_IN, alice.window.viewModel().screenProperty().get());
    }

    @Test
    void wholeCallShowsEnhancedVideoWithTheFetchedModelAndHangUpEndsItForBoth() throws Exception {
        signInBoth(backends.storeUrl());
        alice.type("dialBox", "bob");
        alice.click("dialButton");
        bob.waitUntil(
                "the incoming call", 10, () -> bob.node("incomingCall").isVisible(), () -> bob.text("callStatus"));
        assertEquals("alice is calling", bob.text("incomingCaller"));
        bob.click("acceptCall");

        for (AppDriver d : new AppDriver[] {alice, bob}) {
            d.waitUntil(
                    "the call to connect",
                    30,
                    () -> d.window.viewModel().call().phaseProperty().get() == Phase.IN_CALL,
                    () -> d.text("callStatus") + " / " + d.text("callMessage"));
        }
        bob.waitUntil("alice's video", 20, () -> bob.remotePictureChecksum() != 0, () -> bob.text("statResolution"));
        long first = bob.remotePictureChecksum();
        bob.waitUntil(
                "alice's video to move", 20, () -> bob.remotePictureChecksum() != first, () -> bob.text("statFps"));

        bob.waitUntil(
                "enhancement with alice's personal model",
                40,
                () -> bob.text("statEnhancement").startsWith("enhancing k=")
                        && bob.text("statModel").equals("model: personal model v1"),
                () -> bob.text("statEnhancement") + " / " + bob.text("statModel"));
        assertTrue(bob.text("statProvider").startsWith("running on "), bob.text("statProvider"));
        assertTrue(bob.text("statTiming").endsWith("ms/frame enhancement"), bob.text("statTiming"));
        assertEquals("personal model v1", bob.text("modelState"));

        bob.click("enhanceToggle");
        bob.waitUntil(
                "the overlay to say enhancement is off",
                5,
                () -> bob.text("statEnhancement").equals("enhancement off"),
                () -> bob.text("statEnhancement"));
        bob.click("enhanceToggle");

        bob.click("splitToggle");
        double before = bob.window.viewModel().call().dividerProperty().get();
        bob.robot.drag(bob.node("splitDivider")).moveBy(-120, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        double after = bob.window.viewModel().call().dividerProperty().get();
        assertTrue(after < before - 0.05, "divider moved from " + before + " to " + after);
        bob.waitUntil(
                "the decoded half of the split view",
                10,
                () -> ((javafx.scene.image.ImageView) bob.node("remoteDecoded")).getImage() != null,
                () -> "no decoded image");
        Path shot = bob.screenshot(Paths.get("target", "screenshots", "in-call.png"));
        assertTrue(Files.size(shot) > 10_000, "screenshot " + shot + " has " + Files.size(shot) + " bytes");

        alice.click("hangUp");
        for (AppDriver d : new AppDriver[] {alice, bob}) {
            d.waitUntil(
                    "idle after hang-up",
                    15,
                    () -> d.window.viewModel().call().phaseProperty().get() == Phase.IDLE
                            && d.window.viewModel().screenProperty().get() == Screen.CONTACTS,
                    () -> d.text("callStatus"));
        }
        assertEquals("alice hung up.", bob.text("callMessage"));
        assertEquals("Call with bob ended.", alice.text("callMessage"));
    }

    /**
     * Also: bob has no video file and this machine no camera, so bob sends a test pattern; bob's
     * saved microphone does not exist here, which the call says while going on.
     */
    @Test
    void callGoesOnWithoutAModelWhenTheStoreIsDown() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        signInBoth("http://127.0.0.1:" + closedPort, false);
        bob.onFx(() -> {
            bob.window
                    .viewModel()
                    .updateSettings(st ->
                            st.withMedia(st.camera(), "USB Mic", st.videoFile(), st.targetBitrateKbps(), st.kPolicy()));
            return null;
        });
        alice.type("dialBox", "bob");
        alice.click("dialButton");
        bob.waitUntil("the incoming call", 10, () -> bob.node("incomingCall").isVisible(), () -> "");
        bob.click("acceptCall");
        bob.waitUntil(
                "the call to connect",
                30,
                () -> bob.window.viewModel().call().phaseProperty().get() == Phase.IN_CALL,
                () -> bob.text("callStatus"));
        bob.waitUntil(
                "the model state to say there is none",
                20,
                () -> bob.text("modelState").startsWith("no model"),
                () -> bob.text("modelState"));
        assertEquals(
                "no model: fetch failed (cannot reach the model store at http://127.0.0.1:" + closedPort + ")",
                bob.text("modelState"));
        bob.waitUntil("alice's video", 20, () -> bob.remotePictureChecksum() != 0, () -> bob.text("statFps"));
        long first = bob.remotePictureChecksum();
        bob.waitUntil("video to keep moving", 20, () -> bob.remotePictureChecksum() != first, () -> "");
        bob.waitUntil(
                "the overlay to say frames pass through",
                10,
                () -> bob.text("statEnhancement").startsWith("not enhancing"),
                () -> bob.text("statEnhancement"));
        assertTrue(
                bob.text("callStatus").contains("Microphone not used (cannot use microphone 'USB Mic'"),
                bob.text("callStatus"));
        assertEquals(
                Phase.IN_CALL, alice.window.viewModel().call().phaseProperty().get());
        bob.click("hangUp");
        alice.waitUntil(
                "alice idle",
                15,
                () -> alice.window.viewModel().call().phaseProperty().get() == Phase.IDLE,
                () -> alice.text("callStatus"));
    }

    @Test
    void calleeRejectingEndsTheCallForBoth() {
        signInBoth(backends.storeUrl());
        alice.type("dialBox", "bob");
        alice.click("dialButton");
        bob.waitUntil("the incoming call", 10, () -> bob.node("incomingCall").isVisible(), () -> "");
        assertEquals(Screen.CALL, alice.window.viewModel().screenProperty().get());
        bob.click("rejectCall");
        alice.waitUntil(
                "alice told",
                10,
                () -> alice.text("callMessage").equals("bob declined the call."),
                () -> alice.text("callMessage") + " / " + alice.text("callStatus"));
        assertEquals(Screen.CONTACTS, alice.window.viewModel().screenProperty().get());
        assertFalse(bob.node("incomingCall").isVisible());
        assertEquals("You declined the call from alice.", bob.text("callMessage"));
        assertNotEquals(
                Phase.IN_CALL, bob.window.viewModel().call().phaseProperty().get());
    }
}
