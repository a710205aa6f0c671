package io.dejavu.app.shell;

import io.dejavu.app.settings.SettingsStore;
import java.util.Objects;
import javafx.application.Platform;
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
