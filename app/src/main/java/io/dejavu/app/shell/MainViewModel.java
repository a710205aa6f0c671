package io.dejavu.app.shell;

import io.dejavu.app.call.CallViewModel;
import io.dejavu.app.call.CallViewModel.Phase;
import io.dejavu.app.common.NamedThreads;
import io.dejavu.app.contacts.BlockList;
import io.dejavu.app.contacts.ContactsViewModel;
import io.dejavu.app.session.Session;
import io.dejavu.app.session.SessionEvent;
import io.dejavu.app.session.SignInRequest;
import io.dejavu.app.session.UserLearning;
import io.dejavu.app.settings.AppSettings;
import io.dejavu.app.settings.LearningViewModel;
import io.dejavu.app.settings.SettingsStore;
import io.dejavu.app.settings.SettingsViewModel;
import io.dejavu.app.signin.SignInViewModel;
import java.io.IOException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app window's state: which screen shows, the signed-in session, and the screens' view
 * models. Session events arrive on service threads and are routed on the UI thread.
 *
 * <pre>{@code
 * MainViewModel vm = new MainViewModel(services, SettingsStore.standard(), Platform::runLater);
 * vm.signIn().serverUrlProperty().set("ws://127.0.0.1:8080/ws");
 * vm.signIn().signIn();          // screen becomes CONTACTS once signed in
 * }</pre>
 */
