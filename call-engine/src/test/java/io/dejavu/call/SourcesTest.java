package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.call.internal.FileFrameSource;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.SampleFootage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SharedRuntime.class)
class SourcesTest {
    private final MediaRuntime runtime;

    SourcesTest(MediaRuntime runtime) {
        this.runtime = runtime;
    }

    @Test
    void fileIsScaledToCoverAndCroppedToTheCallSize() throws Exception {
        Path clip = SampleFootage.require(SampleFootage.ONE_MAN_OTHER_TAKE);
        try (FileFrameSource source = FileFrameSource.open(clip, Optional.of(new FrameSize(320, 180)))) {
            I420Frame frame = source.next();
            assertEquals(320, frame.width());
            assertEquals(180, frame.height());
            assertEquals(25.0, source.fps(), 0.01);
            int sum = 0;
            for (byte b : frame.y()) {
                sum += b & 0xFF;
            }
            double mean = (double) sum / frame.y().length;
            assertTrue(mean > 20 && mean < 235, "decoded luma looks empty: mean " + mean);
        }
    }

    @Test
    void fileReferenceRebuildsTheSendersFramesByIndex() throws Exception {
        Path clip = ShortClip.firstFrames(SampleFootage.ONE_MAN_OTHER_TAKE, 125);
        Optional<FrameSize> size = Optional.of(new FrameSize(160, 96));
        try (FileFrameSource sender = FileFrameSource.open(clip, size);
                FileFrameReference reference = FileFrameReference.open(clip, size)) {
            byte[][] sent = new byte[140][];
            for (int i = 0; i < sent.length; i++) {
                sent[i] = sender.next().y();
            }
            // Indices arrive in order with gaps (dropped frames), past the loop point of the 5 s clip.
            for (int i : new int[] {0, 3, 4, 60, 124, 125, 126, 139}) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(
                        sent[i], reference.luma(i, 160, 96).orElseThrow(), "frame " + i);
            }
            assertTrue(reference.luma(139, 320, 180).isEmpty(), "a frame of another size must not pair");
        }
    }

    @Test
    void fileLoopsAtTheEnd() throws Exception {
        Path clip = ShortClip.firstFrames(SampleFootage.ONE_MAN_OTHER_TAKE, 125);
        try (FileFrameSource source = FileFrameSource.open(clip, Optional.of(new FrameSize(64, 64)))) {
            I420Frame first = source.next();
            int frames = (int) Math.round(source.fps() * 5.0) + 10;
            for (int i = 0; i < frames; i++) {
                source.next();
            }
            assertEquals(1, source.loops());
            assertEquals(64, first.width());
        }
    }

    @Test
    void unreadableFileFailsWithItsName() throws Exception {
        Path junk = SampleFootage.tempDir("sources").resolve("not-a-video.mp4");
        Files.writeString(junk, "this is not a video");
        MediaException e = assertThrows(MediaException.class, () -> FileFrameSource.open(junk, Optional.empty()));
        assertTrue(e.getMessage().contains("not-a-video.mp4"), e.getMessage());
        // FFmpeg's own reason, not JavaCV's hints for its developers ("Has setFormat() been called?").
        assertTrue(
                e.getMessage().endsWith("not a video FFmpeg can read (Invalid data found when processing input)"),
                e.getMessage());
    }

    @Test
    void unknownCameraFailsNamingIt() {
        CallOptions options = CallOptions.builder()
                .video(new VideoSourceSpec.Camera(Optional.of("No Such Cam 9000"), new FrameSize(640, 480), 30))
                .build();
        MediaException e =
                assertThrows(MediaException.class, () -> Call.start(runtime, Call.Role.CALLER, options, signal -> {}));
        assertTrue(e.getMessage().contains("No Such Cam 9000") || e.getMessage().contains("no camera"), e.getMessage());
        assertEquals(0, runtime.openCalls());
    }

    @Test
    void missingCameraFailsClearly() {
        org.junit.jupiter.api.Assumptions.assumeTrue(runtime.cameraNames().isEmpty(), "this machine has a camera");
        CallOptions options = CallOptions.builder()
                .video(VideoSourceSpec.camera(new FrameSize(640, 480), 30))
                .build();
        MediaException e =
                assertThrows(MediaException.class, () -> Call.start(runtime, Call.Role.CALLER, options, signal -> {}));
        assertTrue(e.getMessage().contains("no camera"), e.getMessage());
        assertEquals(0, runtime.openCalls());
    }
}
