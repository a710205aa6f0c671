package io.dejavu.app.shell;

import static io.dejavu.app.fakes.Fakes.DIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.app.call.ModelState;
import io.dejavu.app.call.Ringer;
import io.dejavu.app.fakes.FakeActiveCall;
import io.dejavu.app.fakes.FakeEnhancement;
import io.dejavu.app.fakes.FakeSession;
import io.dejavu.app.fakes.Fakes;
import io.dejavu.app.session.Contact;
import io.dejavu.app.session.SessionEvent;
import io.dejavu.app.settings.DeviceCatalog;
import io.dejavu.app.settings.SettingsStore;
import io.dejavu.app.shell.MainViewModel.Screen;
import io.dejavu.testing.Await;
import io.dejavu.testing.SampleFootage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MainViewModelTest {
    private final FakeSession session = new FakeSession("alice");

    private MainViewModel vm() throws Exception {
        DeviceCatalog none = new DeviceCatalog() {
            @Override
            public List<String> cameras() {
                return List.of();
            }

            @Override
            public List<String> microphones() {
                return List.of();
            }
        };
        AppServices services = new AppServices(
                r -> session,
                Fakes.fetcher(new ModelState.None("test")),
                new FakeEnhancement(),
                none,
                Ringer.SILENT,
                null);
        SettingsStore store = new SettingsStore(SampleFootage.tempDir("main-vm").resolve("app.properties"));
        MainViewModel vm = new MainViewModel(services, store, DIRECT);
        vm.signIn().serverUrlProperty().set("ws://127.0.0.1:1/signal");
        vm.signIn().userProperty().set("alice");
        vm.signIn().tokenProperty().set("t");
        return vm;
    }

    /** Sign-in runs on the view model's own background pool; wait for it like the UI would. */
    private static void signIn(MainViewModel vm) {
        vm.signIn().signIn();
        Await.until(
                "signed in", Duration.ofSeconds(5), () -> vm.screenProperty().get() == Screen.CONTACTS);
    }

    @Test
    void screensFollowSignInCallsAndSettings() throws Exception {
        try (MainViewModel vm = vm()) {
            assertEquals(Screen.SIGN_IN, vm.screenProperty().get());
            signIn(vm);
            assertEquals(Screen.CONTACTS, vm.screenProperty().get());
            vm.openSettings();
            assertEquals(Screen.SETTINGS, vm.screenProperty().get());
            vm.closeSettings();
            session.emit(new SessionEvent.IncomingCall("c1", "bob"));
            assertTrue(vm.incomingProperty().get());
            assertEquals(Screen.CONTACTS, vm.screenProperty().get());
            vm.call().accept();
            assertEquals(Screen.CALL, vm.screenProperty().get());
            session.emit(new SessionEvent.Connected("c1", "bob", new FakeActiveCall("t")));
            session.emit(new SessionEvent.Ended("c1", SessionEvent.EndReason.HUNG_UP, ""));
            assertEquals(Screen.CONTACTS, vm.screenProperty().get());
        }
    }

    @Test
    void presenceReachesTheContactsAndLosingTheServerSignsOut() throws Exception {
        try (MainViewModel vm = vm()) {
            signIn(vm);
            session.emit(new SessionEvent.PresenceChanged(List.of(new Contact("bob", Contact.Presence.ONLINE))));
            assertEquals(
                    List.of(new Contact("bob", Contact.Presence.ONLINE)),
                    vm.contacts().contacts());
            session.emit(new SessionEvent.Reconnecting(true));
            assertEquals(
                    "Connection to the server lost; reconnecting…",
                    vm.connectionNoteProperty().get());
            session.emit(new SessionEvent.Disconnected("The connection to the signaling server was lost."));
            assertEquals(Screen.SIGN_IN, vm.screenProperty().get());
            assertEquals(
                    "The connection to the signaling server was lost.",
                    vm.signIn().errorProperty().get());
            assertTrue(session.closed);
        }
    }

    @Test
    void titleSaysSignInUntilSomeoneIsSignedIn() throws Exception {
        try (MainViewModel vm = vm()) {
            assertEquals("Dejavu — Sign in", vm.titleProperty().get());
            signIn(vm);
            assertEquals("Dejavu — alice", vm.titleProperty().get());
            vm.signOut("");
            assertEquals("Dejavu — Sign in", vm.titleProperty().get());
        }
    }

    @Test
    void signInIsRemembered() throws Exception {
        try (MainViewModel vm = vm()) {
            vm.signIn().storeUrlProperty().set("http://127.0.0.1:2");
            signIn(vm);
            assertEquals(Screen.CONTACTS, vm.screenProperty().get());
            assertEquals("alice", vm.settings().user());
            assertEquals("t", vm.settings().token());
            assertEquals("http://127.0.0.1:2", vm.settings().storeUrl());
        }
    }

    @Test
    void tokenIsForgottenWhenNotToBeRemembered() throws Exception {
        try (MainViewModel vm = vm()) {
            vm.signIn().rememberProperty().set(false);
            signIn(vm);
            assertEquals(Screen.CONTACTS, vm.screenProperty().get());
            assertEquals("alice", vm.settings().user());
            assertEquals("", vm.settings().token());
        }
    }
}
