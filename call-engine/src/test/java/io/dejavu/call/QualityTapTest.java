package io.dejavu.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.Await;
import io.dejavu.testing.TestFrames;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityTapTest {
    private static final FrameSize SIZE = new FrameSize(320, 180);

    private static CallOptions options(boolean tap) {
        return CallOptions.builder()
                .video(VideoSourceSpec.synthetic(SIZE, 30))
                .qualityTap(tap)
                .build();
    }

    @Test
    void tapThatIsOffLeavesFramesAloneAndMeasuresNothing() {
        try (QualityTap tap = QualityTap.open(options(false), 1)) {
            I420Frame frame = TestFrames.textured(SIZE.width(), SIZE.height(), 1);
            byte[] before = frame.y().clone();
            tap.mark(frame, 7);
            assertTrue(Arrays.equals(before, frame.y()), "an off tap must not stamp the picture");
            assertSame(frame, tap.read(frame));
            assertTrue(tap.sentFrames().isEmpty());
            assertTrue(Double.isNaN(tap.meanPsnrY()));
            assertEquals(0, tap.paired());
            FrameReference nothing = (index, width, height) -> Optional.empty();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> tap.measureAgainst(nothing));
            assertTrue(e.getMessage().contains("qualityTap(true)"), e.getMessage());
        }
    }

    @Test
    void refusesACameraBecauseItCannotStampItsFrames() {
        CallOptions camera = CallOptions.builder()
                .video(VideoSourceSpec.camera(SIZE, 30))
                .qualityTap(true)
                .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> QualityTap.open(camera, 1));
        assertTrue(e.getMessage().contains("camera"), e.getMessage());
    }

    @Test
    void decodedFrameGetsTheSendersIndexAndIsPairedWithWhatWasSent() {
        try (QualityTap sender = QualityTap.open(options(true), 1);
                QualityTap receiver = QualityTap.open(options(true), 2)) {
            I420Frame sent = TestFrames.textured(SIZE.width(), SIZE.height(), 3);
            sender.mark(sent, 42);
            receiver.measureAgainst(sender.sentFrames().orElseThrow());

            I420Frame decoded = receiver.read(sent.copy());

            assertEquals(42, decoded.index());
            Await.until("the decoded frame is paired", Duration.ofSeconds(5), () -> receiver.paired() > 0);
            assertEquals(1, receiver.paired());
            assertTrue(receiver.meanPsnrY() > 60, "an identical frame pairs at top PSNR, got " + receiver.meanPsnrY());
        }
    }
}
