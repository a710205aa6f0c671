package io.dejavu.cli.demo;

import io.dejavu.app.services.SharedMediaRuntime;
import io.dejavu.app.settings.SettingsStore;
import io.dejavu.app.shell.AppServices;
import io.dejavu.app.shell.AppWindow;
import io.dejavu.app.shell.ProductionServices;
import io.dejavu.call.MediaRuntime;
import java.io.IOException;
import java.io.PrintWriter;
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
 * overlay. Returns when both windows are closed.
 */
final class WindowedDemo {
    private WindowedDemo() {}

    static int run(DemoServers servers, DemoFootage footage, HeadlessDemo.Settings settings, PrintWriter err)
            throws IOException, InterruptedException {
        Path work = footage.callPart().getParent().getParent();
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
                alice.useVideoFile(footage.callPart(), settings.bitrateKbps());
                Optional<Path> bobClip = DemoFootage.calleeClip();
                if (bobClip.isPresent()) {
                    bob.useVideoFile(bobClip.get(), settings.bitrateKbps());
                }
                bob.viewModel().call().autoAnswerProperty().set(true);
                bob.viewModel().call().splitViewProperty().set(true);
                bob.viewModel().call().statsVisibleProperty().set(true);
                String signaling = servers.signalingUri().toString();
                String store = servers.storeUri().toString();
                bob.signIn(signaling, DemoServers.CALLEE, servers.calleeToken(), store);
                alice.signIn(signaling, DemoServers.CALLER, servers.callerToken(), store);
                alice.dialWhenOnline(DemoServers.CALLEE);
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
