package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.model.OperatingRange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RangeCalibratorTest {
    private static OperatingRange.Point point(double kbps, double gain) {
        return new OperatingRange.Point(
                256, 256, kbps, 25, OperatingRange.bitsPerPixel(kbps, 256, 256, 25), gain, Double.NaN, 100);
    }

    private static double bpp(double kbps) {
        return OperatingRange.bitsPerPixel(kbps, 256, 256, 25);
    }

    @Test
    void theRangeEndsWhereTheGainLineCrossesTheThresholdBetweenAHelpingAndAHurtingPoint() {
        // gains of models/generic-call on unseen people: +0.8 at 50 kbps, -1.1 at 150
        List<OperatingRange.Point> points = List.of(
                point(25, 0.9), point(38, 0.85), point(50, 0.8), point(75, 0.3), point(100, -0.3), point(150, -1.1));
        OperatingRange r = RangeCalibrator.fromPoints("vp8", points, 0.1);
        assertEquals(bpp(25), r.minBpp(), 1e-9, "helps down to the lowest point measured, no further");
        assertTrue(r.maxBpp() > bpp(75) && r.maxBpp() < bpp(100), "ends between 75 and 100 kbps: " + r.maxBpp());
        assertTrue(r.outside("vp8", 256, 256, bpp(150)).isPresent());
        assertTrue(r.outside("vp8", 256, 256, bpp(60)).isEmpty());
        assertEquals(6, r.points().size());
        assertEquals(OperatingRange.VALIDATED, r.basis());
    }

    @Test
    void pointsArriveInAnyOrderAndTheLongestHelpingRunWins() {
        List<OperatingRange.Point> points = new ArrayList<>(List.of(
                point(300, 0.2), point(25, 0.05), point(50, 0.4), point(75, 0.5), point(100, 0.3), point(150, 0.0)));
        OperatingRange r = RangeCalibrator.fromPoints("vp8", points, 0.1);
        assertTrue(r.minBpp() > bpp(25) && r.minBpp() < bpp(50), "starts between 25 and 50 kbps");
        assertTrue(r.maxBpp() > bpp(100) && r.maxBpp() < bpp(150), "ends between 100 and 150 kbps");
        assertTrue(r.outside("vp8", 256, 256, bpp(300)).isPresent(), "a lone helping point beyond a gap is left out");
    }

    @Test
    void aModelThatHelpsNowhereDeclaresSo() {
        OperatingRange r = RangeCalibrator.fromPoints("vp8", List.of(point(300, 0.05), point(600, -0.4)), 0.1);
        assertFalse(r.helpsAnywhere());
        assertEquals(2, r.points().size(), "the measured points are kept for the record");
    }
}
