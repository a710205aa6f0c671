package io.dejavu.app.desktop;

import io.dejavu.app.shell.DejavuApplication;
import io.dejavu.app.shell.ProductionServices;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import javafx.application.Application;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./dejavu app [--server URL] [--user NAME]}: opens the desktop app. */
@Command(
        name = "app",
        mixinStandardHelpOptions = true,
        description = "Start the Dejavu desktop app (needs a display; under Xvfb install libgtk-3-0).")
public final class AppCommand implements Callable<Integer> {
    @Option(names = "--server", paramLabel = "URL", description = "signaling server, e.g. ws://127.0.0.1:8080/signal")
    String server;

    @Option(names = "--user", paramLabel = "NAME", description = "user name to sign in as")
    String user;

    @Option(names = "--store", paramLabel = "URL", description = "caller-model store, e.g. http://127.0.0.1:8090")
    String store;

    @Option(names = "--video", paramLabel = "FILE", description = "send this video file instead of the camera")
    java.nio.file.Path video;

    @Override
    public Integer call() {
        if (System.getenv("DISPLAY") == null
                && System.getenv("WAYLAND_DISPLAY") == null
                && !"Monocle".equals(System.getProperty("glass.platform"))
                && System.getProperty("os.name", "")
                        .toLowerCase(java.util.Locale.ROOT)
                        .contains("linux")) {
            throw new IllegalStateException("no display (DISPLAY is not set): run the app on a desktop, or under"
                    + " Xvfb (apt-get install xvfb libgtk-3-0; xvfb-run ./dejavu app); for numbers without"
                    + " windows use ./dejavu demo --headless");
        }
        List<String> args = new ArrayList<>();
        if (server != null) {
            args.add("--server=" + server);
        }
        if (user != null) {
            args.add("--user=" + user);
        }
        if (video != null) {
            if (!java.nio.file.Files.isRegularFile(video)) {
                throw new IllegalStateException("video file not found: " + video);
            }
            args.add("--video=" + video.toAbsolutePath());
        }
        if (store != null) {
            args.add("--store=" + store);
        }
        DejavuApplication.useServices(ProductionServices::create);
        Application.launch(DejavuApplication.class, args.toArray(String[]::new));
        return 0;
    }
}
