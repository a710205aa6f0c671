package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.dejavu.protocol.video.FrameSize;
import io.dejavu.testing.TestFrames;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorerSamplesTest {
    /** Two patches of 32 on a 48-wide frame: the second starts at 16 and overlaps the first, as at run time. */
    private static final FrameSize SIZE = new FrameSize(48, 32);

    @Test
    void eachPatchOfTheReceiversGridIsASampleWithTheMseItsEnhancementRemoved() {
        byte[] original = TestFrames.textured(48, 32, 1).y();
        byte[] decoded = original.clone();
        // an error of 10 in columns 0..15 only: inside the first patch, outside the second
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 16; x++) {
                int i = y * 48 + x;
                decoded[i] =
                        (byte) ((original[i] & 0xFF) >= 128 ? (original[i] & 0xFF) - 10 : (original[i] & 0xFF) + 10);
            }
        }
        ScorerSamples s = ScorerSamples.fromFrames(
                SIZE, 32, List.of(original, original), List.of(decoded, decoded), List.of(original, original));

        assertEquals(4, s.count(), "two patches in each of two frames");
        assertEquals(32, s.patchSize());
        // the first patch: 16 x 32 of its 32 x 32 pixels lose an error of 10, so its MSE falls by 50
        assertEquals(50.0, s.targets()[0], 1e-9);
        assertEquals(0.0, s.targets()[1], 1e-9);
        assertEquals(50.0, s.targets()[2], 1e-9);
        // the scorer sees the decoded patch itself: the second patch's first pixel is column 16
        assertEquals((decoded[16] & 0xFF) / 255f, s.patches()[32 * 32]);
        assertEquals((decoded[0] & 0xFF) / 255f, s.patches()[0]);
        assertEquals(Math.sqrt((50.0 * 50 * 2) / 4), s.targetScale(), 1e-9);
    }

    @Test
    void patchDataMustFitTheTargets() {
        org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new ScorerSamples(2, new float[7], new double[2]));
    }
}
