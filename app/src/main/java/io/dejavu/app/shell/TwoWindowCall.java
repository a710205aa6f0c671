package io.dejavu.app.shell;

import io.dejavu.app.call.CallViewModel.Phase;
import io.dejavu.app.services.SharedMediaRuntime;
import io.dejavu.app.settings.SettingsStore;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.beans.value.ChangeListener;
import javafx.geometry.Rectangle2D;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two app windows, side by side, that sign in and call each other with a video file as the camera:
 * the callee answers by itself and shows the caller in the split view (decoded | enhanced). Made
 * for the one-command demo; each window has its own settings file and model cache under
 * {@code workDir}.
 *
 * <pre>{@code
 * try (SharedMediaRuntime media = new SharedMediaRuntime(MediaRuntime.Audio.HEADLESS);
 *         TwoWindowCall call = TwoWindowCall.open(media, workDir, signaling.uri(), store.uri().toString(),
 *                 new TwoWindowCall.Party("alice", aliceToken), new TwoWindowCall.Party("bob", bobToken),
 *                 clip, 150)) {
 *     call.connected().get(30, TimeUnit.SECONDS);
 *     call.closed().join();                 // until the person closes both windows
 * }
 * }</pre>
 */
public final class TwoWindowCall implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TwoWindowCall.class);

    /** Who signs in to one window. */
    public record Party(String user, String token) {
        public Party {
            if (user == null || user.isBlank() || token == null || token.isBlank()) {
                throw new IllegalArgumentException("a party needs a user name and a token, got user '" + user + "'");
            }
        }
    }

    private final AppWindow caller;
    private final AppWindow callee;
    private final List<AppServices> services;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    private TwoWindowCall(AppWindow caller, AppWindow callee, List<AppServices> services) {
        this.caller = caller;
        this.callee = callee;
        this.services = services;
    }

    /**
     * Starts JavaFX if needed, opens both windows and starts the call. Returns once the windows are
     * up; {@link #connected()} completes when both are in the call.
     *
     * @param media the process's libwebrtc runtime (the caller closes it after this)
     * @param workDir where each window keeps its settings and model cache
     * @param signaling the signaling server, e.g. {@code ws://127.0.0.1:PORT/signal}
     * @param storeUrl the model store, e.g. {@code http://127.0.0.1:PORT}; empty for no models
     * @param video the clip both sides send as their camera (looping)
     * @param kbps the video bitrate cap of both sides
     */
    public static TwoWindowCall open(
            SharedMediaRuntime media,
            Path workDir,
            URI signaling,
            String storeUrl,
            Party callerParty,
            Party calleeParty,
            Path video,
            int kbps)
            throws InterruptedException, ExecutionException, TimeoutException {
        startToolkit();
        CompletableFuture<TwoWindowCall> opened = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                Rectangle2D screen = Screen.getPrimary().getVisualBounds();
                double width = Math.min(960, screen.getWidth() / 2);
                double height = Math.min(720, screen.getHeight());
                AppServices callerServices =
                        ProductionServices.create(media, workDir.resolve("models-" + callerParty.user()));
                AppServices calleeServices =
                        ProductionServices.create(media, workDir.resolve("models-" + calleeParty.user()));
                AppWindow a =
                        window(callerServices, workDir, callerParty, screen.getMinX(), screen.getMinY(), width, height);
                AppWindow b = window(
                        calleeServices,
                        workDir,
                        calleeParty,
                        screen.getMinX() + width,
                        screen.getMinY(),
                        width,
                        height);
                TwoWindowCall call = new TwoWindowCall(a, b, List.of(callerServices, calleeServices));
                b.viewModel().call().autoAnswerProperty().set(true);
                b.viewModel().call().splitViewProperty().set(true);
                a.useVideoFile(video, kbps);
                b.useVideoFile(video, kbps);
                call.watch();
                b.signIn(signaling.toString(), calleeParty.user(), calleeParty.token(), storeUrl);
                a.signIn(signaling.toString(), callerParty.user(), callerParty.token(), storeUrl);
                a.dialWhenOnline(calleeParty.user());
                opened.complete(call);
            } catch (Exception | Error e) {
                opened.completeExceptionally(e);
            }
        });
        return opened.get(30, TimeUnit.SECONDS);
    }

    private static AppWindow window(
            AppServices services, Path workDir, Party party, double x, double y, double w, double h) {
        AppWindow window = AppWindow.open(
                new Stage(), services, new SettingsStore(workDir.resolve("settings-" + party.user() + ".properties")));
        Stage stage = window.stage();
        stage.setX(x);
        stage.setY(y);
        stage.setWidth(w);
        stage.setHeight(h);
        return window;
    }

    private static void startToolkit() {
        try {
            Platform.startup(() -> {});
        } catch (IllegalStateException alreadyRunning) {
            // the toolkit is up (the app, a test, or an earlier demo)
        }
    }

    private void watch() {
        ChangeListener<Phase> check = (o, was, now) -> {
            if (caller.viewModel().call().phaseProperty().get() == Phase.IN_CALL
                    && callee.viewModel().call().phaseProperty().get() == Phase.IN_CALL) {
                connected.complete(null);
            }
        };
        caller.viewModel().call().phaseProperty().addListener(check);
        callee.viewModel().call().phaseProperty().addListener(check);
        List<Stage> open = new ArrayList<>(List.of(caller.stage(), callee.stage()));
        for (Stage s : List.copyOf(open)) {
            s.showingProperty().addListener((o, was, now) -> {
                if (!now) {
                    open.remove(s);
                    if (open.isEmpty()) {
                        closed.complete(null);
                    }
                }
            });
        }
    }

    /** Completes when both windows are in the call. */
    public CompletableFuture<Void> connected() {
        return connected;
    }

    /** Completes when the person has closed both windows. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    public AppWindow caller() {
        return caller;
    }

    public AppWindow callee() {
        return callee;
    }

    /** Closes both windows (ending the call) and their services. Idempotent; any thread. */
    @Override
    public void close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Runnable closeAll = () -> {
            caller.stage().close();
            callee.stage().close();
            done.complete(null);
        };
        if (Platform.isFxApplicationThread()) {
            closeAll.run();
        } else {
            Platform.runLater(closeAll);
            try {
                done.get(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                log.warn("Closing the demo windows did not finish: {}", e.toString());
            }
        }
        for (AppServices s : services) {
            try {
                s.close();
            } catch (Exception e) {
                log.warn("Closing services failed", e);
            }
        }
    }
}
