package io.dejavu.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.app.call.CallViewModel.Phase;
import io.dejavu.app.session.Contact;
import io.dejavu.app.shell.MainViewModel.Screen;
import io.dejavu.testing.SampleFootage;
import java.nio.file.Path;
import javafx.scene.control.ListView;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;

/**
 * Blocking through the windows against a real signaling server: from the incoming-call prompt,
 * then unblocking from the contacts list. No media: the blocked call never connects.
 */
class BlockUiTest {
    private static Backends backends;
    private AppDriver bob;
    private AppDriver mallory;

    @BeforeAll
    static void startBackends() throws Exception {
        FxToolkit.registerPrimaryStage();
        backends = new Backends("bob", "mallory");
    }

    @AfterAll
    static void stopBackends() {
        if (backends != null) {
            backends.close();
        }
    }

    @BeforeEach
    void openWindows() throws Exception {
        Path dir = SampleFootage.tempDir("ui-block");
        bob = AppDriver.open(dir, "bob", 0, Backends.media());
        mallory = AppDriver.open(dir, "mallory", 960, Backends.media());
        String server = backends.signalingUri().toString();
        bob.signIn(server, "bob", backends.tokens.get("bob"), "");
        mallory.signIn(server, "mallory", backends.tokens.get("mallory"), "");
        for (AppDriver d : new AppDriver[] {bob, mallory}) {
            d.waitUntil(
                    "the contacts screen",
                    15,
                    () -> d.window.viewModel().screenProperty().get() == Screen.CONTACTS,
                    () -> d.text("signInError"));
        }
    }

    @AfterEach
    void closeWindows() throws Exception {
        if (bob != null) {
            bob.close();
        }
        if (mallory != null) {
            mallory.close();
        }
    }

    private static boolean lists(AppDriver d, Contact contact) {
        return ((ListView<?>) d.node("contacts")).getItems().contains(contact);
    }

    @Test
    void blockingFromTheIncomingPromptEndsTheCallAndUnblockingFromContactsUndoesIt() {
        mallory.waitUntil(
                "bob online for mallory",
                10,
                () -> lists(mallory, new Contact("bob", Contact.Presence.ONLINE)),
                () -> ((ListView<?>) mallory.node("contacts")).getItems().toString());
        mallory.click("call-bob");
        bob.waitUntil(
                "the incoming-call prompt",
                10,
                () -> bob.node("incomingCall").isVisible(),
                () -> bob.window.viewModel().call().phaseProperty().get().toString());

        bob.click("blockCaller");

        mallory.waitUntil(
                "mallory's call ends",
                10,
                () -> mallory.window.viewModel().call().phaseProperty().get() == Phase.IDLE,
                () -> mallory.window.viewModel().call().statusProperty().get());
        assertEquals(Phase.IDLE, bob.window.viewModel().call().phaseProperty().get());
        bob.waitUntil("an Unblock button for mallory", 10, () -> bob.has("unblock-mallory"), () -> "");
        // bob now looks offline to mallory
        mallory.waitUntil(
                "bob offline for mallory",
                10,
                () -> lists(mallory, new Contact("bob", Contact.Presence.OFFLINE)),
                () -> ((ListView<?>) mallory.node("contacts")).getItems().toString());

        bob.click("unblock-mallory");
        bob.waitUntil("a Block button for mallory again", 10, () -> bob.has("block-mallory"), () -> "");
        mallory.waitUntil(
                "bob online again for mallory",
                10,
                () -> lists(mallory, new Contact("bob", Contact.Presence.ONLINE)),
                () -> ((ListView<?>) mallory.node("contacts")).getItems().toString());
    }
}
