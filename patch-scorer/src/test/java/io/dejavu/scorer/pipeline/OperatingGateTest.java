package io.dejavu.scorer.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.protocol.model.OperatingRange;
import java.util.List;
import org.junit.jupiter.api.Test;

class OperatingGateTest {
    // 256x256 at 25 fps: 0.0200 bits/pixel is 32.8 kbps, 0.0500 is 81.9 kbps
    private static final OperatingRange RANGE = new OperatingRange(
            "vp8", List.of(new OperatingRange.Size(256, 256)), 0.02, 0.05, List.of(), OperatingRange.VALIDATED);

    private static StreamPoint at(double kbps) {
        return new StreamPoint("video/VP8", kbps, 25, 256, 256);
    }

    @Test
    void passesThroughUntilTheStreamIsMeasured() {
        OperatingGate gate = new OperatingGate(RANGE);
        OperatingGate.Decision d = gate.decide(256, 256);
        assertFalse(d.enhance());
        assertTrue(d.reason().contains("waiting for the stream's measured bitrate"), d.reason());
        gate.observe(new StreamPoint("video/VP8", 0, 0, 0, 0)); // stats before the first frame
        assertFalse(gate.decide(256, 256).enhance());
    }

    @Test
    void theFirstMeasurementDecidesAtOnce() {
        OperatingGate inside = new OperatingGate(RANGE);
        inside.observe(at(60));
        assertTrue(inside.decide(256, 256).enhance());

        OperatingGate above = new OperatingGate(RANGE);
        above.observe(at(150));
        OperatingGate.Decision d = above.decide(256, 256);
        assertFalse(d.enhance());
        assertTrue(d.reason().contains("above the model's range"), d.reason());
    }

    @Test
    void oneStrayMeasurementDoesNotFlipTheGate() {
        OperatingGate gate = new OperatingGate(RANGE);
        gate.observe(at(60));
        gate.observe(at(150)); // one second above: still enhancing
        assertTrue(gate.decide(256, 256).enhance());
        gate.observe(at(60));
        gate.observe(at(150));
        assertTrue(gate.decide(256, 256).enhance());
        gate.observe(at(150)); // two in a row: stop
        assertFalse(gate.decide(256, 256).enhance());
    }

    @Test
    void aStreamHoveringJustInsideTheEdgeDoesNotRestartEnhancement() {
        OperatingGate gate = new OperatingGate(RANGE);
        gate.observe(at(150));
        assertFalse(gate.isOpen());
        // 80 kbps is inside the range (0.0488 bits/pixel) but within 10 % of its upper edge
        for (int i = 0; i < 5; i++) {
            gate.observe(at(80));
            assertFalse(gate.decide(256, 256).enhance(), "must not start at the edge, step " + i);
        }
        assertTrue(gate.decide(256, 256).reason().contains("too close to the edge"));
        gate.observe(at(60));
        assertFalse(gate.isOpen(), "one measurement well inside is not enough");
        gate.observe(at(60));
        assertTrue(gate.decide(256, 256).enhance());
        // once enhancing, the edge zone keeps it enhancing: only leaving the range stops it
        gate.observe(at(80));
        gate.observe(at(80));
        gate.observe(at(80));
        assertTrue(gate.decide(256, 256).enhance());
    }

    @Test
    void aFrameOfAnotherSizePassesThroughAtOnce() {
        OperatingGate gate = new OperatingGate(RANGE);
        gate.observe(at(60));
        assertTrue(gate.decide(256, 256).enhance());
        OperatingGate.Decision d = gate.decide(640, 360);
        assertFalse(d.enhance());
        assertTrue(d.reason().contains("frame size 640x360"), d.reason());
    }

    @Test
    void anotherCodecPassesThrough() {
        OperatingGate gate = new OperatingGate(RANGE);
        gate.observe(new StreamPoint("video/H264", 60, 25, 256, 256));
        OperatingGate.Decision d = gate.decide(256, 256);
        assertFalse(d.enhance());
        assertTrue(d.reason().contains("codec h264"), d.reason());
    }

    @Test
    void anUnrestrictedModelAlwaysRunsAndOneThatHelpsNowhereNever() {
        OperatingGate open = new OperatingGate(OperatingRange.unrestricted());
        assertTrue(open.decide(640, 360).enhance());
        OperatingGate closed = new OperatingGate(OperatingRange.nowhere("vp8", List.of()));
        closed.observe(at(60));
        OperatingGate.Decision d = closed.decide(256, 256);
        assertFalse(d.enhance());
        assertEquals("the model helped at no validated bitrate", d.reason());
    }

    @Test
    void aCallAtAnotherSizeIsJudgedByThatSizesBand() {
        // validated at 640x360 too, over lower bits per pixel: 0.007-0.045 (30-260 kbps at 25 fps)
        OperatingRange both = OperatingRange.ofSizes(List.of(
                RANGE,
                new OperatingRange(
                        "vp8",
                        List.of(new OperatingRange.Size(640, 360)),
                        0.007,
                        0.045,
                        List.of(),
                        OperatingRange.VALIDATED)));
        OperatingGate wide = new OperatingGate(both);
        wide.observe(new StreamPoint("video/VP8", 150, 25, 640, 360)); // 0.026: inside 640x360's band
        assertTrue(wide.decide(640, 360).enhance());
        OperatingGate square = new OperatingGate(both);
        square.observe(at(150)); // 0.092 at 256x256: above that size's band
        OperatingGate.Decision d = square.decide(256, 256);
        assertFalse(d.enhance());
        assertTrue(d.reason().contains("at 256x256"), d.reason());
        // near the wide band's top edge (0.043 > 0.045 * 0.9): a closed gate stays closed
        OperatingGate edge = new OperatingGate(both);
        edge.observe(new StreamPoint("video/VP8", 300, 25, 640, 360));
        edge.observe(new StreamPoint("video/VP8", 248, 25, 640, 360));
        edge.observe(new StreamPoint("video/VP8", 248, 25, 640, 360));
        assertFalse(edge.decide(640, 360).enhance());
        assertTrue(edge.decide(640, 360).reason().contains("too close to the edge"));
    }
}
