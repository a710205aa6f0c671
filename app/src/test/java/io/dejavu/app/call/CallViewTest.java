package io.dejavu.app.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.dejavu.app.fakes.FakeActiveCall;
import io.dejavu.app.fakes.FakeEnhancement;
import io.dejavu.app.fakes.FakeSession;
import io.dejavu.app.fakes.Fakes;
import io.dejavu.app.session.SessionEvent;
import io.dejavu.app.settings.AppSettings;
import io.dejavu.protocol.video.I420Frame;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.image.Image;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The call view's pictures, fed by a (fake) enhancement run through the view's own renderers. */
class CallViewTest {
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
    private final FakeEnhancement enhancement = new FakeEnhancement();
    private CallView view;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void close() {
        ticker.shutdownNow();
        if (view != null) {
            view.close();
        }
    }

    private CallViewModel inCall() throws Exception {
        return WaitForAsyncUtils.asyncFx(() -> {
                    CallViewModel vm = new CallViewModel(
                            Platform::runLater,
                            Fakes.DIRECT,
                            ticker,
                            r -> new ModelState.None("test"),
                            enhancement,
                            new Fakes.RecordingRinger(),
                            AppSettings::defaults);
                    vm.attach(new FakeSession("alice"));
                    view = new CallView(vm, Platform::runLater);
                    vm.dial("bob");
                    vm.handle(new SessionEvent.Connected("c1", "bob", new FakeActiveCall(null)));
                    return vm;
                })
                .get();
    }

    private static EnhancementReport passedThrough() {
        return EnhancementReport.passThrough("no model");
    }

    @Test
    void theRunsFramesReachTheLargePictureThroughTheViewsRenderer() throws Exception {
        inCall();
        I420Frame frame = I420Frame.blank(64, 32);
        enhancement.emit(frame, frame, passedThrough());
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> view.remoteRenderer().presentedCount() == 1);
        Image shown = WaitForAsyncUtils.asyncFx(
                        () -> view.videoPane().enhancedView().getImage())
                .get();
        assertSame(view.remoteRenderer().imageProperty().get(), shown);
        assertEquals(64, shown.getWidth());
    }

    @Test
    void theDecodedPictureIsDrawnOnlyWhileTheSplitViewIsOn() throws Exception {
        CallViewModel vm = inCall();
        I420Frame decoded = I420Frame.blank(64, 32);
        enhancement.emit(decoded, decoded.copy(), passedThrough());
        WaitForAsyncUtils.waitFor(
                5, TimeUnit.SECONDS, () -> view.remoteRenderer().presentedCount() == 1);
        assertNull(
                WaitForAsyncUtils.asyncFx(() -> view.videoPane().decodedView().getImage())
                        .get(),
                "split view off: the decoded picture is not converted");

        WaitForAsyncUtils.asyncFx(() -> vm.splitViewProperty().set(true)).get();
        enhancement.emit(decoded, decoded.copy(), passedThrough());
        WaitForAsyncUtils.waitFor(
                5,
                TimeUnit.SECONDS,
                () -> WaitForAsyncUtils.asyncFx(
                                        () -> view.videoPane().decodedView().getImage())
                                .get()
                        != null);
    }
}
