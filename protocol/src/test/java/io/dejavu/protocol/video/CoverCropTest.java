package io.dejavu.protocol.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class CoverCropTest {
    @Test
    void aSourceOfTheTargetsShapeIsOnlyScaled() {
        assertEquals(new CoverCrop(640, 360, 0, 0), CoverCrop.of(1920, 1080, new FrameSize(640, 360)));
    }

    @Test
    void aSquareSourceCoversAWideTargetAndLosesTopAndBottom() {
        // 256 -> 640 (x2.5): 640x640, the middle 360 rows
        assertEquals(new CoverCrop(640, 640, 0, 140), CoverCrop.of(256, 256, new FrameSize(640, 360)));
    }

    @Test
    void aPortraitSourceKeepsItsAspectAndItsMiddleAtEvenOffsets() {
        // 720x1280 x (256/720): 256 x 455.1 -> 454 (even); (454 - 256) / 2 = 99 -> 98 (even)
        assertEquals(new CoverCrop(256, 454, 0, 98), CoverCrop.of(720, 1280, new FrameSize(256, 256)));
    }

    @Test
    void anEmptySourceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> CoverCrop.of(0, 480, new FrameSize(256, 256)));
    }
}
