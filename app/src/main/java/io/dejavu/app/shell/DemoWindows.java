package io.dejavu.app.shell;

import io.dejavu.app.services.SharedMediaRuntime;
import io.dejavu.app.settings.SettingsStore;
import io.dejavu.call.MediaRuntime;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Platform;
import javafx.stage.Stage;

/**
 * The demo with windows: two app instances in one process, signed in as alice and bob against the
 * demo's servers; alice sends her call footage as her camera and dials bob, whose window answers
 * on its own and shows alice in the split view (decoded left, enhanced right) with the stats
 * overlay. Returns when both windows are closed. The demo command ({@code ./dejavu demo}, cli module)
 * starts the servers and prepares the footage; the windows are the app's.
 */
public final class DemoWindows {
    /**
     * What the two windows need: the servers, both users, a work folder for their settings and
     * model caches, alice's footage, bob's (if any) and the send bitrate.
     */
    public record Setup(
            URI signaling,
            URI store,
            String caller,
            String callerToken,
            String callee,
            String calleeToken,
            Path work,
            Path callerClip,
            Optional<Path> calleeClip,
            int bitrateKbps) {}

    private DemoWindows() {}

    /** Opens both windows, places the call and returns 0 once both are closed. */
    public static int run(Setup setup, PrintWriter err) throws IOException, InterruptedException {
        Path work = setup.work();
        CountDownLatch closed = new CountDownLatch(2);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<AutoCloseable> resources = new ArrayList<>();
        SharedMediaRuntime media = new SharedMediaRuntime(MediaRuntime.Audio.AUTO);
        resources.add(media);
        Platform.setImplicitExit(false);
        CountDownLatch started = new CountDownLatch(1);
        Platform.startup(started::countDown);
        started.await();
        Platform.runLater(() -> {
            try {
                AppServices aliceServices =
                        ProductionServices.create(media, Files.createDirectories(work.resolve("alice-models")));
                AppServices bobServices =
                        ProductionServices.create(media, Files.createDirectories(work.resolve("bob-models")));
                resources.add(0, aliceServices);
                resources.add(0, bobServices);
                AppWindow alice = open(aliceServices, work.resolve("alice-settings.json"), 40, closed);
                AppWindow bob = open(bobServices, work.resolve("bob-settings.json"), 1000, closed);
                alice.useVideoFile(setup.callerClip(), setup.bitrateKbps());
                if (setup.calleeClip().isPresent()) {
                    bob.useVideoFile(setup.calleeClip().get(), setup.bitrateKbps());
                }
                bob.viewModel().call().autoAnswerProperty().set(true);
                bob.viewModel().call().splitViewProperty().set(true);
                bob.viewModel().call().statsVisibleProperty().set(true);
                String signaling = setup.signaling().toString();
                String store = setup.store().toString();
                bob.signIn(signaling, setup.callee(), setup.calleeToken(), store);
                alice.signIn(signaling, setup.caller(), setup.callerToken(), store);
                alice.dialWhenOnline(setup.callee());
            } catch (IOException | RuntimeException e) {
                failure.set(e);
                closed.countDown();
                closed.countDown();
            }
        });
        err.println("demo: two windows open (alice calls bob); close both to end the demo");
        err.flush();
        closed.await();
        Platform.exit();
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                err.println("demo: closing " + r + " failed: " + e.getMessage());
            }
        }
        if (failure.get() != null) {
            throw new IOException("the demo windows failed: " + failure.get().getMessage(), failure.get());
        }
        return 0;
    }

    private static AppWindow open(AppServices services, Path settings, double x, CountDownLatch closed) {
        Stage stage = new Stage();
        stage.setX(x);
        stage.setY(60);
        AppWindow window = AppWindow.open(stage, services, new SettingsStore(settings));
        stage.setOnHidden(e -> {
            window.close();
            closed.countDown();
        });
        return window;
    }
}
