package io.dejavu.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.dejavu.app.shell.TwoWindowCall;
import io.dejavu.testing.Await;
import io.dejavu.testing.SampleFootage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The demo's way in: two windows that call each other without anyone clicking. */
class TwoWindowCallIT {
    @Test
    void twoWindowsCallEachOtherAndTheCalleeSeesTheCallerThroughThePersonalModel() throws Exception {
        FxToolkit.registerPrimaryStage();
        Platform.setImplicitExit(false);
        Path clip = SampleFootage.require(SampleFootage.ONE_MAN);
        try (Backends backends = new Backends("carol", "dave")) {
            backends.publishModel("carol");
            try (TwoWindowCall call = TwoWindowCall.open(
                    Backends.media(),
                    SampleFootage.tempDir("two-windows"),
                    backends.signalingUri(),
                    backends.storeUrl(),
                    new TwoWindowCall.Party("carol", backends.tokens.get("carol")),
                    new TwoWindowCall.Party("dave", backends.tokens.get("dave")),
                    clip,
                    200)) {
                call.connected().get(40, TimeUnit.SECONDS);
                WaitForAsyncUtils.waitFor(40, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(() -> call.callee()
                                .viewModel()
                                .call()
                                .statsProperty()
                                .get()
                                .enhancement()
                                .startsWith("enhancing"))
                        .get());
                assertEquals(
                        "personal model v1",
                        WaitForAsyncUtils.asyncFx(() -> call.callee()
                                        .viewModel()
                                        .call()
                                        .modelStateProperty()
                                        .get()
                                        .describe())
                                .get());
                assertTrue(call.callee().viewModel().call().splitViewProperty().get());
            }
        }
        assertNoAppThreadsLeft();
    }

    /** Closing the windows stops every thread the app started (renderers, sessions, pipelines, calls). */
    static void assertNoAppThreadsLeft() throws Exception {
        java.util.function.Supplier<java.util.List<String>> left = () -> Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(n -> n.startsWith("dejavu-render-")
                        || n.startsWith("dejavu-session-")
                        || n.startsWith("dejavu-enhancer-")
                        || n.startsWith("dejavu-preview-")
                        || n.startsWith("dejavu-call-")
                        || n.startsWith("dejavu-app-")
                        || n.startsWith("signaling-client-"))
                .sorted()
                .toList();
        try {
            Await.until("the app's threads end", Duration.ofSeconds(15), () -> left.get()
                    .isEmpty());
        } catch (AssertionError e) {
            fail("threads still running after the windows closed: " + left.get(), e);
        }
    }
}