public final class MainViewModel implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MainViewModel.class);

    public enum Screen {
        SIGN_IN,
        CONTACTS,
        CALL,
        SETTINGS
    }

    private final SettingsStore store;
    private final Executor ui;
    private final ExecutorService background;
    private final ScheduledExecutorService ticker;
    private final AtomicReference<AppSettings> settings;
    private final SignInViewModel signIn;
    private final ContactsViewModel contacts;
    private final CallViewModel call;
    private final SettingsViewModel settingsVm;
    private final LearningViewModel learning;
    private final ReadOnlyObjectWrapper<Screen> screen = new ReadOnlyObjectWrapper<>(Screen.SIGN_IN);
    private final ReadOnlyBooleanWrapper incoming = new ReadOnlyBooleanWrapper(false);
    /** The window's title while nobody is signed in; the packaged app's test looks for it on X. */
    public static final String SIGNED_OUT_TITLE = "Dejavu — Sign in";

    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(SIGNED_OUT_TITLE);
    private final ReadOnlyBooleanWrapper settingsOpen = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper connectionNote = new ReadOnlyStringWrapper("");
    private Session session;

    public MainViewModel(AppServices services, SettingsStore store, Executor ui) {
        this.store = store;
        this.ui = ui;
        this.background = Executors.newCachedThreadPool(new NamedThreads("dejavu-app-io"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(new NamedThreads("dejavu-app-stats"));
        this.settings = new AtomicReference<>(store.load());
        this.call = new CallViewModel(
                ui, background, ticker, services.models(), services.enhancement(), services.ringer(), settings::get);
        this.contacts = new ContactsViewModel(call::dial, new BlockList() {
            @Override
            public void block(String user) {
                if (session != null) {
                    session.block(user);
                }
            }

            @Override
            public void unblock(String user) {
                if (session != null) {
                    session.unblock(user);
                }
            }
        });
        this.signIn = new SignInViewModel(services.sessions(), ui, background, this::onSignedIn);
        this.settingsVm = new SettingsViewModel(
                services.devices(), store, ui, background, settings::get, saved -> settings.set(saved));
        this.learning = new LearningViewModel(ui, background);
        signIn.prefill(settings.get());
        call.phaseProperty().addListener((o, was, now) -> updateScreen());
        settingsOpen.addListener((o, was, now) -> updateScreen());
    }

    /** Applies command-line choices over the remembered ones (not saved until sign-in). */
    public void override(String serverUrl, String user, String storeUrl) {
        if (storeUrl != null && !storeUrl.isBlank()) {
            signIn.storeUrlProperty().set(storeUrl);
        }
        if (serverUrl != null && !serverUrl.isBlank()) {
            signIn.serverUrlProperty().set(serverUrl);
        }
        if (user != null && !user.isBlank()) {
            if (!user.equals(signIn.userProperty().get())) {
                signIn.tokenProperty().set(""); // a remembered token belongs to the remembered user
            }
            signIn.userProperty().set(user);
        }
    }

    private void onSignedIn(Session newSession, SignInRequest request) {
        AppSettings updated = settings.get()
                .withSignIn(
                        request.server().toString(),
                        request.user(),
                        signIn.rememberProperty().get() ? request.token() : "")
                .withStoreUrl(signIn.storeUrlProperty().get());
        settings.set(updated);
        try {
            store.save(updated);
        } catch (IOException e) {
            log.warn("Could not remember the sign-in in {}: {}", store.file(), e.getMessage());
        }
        session = newSession;
        contacts.signedInAs(newSession.user());
        call.attach(newSession);
        title.set("Dejavu — " + newSession.user());
        newSession.setListener(event -> ui.execute(() -> route(newSession, event)));
        openLearning(newSession, updated.storeUrl());
        updateScreen();
    }

    /** Opens the user's learning off the UI thread (it reads their folder) and shows it in the settings. */
    private void openLearning(Session newSession, String storeUrl) {
        background.execute(() -> {
            UserLearning opened;
            try {
                opened = newSession.openLearning(storeUrl);
            } catch (IOException | RuntimeException e) {
                log.warn("Could not open the learning of {}", newSession.user(), e);
                opened = UserLearning.unavailable("Learning from calls is off: " + e.getMessage());
            }
            UserLearning l = opened;
            ui.execute(() -> {
                if (session == newSession) {
                    learning.attach(l);
                }
            });
        });
    }

    private void route(Session from, SessionEvent event) {
        if (from != session) {
            return; // a late event from a session signed out already
        }
        if (event instanceof SessionEvent.PresenceChanged p) {
            contacts.update(p.contacts());
        } else if (event instanceof SessionEvent.BlockListChanged b) {
            contacts.blockedUpdated(b.blocked());
        } else if (event instanceof SessionEvent.Reconnecting r) {
            connectionNote.set(r.reconnecting() ? "Connection to the server lost; reconnecting…" : "");
        } else if (event instanceof SessionEvent.Disconnected d) {
            signOut(d.reason());
        } else {
            call.handle(event);
        }
    }

    /** Signs out, ending any call; {@code reason} (may be empty) shows on the sign-in screen. */
    public void signOut(String reason) {
        Session s = session;
        session = null;
        call.detach("");
        learning.detach();
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException e) {
                log.warn("Closing the session failed", e);
            }
        }
        title.set(SIGNED_OUT_TITLE);
        connectionNote.set("");
        signIn.showSignedOut(reason);
        updateScreen();
    }

    public void openSettings() {
        settingsVm.load();
        settingsOpen.set(true);
    }

    public void closeSettings() {
        settingsOpen.set(false);
    }

    private void updateScreen() {
        Phase phase = call.phaseProperty().get();
        incoming.set(phase == Phase.INCOMING);
        if (phase == Phase.CALLING || phase == Phase.IN_CALL) {
            screen.set(Screen.CALL);
        } else if (settingsOpen.get()) {
            screen.set(Screen.SETTINGS);
        } else {
            screen.set(session == null ? Screen.SIGN_IN : Screen.CONTACTS);
        }
    }

    /**
     * Changes and saves settings without the settings screen (demos, tests).
     *
     * @throws IOException when the settings file cannot be written
     */
    public void updateSettings(java.util.function.UnaryOperator<AppSettings> change) throws IOException {
        AppSettings updated = change.apply(settings.get());
        store.save(updated);
        settings.set(updated);
    }

    /** The settings in force now. */
    public AppSettings settings() {
        return settings.get();
    }

    public SignInViewModel signIn() {
        return signIn;
    }

    public ContactsViewModel contacts() {
        return contacts;
    }

    public CallViewModel call() {
        return call;
    }

    public SettingsViewModel settingsScreen() {
        return settingsVm;
    }

    /** The "Learning from my calls" section of the settings. */
    public LearningViewModel learning() {
        return learning;
    }

    public ReadOnlyObjectProperty<Screen> screenProperty() {
        return screen.getReadOnlyProperty();
    }

    /** Whether an incoming call is ringing (shown over the current screen). */
    public ReadOnlyBooleanProperty incomingProperty() {
        return incoming.getReadOnlyProperty();
    }

    /** Empty while connected; a sentence while the connection is being resumed. */
    public ReadOnlyStringProperty connectionNoteProperty() {
        return connectionNote.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** Signs out and stops the app's threads. */
    @Override
    public void close() {
        signOut("");
        ticker.shutdownNow();
        background.shutdownNow();
    }
}
