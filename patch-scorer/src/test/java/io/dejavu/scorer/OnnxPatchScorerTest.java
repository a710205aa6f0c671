package io.dejavu.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.enhancer.PatchGrid;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.ScorerWeights;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.testing.TestFrames;
import java.nio.FloatBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxPatchScorerTest {

    @Test
    void scoresEveryPatchAsASingleRunWould() throws Exception {
        byte[] model = OnnxModels.writeScorer(ScorerWeights.random(4L));
        I420Frame frame = TestFrames.textured(100, 64, 2);
        PatchGrid grid = new PatchGrid(100, 64, 32, 10);
        float[] scores = new float[grid.count()];
        try (OnnxPatchScorer scorer = OnnxPatchScorer.open(model, EnhancerOptions.cpu(1))) {
            scorer.score(frame, grid, scores);
            scorer.score(frame, grid, scores); // reused buffers give the same answer
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model, new OrtSession.SessionOptions())) {
            for (int i = 0; i < grid.count(); i++) {
                float[] patch = new float[32 * 32];
                for (int r = 0; r < 32; r++) {
                    for (int c = 0; c < 32; c++) {
                        patch[r * 32 + c] = (frame.y()[(grid.patchY(i) + r) * 100 + grid.patchX(i) + c] & 0xff) / 255f;
                    }
                }
                try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(patch), new long[] {1, 1, 32, 32});
                        OrtSession.Result res = s.run(Map.of("patches", t))) {
                    float expected = ((float[][]) res.get(0).getValue())[0][0];
                    assertEquals(expected, scores[i], 1e-5f, "patch " + i);
                }
            }
        }
    }

    @Test
    void constantScorerGivesItsBias() throws Exception {
        ScorerWeights r = ScorerWeights.random(1L);
        ScorerWeights constant = new ScorerWeights(r.conv1(), r.conv2(), r.conv3(), new float[16], 2.5f);
        PatchGrid grid = new PatchGrid(64, 64, 16, 0);
        float[] scores = new float[grid.count()];
        try (OnnxPatchScorer scorer = OnnxPatchScorer.open(OnnxModels.writeScorer(constant), EnhancerOptions.cpu(1))) {
            scorer.score(TestFrames.textured(64, 64, 1), grid, scores);
        }
        for (float s : scores) {
            assertEquals(2.5f, s, 1e-6f);
        }
    }

    @Test
    void rejectsAnEnhancerGivenAsScorer() {
        var e = assertThrows(
                ModelLoadException.class,
                () -> OnnxPatchScorer.open(
                        OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 1L)), EnhancerOptions.cpu(1)));
        assertTrue(e.getMessage().startsWith("scorer output 'y_enhanced' has 4 dimensions"), e.getMessage());
    }

    @Test
    void refusesUseAfterClose() throws Exception {
        OnnxPatchScorer scorer =
                OnnxPatchScorer.open(OnnxModels.writeScorer(ScorerWeights.random(1L)), EnhancerOptions.cpu(1));
        scorer.close();
        assertThrows(
                IllegalStateException.class,
                () -> scorer.score(I420Frame.blank(32, 32), new PatchGrid(32, 32, 32, 0), new float[1]));
    }
}
