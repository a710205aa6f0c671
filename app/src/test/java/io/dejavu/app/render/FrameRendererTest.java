package io.dejavu.app.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.video.I420Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.image.Image;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

class FrameRendererTest {
    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @Test
    void showsTheNewestFrameInTheImage() throws Exception {
        try (FrameRenderer r = new FrameRenderer("test-colour", Platform::runLater)) {
            r.submit(I420ToArgbTest.solid(64, 32, 81, 90, 240)); // red
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> r.presentedCount() == 1);
            Image img = WaitForAsyncUtils.asyncFx(() -> r.imageProperty().get()).get();
            assertEquals(64, img.getWidth());
            assertEquals(32, img.getHeight());
            int argb = WaitForAsyncUtils.asyncFx(() -> img.getPixelReader().getArgb(10, 10))
                    .get();
            assertEquals(0xff, (argb >>> 16) & 0xff);
            assertTrue((argb & 0xff) < 3, Integer.toHexString(argb));
        }
    }

    @Test
    void framesArrivingFasterThanTheStreamRateAreDroppedNotQueued() throws Exception {
        I420Frame[] frames = new I420Frame[100];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = I420ToArgbTest.solid(320, 180, 16 + i, 128, 128);
        }
        try (FrameRenderer r = new FrameRenderer("test-rate", Platform::runLater)) {
            r.setMaxFps(1);
            r.submit(frames[0]);
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> r.presentedCount() == 1);
            // 99 frames inside the one-second frame interval that just began: only the newest may follow
            for (int i = 1; i < frames.length; i++) {
                r.submit(frames[i]);
            }
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> r.presentedCount() == 2);
            assertEquals(100, r.receivedCount());
            assertEquals(98, r.droppedCount(), "every frame but the first and the newest is dropped");
            int y = WaitForAsyncUtils.asyncFx(
                            () -> r.imageProperty().get().getPixelReader().getArgb(0, 0) & 0xff)
                    .get();
            assertEquals(I420ToArgbRef.grey(16 + 99), y, 1, "the last frame is the one left on screen");
            assertEquals(2, r.presentedCount(), "nothing queued behind the newest frame");
        }
    }

    @Test
    void sizeChangesGiveANewImage() throws Exception {
        try (FrameRenderer r = new FrameRenderer("test-size", Platform::runLater)) {
            r.setMaxFps(1000);
            r.submit(I420Frame.blank(32, 16));
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> r.presentedCount() == 1);
            r.submit(I420Frame.blank(64, 48));
            WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> r.presentedCount() == 2);
            assertEquals(
                    48.0,
                    WaitForAsyncUtils.asyncFx(() -> r.imageProperty().get().getHeight())
                            .get());
        }
    }

    @Test
    void twoBuffersTakeTurnsAndAreReusedWhileTheSizeStays() throws Exception {
        try (FrameRenderer r = new FrameRenderer("test-swap", Platform::runLater)) {
            r.setMaxFps(1000);
            List<Image> shown = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                r.submit(I420ToArgbTest.solid(64, 32, 40 + 40 * i, 128, 128));
                int presented = i + 1;
                WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> r.presentedCount() == presented);
                shown.add(
                        WaitForAsyncUtils.asyncFx(() -> r.imageProperty().get()).get());
            }
            assertNotSame(shown.get(0), shown.get(1), "the next frame is converted off screen, into the other buffer");
            assertSame(shown.get(0), shown.get(2), "no new buffer per frame");
            assertSame(shown.get(1), shown.get(3));
            int grey = WaitForAsyncUtils.asyncFx(
                            () -> shown.get(3).getPixelReader().getArgb(5, 5) & 0xff)
                    .get();
            assertEquals(I420ToArgbRef.grey(160), grey, 1, "the reused buffer holds the newest frame");
        }
    }

    @Test
    void closedRendererIgnoresFrames() throws Exception {
        FrameRenderer r = new FrameRenderer("test-closed", Platform::runLater);
        r.close();
        r.submit(I420Frame.blank(32, 16));
        assertEquals(0, r.receivedCount(), "a closed renderer takes no frame");
        assertEquals(0, r.presentedCount());
    }

    /** Grey level an I420 luma value becomes (chroma neutral). */
    static final class I420ToArgbRef {
        static int grey(int y) {
            return Math.max(0, Math.min(255, (298 * (y - 16) + 128) >> 8));
        }
    }
}
