package io.dejavu.app.shell;

import io.dejavu.app.session.Contact;
import io.dejavu.app.settings.SettingsStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import javafx.application.Platform;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * One Dejavu window: a stage showing {@link MainView} over a {@link MainViewModel}. The app opens
 * one; the demo and the UI tests open two in one JVM and drive them through {@link #viewModel()}.
 *
 * <pre>{@code
 * // on the FX thread
 * AppWindow alice = AppWindow.open(new Stage(), services, new SettingsStore(dir.resolve("alice.properties")));
 * alice.viewModel().signIn().serverUrlProperty().set(url);
 * alice.viewModel().signIn().userProperty().set("alice");
 * alice.viewModel().signIn().tokenProperty().set(token);
 * alice.viewModel().signIn().signIn();           // then: alice.viewModel().call().dial("bob")
 *
 * // or, for a demo: two windows that call each other with a file as the camera
 * AppWindow bob = AppWindow.open(new Stage(), ProductionServices.create(media, cache), bobSettings);
 * bob.viewModel().call().autoAnswerProperty().set(true);
 * bob.viewModel().call().splitViewProperty().set(true);
 * alice.useVideoFile(clip, 150);
 * bob.useVideoFile(clip, 150);
 * alice.signIn(signalingUrl, "alice", aliceToken, storeUrl);
 * bob.signIn(signalingUrl, "bob", bobToken, storeUrl);
 * alice.dialWhenOnline("bob");
 * }</pre>
 */
public final class AppWindow implements AutoCloseable {
    private final Stage stage;
    private final MainViewModel viewModel;
    private final MainView view;

    private AppWindow(Stage stage, MainViewModel viewModel, MainView view) {
        this.stage = stage;
        this.viewModel = viewModel;
        this.view = view;
    }

    /** Builds the window on {@code stage} and shows it. Call on the FX thread. */
    public static AppWindow open(Stage stage, AppServices services, SettingsStore settings) {
        if (!Platform.isFxApplicationThread()) {
            throw new IllegalStateException("AppWindow.open must run on the JavaFX thread, not "
                    + Thread.currentThread().getName());
        }
        Objects.requireNonNull(stage, "stage");
        MainViewModel vm = new MainViewModel(services, settings, Platform::runLater);
        MainView view = new MainView(vm, Platform::runLater);
        Scene scene = new Scene(view, 960, 640);
        scene.getStylesheets()
                .add(Objects.requireNonNull(AppWindow.class.getResource("/io/dejavu/app/dejavu.css"))
                        .toExternalForm());
        stage.setScene(scene);
        stage.titleProperty().bind(vm.titleProperty());
        stage.setMinWidth(640);
        stage.setMinHeight(480);
        AppWindow window = new AppWindow(stage, vm, view);
        stage.setOnHidden(e -> window.close());
        stage.show();
        return window;
    }

    /**
     * Fills the sign-in form and presses Sign in, as a person would; the window shows the contacts
     * once the server accepts. Call on the FX thread.
     */
    public void signIn(String serverUrl, String user, String token, String storeUrl) {
        var form = viewModel.signIn();
        form.serverUrlProperty().set(serverUrl);
        form.userProperty().set(user);
        form.tokenProperty().set(token);
        form.storeUrlProperty().set(storeUrl == null ? "" : storeUrl);
        form.signIn();
    }

    /**
     * Sends {@code video} (looping) instead of the camera, capped at {@code kbps}. Call on the FX
     * thread, before the call starts.
     *
     * @throws IOException when the window's settings cannot be saved
     */
    public void useVideoFile(Path video, int kbps) throws IOException {
        viewModel.updateSettings(s ->
                s.withMedia(s.camera(), s.microphone(), video.toAbsolutePath().toString(), kbps, s.kPolicy()));
    }

    /**
     * Calls {@code peer} as soon as they show up online in this window's contacts (at once if they
     * already are). Call on the FX thread.
     */
    public void dialWhenOnline(String peer) {
        ObservableList<Contact> contacts = viewModel.contacts().contacts();
        Contact online = new Contact(peer, Contact.Presence.ONLINE);
        if (contacts.contains(online)) {
            viewModel.contacts().dial(peer);
            return;
        }
        contacts.addListener(new ListChangeListener<>() {
            @Override
            public void onChanged(Change<? extends Contact> change) {
                if (contacts.contains(online)) {
                    contacts.removeListener(this);
                    viewModel.contacts().dial(peer);
                }
            }
        });
    }

    public Stage stage() {
        return stage;
    }

    public MainViewModel viewModel() {
        return viewModel;
    }

    public MainView view() {
        return view;
    }

    /** Ends any call, signs out and frees the renderers. Idempotent; call on the FX thread. */
    @Override
    public void close() {
        viewModel.close();
        view.close();
    }
}
