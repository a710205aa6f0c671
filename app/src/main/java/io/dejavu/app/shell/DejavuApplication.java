package io.dejavu.app.shell;

import io.dejavu.app.settings.SettingsStore;
import java.util.Map;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.stage.Stage;

/**
 * The JavaFX application the {@code app} command launches. Parameters {@code --server=URL} and
 * {@code --user=NAME} and {@code --store=URL} pre-fill the sign-in screen. The services come from {@link #servicesFactory}
 * (set by the launcher before {@link Application#launch}).
 */
public final class DejavuApplication extends Application {
    private static volatile Supplier<AppServices> servicesFactory;
    private AppServices services;
    private AppWindow window;

    /** Chooses the services the next launch uses. */
    public static void useServices(Supplier<AppServices> factory) {
        servicesFactory = factory;
    }

    @Override
    public void start(Stage stage) throws java.io.IOException {
        Supplier<AppServices> factory = servicesFactory;
        if (factory == null) {
            throw new IllegalStateException("DejavuApplication.useServices must be called before launch");
        }
        services = factory.get();
        window = AppWindow.open(stage, services, SettingsStore.standard());
        Map<String, String> named = getParameters().getNamed();
        window.viewModel().override(named.get("server"), named.get("user"), named.get("store"));
        if (named.containsKey("video")) {
            window.useVideoFile(
                    java.nio.file.Path.of(named.get("video")),
                    window.viewModel().settings().targetBitrateKbps());
        }
    }

    @Override
    public void stop() {
        if (window != null) {
            window.close();
        }
        if (services != null) {
            try {
                services.close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(DejavuApplication.class).warn("Closing services failed", e);
            }
        }
    }
}
