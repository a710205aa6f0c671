package io.dejavu.training.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.testing.SampleFootage;
import io.dejavu.testing.TestFrames;
import io.dejavu.training.TrainingException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Real ONNX Runtime sessions of the enhancer module's graphs. */
class OrtModelTest {
    private static final byte[] IDENTITY = OnnxModels.writeEnhancer(EdsrWeights.identity(4, 1));

    @Test
    void theIdentityEnhancerGivesBackTheSamePlaneAtAnySize() {
        try (OrtModel m = OrtModel.fromBytes(IDENTITY, 1)) {
            for (int[] size : new int[][] {{48, 32}, {30, 22}}) {
                byte[] y = TestFrames.textured(size[0], size[1], 4).y();
                assertArrayEquals(y, m.enhanceY(y, size[0], size[1]), size[0] + "x" + size[1]);
            }
        }
    }

    @Test
    void aLoadedFileRunsLikeTheBytesItHolds() throws Exception {
        byte[] random = OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 9L));
        Path file = Files.write(SampleFootage.tempDir("ort").resolve("enhancer.onnx"), random);
        byte[] y = TestFrames.textured(32, 32, 1).y();
        try (OrtModel a = OrtModel.fromBytes(random, 1);
                OrtModel b = OrtModel.load(file, 2)) {
            byte[] out = a.enhanceY(y, 32, 32);
            assertArrayEquals(out, b.enhanceY(y, 32, 32));
            assertFalse(java.util.Arrays.equals(y, out), "random weights change the plane");
        }
    }

    @Test
    void aClosedModelRefusesToRunAndClosingTwiceIsHarmless() {
        OrtModel m = OrtModel.fromBytes(IDENTITY, 1);
        m.close();
        m.close();
        IllegalStateException e =
                assertThrows(IllegalStateException.class, () -> m.run(new float[16], new long[] {1, 1, 4, 4}));
        assertEquals("model is closed", e.getMessage());
    }

    @Test
    void bytesThatAreNoModelAndAMissingFileFailInOneLine() throws Exception {
        TrainingException bad =
                assertThrows(TrainingException.class, () -> OrtModel.fromBytes("no onnx".getBytes(), 1));
        assertTrue(bad.getMessage().startsWith("ONNX Runtime cannot load the model: "), bad.getMessage());
        Path missing = SampleFootage.tempDir("ort").resolve("missing.onnx");
        TrainingException gone = assertThrows(TrainingException.class, () -> OrtModel.load(missing, 1));
        assertTrue(gone.getMessage().startsWith("cannot read model " + missing + ": "), gone.getMessage());
    }

    @Test
    void anInputOfTheWrongShapeNamesTheShape() {
        try (OrtModel m = OrtModel.fromBytes(IDENTITY, 1)) {
            // three channels where the enhancer takes one
            TrainingException e =
                    assertThrows(TrainingException.class, () -> m.run(new float[3 * 16], new long[] {1, 3, 4, 4}));
            assertTrue(e.getMessage().startsWith("ONNX Runtime failed on input [1, 3, 4, 4]: "), e.getMessage());
        }
    }
}
