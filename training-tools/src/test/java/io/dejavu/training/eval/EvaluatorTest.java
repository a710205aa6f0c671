package io.dejavu.training.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.PatchGrid;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.protocol.video.FrameSize;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.scorer.EdgeEnergyScorer;
import io.dejavu.testing.TestFrames;
import io.dejavu.training.footage.PairSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Top-k evaluation on the receiver's patch grid, checked against whole-frame enhancement. */
class EvaluatorTest {
    /** 3x2 patches of 32: the last column starts at 48 and the last row at 16, overlapping their neighbours. */
    private static final FrameSize SIZE = new FrameSize(80, 48);

    private static final EdsrWeights WEIGHTS = EdsrWeights.random(4, 1, 7L);

    private static OrtModel model(EdsrWeights weights) {
        return OrtModel.fromBytes(OnnxModels.writeEnhancer(weights), 1);
    }

    private static Evaluator evaluator(OrtModel model) {
        return new Evaluator(model, Optional.empty(), 32, WEIGHTS.receptiveFieldRadius());
    }

    private static byte[] topK(Evaluator ev, byte[] decoded, double k) {
        List<byte[]> out = new ArrayList<>();
        ev.evaluate(new PairSet(SIZE, List.of(decoded), List.of(decoded)), k, 100, out);
        return out.get(0);
    }

    @Test
    void chosenPatchesGetWhatTheWholeFrameGetsAndTheRestStaysDecoded() {
        byte[] decoded = TestFrames.textured(SIZE.width(), SIZE.height(), 2).y();
        try (OrtModel m = model(WEIGHTS)) {
            Evaluator ev = evaluator(m);
            byte[] enhanced = topK(ev, decoded, 0.5);
            byte[] whole = m.enhanceY(decoded, SIZE.width(), SIZE.height());

            PatchGrid grid = ev.grid(SIZE);
            int[] chosen = Ranking.topK(ev.score(decoded, SIZE, grid), 3);
            boolean[] inChosen = new boolean[SIZE.pixels()];
            for (int i : chosen) {
                for (int y = grid.patchY(i); y < grid.patchY(i) + 32; y++) {
                    for (int x = grid.patchX(i); x < grid.patchX(i) + 32; x++) {
                        inChosen[y * SIZE.width() + x] = true;
                    }
                }
            }
            int changed = 0;
            for (int p = 0; p < SIZE.pixels(); p++) {
                if (inChosen[p]) {
                    assertEquals(whole[p] & 0xFF, enhanced[p] & 0xFF, 1, "pixel " + p + " of a chosen patch");
                    changed += enhanced[p] != decoded[p] ? 1 : 0;
                } else {
                    assertEquals(decoded[p], enhanced[p], "pixel " + p + " outside the chosen patches");
                }
            }
            assertTrue(changed > 1000, "the model changed only " + changed + " pixels of the chosen patches");
        }
    }

    @Test
    void everyPatchOfTheGridTogetherIsTheWholeFrameEdgesAndOverlapsIncluded() {
        byte[] decoded = TestFrames.textured(SIZE.width(), SIZE.height(), 3).y();
        try (OrtModel m = model(WEIGHTS)) {
            byte[] enhanced = topK(evaluator(m), decoded, 0.99); // all six patches, through the top-k path
            byte[] whole = m.enhanceY(decoded, SIZE.width(), SIZE.height());
            for (int p = 0; p < SIZE.pixels(); p++) {
                assertEquals(whole[p] & 0xFF, enhanced[p] & 0xFF, 1, "pixel " + p);
            }
        }
    }

    @Test
    void withoutAScorerPatchesAreRankedByTheRuntimesEdgeEnergy() {
        I420Frame frame = TestFrames.flatWithBusySquare(SIZE.width(), SIZE.height(), 50, 10, 24, 4);
        try (OrtModel m = model(WEIGHTS)) {
            Evaluator ev = evaluator(m);
            PatchGrid grid = ev.grid(SIZE);
            double[] training = ev.score(frame.y(), SIZE, grid);
            float[] runtime = new float[grid.count()];
            new EdgeEnergyScorer().score(frame, grid, runtime);
            for (int i = 0; i < grid.count(); i++) {
                assertEquals(runtime[i], training[i], 0.0, "patch " + i);
            }
        }
    }

    @Test
    void scoringRejectsAGridOfAnotherPatchSize() {
        try (OrtModel m = model(WEIGHTS)) {
            Evaluator ev = evaluator(m);
            byte[] decoded = new byte[SIZE.pixels()];
            assertThrows(
                    IllegalArgumentException.class,
                    () -> ev.score(decoded, SIZE, new PatchGrid(SIZE.width(), SIZE.height(), 16, 0)));
        }
    }

    @Test
    void identityModelGainsNothingOnWholeFramesAndKMustBeAShare() {
        byte[] original = TestFrames.textured(SIZE.width(), SIZE.height(), 5).y();
        byte[] decoded = TestFrames.textured(SIZE.width(), SIZE.height(), 6).y();
        PairSet pairs = new PairSet(SIZE, List.of(original, original), List.of(decoded, decoded));
        try (OrtModel m = model(EdsrWeights.identity(4, 1))) {
            Evaluator ev = evaluator(m);
            EvaluationResult r = ev.evaluate(pairs, 1.0, 80);
            assertEquals(2, r.frames());
            assertEquals(r.psnrDecoded(), r.psnrEnhanced(), 1e-9);
            assertEquals(0.0, r.gainDb(), 1e-9);
            assertThrows(IllegalArgumentException.class, () -> ev.evaluate(pairs, 0, 80));
            assertThrows(IllegalArgumentException.class, () -> ev.evaluate(pairs, 1.5, 80));
        }
    }
}
