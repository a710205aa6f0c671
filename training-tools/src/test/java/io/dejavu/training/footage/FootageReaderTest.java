package io.dejavu.training.footage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestClips;
import io.dejavu.training.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Clips written by the test (lossless), read back through FFmpeg as training reads footage. */
class FootageReaderTest {
    private static Path dir;
    private static Path wide;
    private static Path tall;

    @BeforeAll
    static void writeClips() throws Exception {
        dir = SampleFootage.tempDir("footage");
        wide = TestClips.write(dir.resolve("wide.mkv"), 128, 64, 10, 12);
        tall = TestClips.write(dir.resolve("tall.mkv"), 64, 128, 10, 12);
    }

    /** The {@code w x h} window at (x0, y0) of frame {@code t} of a {@code srcW}-wide clip. */
    private static byte[] window(int srcW, int srcH, int t, int x0, int y0, int w, int h) {
        byte[] all = TestClips.luma(srcW, srcH, t);
        byte[] out = new byte[w * h];
        for (int row = 0; row < h; row++) {
            System.arraycopy(all, (y0 + row) * srcW + x0, out, row * w, w);
        }
        return out;
    }

    @Test
    void atItsOwnSizeEveryLumaValueComesBackAsWrittenNotRescaledAsGrayWouldBe() {
        Footage f = FootageReader.read(wide, Optional.empty(), 100);
        assertEquals(new FrameSize(128, 64), f.size());
        assertEquals(12, f.frames().size());
        assertEquals(10.0, f.fps(), 1e-6);
        assertEquals(1.2, f.seconds(), 1e-9);
        for (int t = 0; t < 12; t++) {
            I420Frame frame = f.frames().get(t);
            assertArrayEquals(TestClips.luma(128, 64, t), frame.y(), "frame " + t);
            assertEquals(TestClips.CHROMA, frame.u()[0] & 0xFF);
            assertEquals(t, frame.index());
        }
    }

    @Test
    void aWideClipIsScaledToCoverTheCallSizeAndItsMiddleKept() {
        Footage f = FootageReader.read(wide, Optional.of(new FrameSize(64, 64)), 100);
        assertEquals(new FrameSize(64, 64), f.size());
        for (int t = 0; t < f.frames().size(); t++) {
            assertArrayEquals(
                    window(128, 64, t, 32, 0, 64, 64), f.frames().get(t).y(), "frame " + t);
        }
    }

    @Test
    void aTallClipKeepsItsMiddleRows() {
        Footage f = FootageReader.read(tall, Optional.of(new FrameSize(64, 64)), 100);
        for (int t = 0; t < f.frames().size(); t++) {
            assertArrayEquals(
                    window(64, 128, t, 0, 32, 64, 64), f.frames().get(t).y(), "frame " + t);
        }
    }

    @Test
    void aSmallerCallSizeScalesDownKeepingTheAspectRatio() {
        // 128x64 covering 32x32: scaled to 64x32, then the middle 32 columns
        Footage f = FootageReader.read(wide, Optional.of(new FrameSize(32, 32)), 3);
        assertEquals(new FrameSize(32, 32), f.size());
        byte[] y = f.frames().get(0).y();
        byte[] middle = window(128, 64, 0, 32, 0, 64, 64);
        // each output pixel is the area average of a 2x2 block of the kept middle
        for (int row = 0; row < 32; row += 7) {
            for (int col = 0; col < 32; col += 5) {
                int sum = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        sum += middle[(2 * row + dy) * 64 + 2 * col + dx] & 0xFF;
                    }
                }
                assertEquals(sum / 4.0, y[row * 32 + col] & 0xFF, 1.0, "pixel " + col + "," + row);
            }
        }
    }

    @Test
    void readsNoMoreThanTheFramesAskedFor() {
        assertEquals(5, FootageReader.read(wide, Optional.empty(), 5).frames().size());
    }

    @Test
    void anOddSizedPictureIsReadAtTheEvenSizeBelow() throws Exception {
        // FFmpeg's writers round odd sizes up; a still picture keeps them and FFmpeg reads it as video
        Path odd = dir.resolve("odd.png");
        javax.imageio.ImageIO.write(
                new java.awt.image.BufferedImage(67, 49, java.awt.image.BufferedImage.TYPE_BYTE_GRAY),
                "png",
                odd.toFile());
        Footage f = FootageReader.read(odd, Optional.empty(), 10);
        assertEquals(new FrameSize(66, 48), f.size());
        assertEquals(1, f.frames().size());
    }

    @Test
    void aMissingFileIsNamedInOneLine() {
        Path missing = dir.resolve("nope.mp4");
        TrainingException e =
                assertThrows(TrainingException.class, () -> FootageReader.read(missing, Optional.empty(), 10));
        assertEquals("video file not found: " + missing, e.getMessage());
    }

    @Test
    void aFileThatIsNoVideoSaysSoInOneLine() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.mp4"), "not a video at all\n".repeat(50));
        TrainingException e =
                assertThrows(TrainingException.class, () -> FootageReader.read(text, Optional.empty(), 10));
        assertTrue(e.getMessage().startsWith("cannot read " + text + " as video: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void footageRefusesNoFrameRateAndFramesOfAnotherSize() {
        FrameSize size = new FrameSize(16, 16);
        assertThrows(IllegalArgumentException.class, () -> new Footage(wide, 0, size, List.of()));
        List<I420Frame> other = List.of(I420Frame.blank(32, 16));
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> new Footage(wide, 25, size, other));
        assertTrue(e.getMessage().contains("does not match footage size"), e.getMessage());
    }

    @Test
    void aSliceKeepsTheFrameRateAndTheFramesInOrder() {
        Footage f = FootageReader.read(wide, Optional.empty(), 12);
        Footage s = f.slice(4, 9);
        assertEquals(5, s.frames().size());
        assertEquals(f.fps(), s.fps());
        assertEquals(0.5, s.seconds(), 1e-9);
        assertEquals(4, s.frames().get(0).index());
        assertEquals(8, s.frames().get(4).index());
    }
}
