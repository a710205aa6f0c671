package io.dejavu.training.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.protocol.Json;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import io.dejavu.testing.SampleFootage;
import io.dejavu.training.TestClips;
import io.dejavu.training.TestModels;
import io.dejavu.training.footage.Codec;
import io.dejavu.training.footage.Footage;
import io.dejavu.training.footage.FootageReader;
import io.dejavu.training.footage.PairMaker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bitrate ladder on real held-back footage through real VP8 (ADR 0506). */
class RangeCalibrationTest {
    private static Footage heldBack;

    @BeforeAll
    static void footage() throws Exception {
        Path clip = TestClips.write(SampleFootage.tempDir("range").resolve("held.mkv"), 64, 64, 30, 30);
        heldBack = FootageReader.read(clip, Optional.empty(), 30);
    }

    @Test
    void theLadderStartsAtTheLowestCallCapSkipsRepeatsAndAModelThatChangesNothingHelpsNowhere() {
        List<String> messages = new ArrayList<>();
        ProgressListener listener = ProgressListener.messages(messages::add);
        OperatingRange r = new RangeCalibrator(PairMaker.FFMPEG, 1, listener)
                .calibrate(
                        OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1)),
                        Optional.empty(),
                        List.of(heldBack),
                        Codec.VP8,
                        40);
        // 0.5 x 40 = 20 is raised to 30 kbps, and 0.75 x 40 = 30 is then no new point
        List<String> asked = messages.stream()
                .filter(m -> m.matches("range: \\d+ kbps .*"))
                .map(m -> m.split(" ")[1])
                .toList();
        assertEquals(List.of("30", "40", "60", "80", "120"), asked);
        assertEquals(5, r.points().size());
        for (OperatingRange.Point p : r.points()) {
            assertEquals(0.0, p.gainDb(), 1e-12, "the identity gains nothing at " + p.kbps() + " kbps");
            assertTrue(Double.isNaN(p.genericGainDb()), "no generic model to compare with");
            assertEquals(30, p.frames());
            assertEquals(OperatingRange.bitsPerPixel(p.kbps(), 64, 64, 30), p.bpp(), 1e-12);
        }
        assertFalse(r.helpsAnywhere());
        assertTrue(messages.get(messages.size() - 1).startsWith("range: the model helps at "), messages.toString());
    }

    @Test
    void theGenericModelDeliversItsGainOnlyInsideItsOwnRange() throws Exception {
        // a generic model that makes frames worse, declared for this size at 20..50 kbps (derived from 40)
        Path generic = TestModels.bundle(SampleFootage.tempDir("range").resolve("generic"), "_generic", Map.of());
        Files.write(generic.resolve("enhancer.onnx"), OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 3L)));
        ModelMetadata meta =
                Json.mapper().readValue(generic.resolve("metadata.json").toFile(), ModelMetadata.class);
        OperatingRange declared = OperatingRange.derived("vp8", 64, 64, 40);
        Files.write(
                generic.resolve("metadata.json"), Json.mapper().writeValueAsBytes(meta.withOperatingRange(declared)));

        OperatingRange r = new RangeCalibrator(PairMaker.FFMPEG, 1, ProgressListener.NONE)
                .calibrate(
                        OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1)),
                        Optional.of(generic),
                        List.of(heldBack),
                        Codec.VP8,
                        40);
        int inside = 0;
        for (OperatingRange.Point p : r.points()) {
            if (declared.outside("vp8", 64, 64, p.bpp()).isPresent()) {
                assertEquals(0.0, p.genericGainDb(), "outside its range the receiver passes frames through");
            } else {
                inside++;
                assertTrue(p.genericGainDb() < 0, "inside, its (negative) gain: " + p.genericGainDb());
            }
        }
        // the lowest rungs lie inside 20..50 kbps; the highest (this simple clip needs only some 60) outside
        assertTrue(inside > 0 && inside < r.points().size(), inside + " of " + r.points());
    }

    @Test
    void calibrationNeedsHeldBackFootage() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> new RangeCalibrator(PairMaker.FFMPEG, 1, ProgressListener.NONE)
                        .calibrate(new byte[0], Optional.empty(), List.of(), Codec.VP8, 50));
        assertEquals("calibration needs held-back footage, got none", e.getMessage());
    }
}
