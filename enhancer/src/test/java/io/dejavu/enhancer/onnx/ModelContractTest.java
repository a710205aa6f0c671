package io.dejavu.enhancer.onnx;

import static io.dejavu.enhancer.onnx.TestGraphs.identity;
import static io.dejavu.enhancer.onnx.TestGraphs.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelContractTest {

    @Test
    void acceptsTheProductEnhancerInBothPrecisions() throws Exception {
        EdsrWeights w = EdsrWeights.random(16, 4, 1L);
        EnhancerSignature fp32 = ModelContract.checkEnhancer(OnnxModels.writeEnhancer(w));
        assertEquals(new EnhancerSignature("y", "y_enhanced", Precision.FP32, 10, "edsr-y c16 b4"), fp32);
        EnhancerSignature fp16 = ModelContract.checkEnhancer(OnnxModels.writeEnhancer(w, Precision.FP16));
        assertEquals(Precision.FP16, fp16.precision());
    }

    @Test
    void boundsTheReceptiveFieldFromConvolutionsWhenMetadataIsMissing() {
        assertEquals(10, ModelContract.graphRadiusBound(OnnxModels.writeEnhancer(EdsrWeights.random(4, 4, 1L))));
        assertEquals(4, ModelContract.graphRadiusBound(OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 1L))));
    }

    @Test
    void acceptsTheProductScorer() throws Exception {
        ScorerSignature sig = ModelContract.checkScorer(OnnxModels.writeScorer(ScorerWeights.random(1L)));
        assertEquals(new ScorerSignature("patches", "score", ScorerSignature.DYNAMIC), sig);
    }

    @Test
    void rejectsEnhancerWithThreeChannels() {
        var e = assertThrows(
                ModelValidationException.class,
                () -> ModelContract.checkEnhancer(identity(DataType.FLOAT, "N", 3, "H", "W")));
        assertEquals("enhancer input 'x' has 3 channels, expected 1 (luminance only)", e.getMessage());
    }

    @Test
    void rejectsEnhancerWithFixedHeight() {
        var e = assertThrows(
                ModelValidationException.class,
                () -> ModelContract.checkEnhancer(identity(DataType.FLOAT, "N", 1, 64, "W")));
        assertEquals(
                "enhancer input 'x' has a fixed height of 64, expected a dynamic height so frames of any size fit",
                e.getMessage());
    }

    @Test
    void rejectsEnhancerWithFixedBatch() {
        var e = assertThrows(
                ModelValidationException.class,
                () -> ModelContract.checkEnhancer(identity(DataType.FLOAT, 1, 1, "H", "W")));
        assertTrue(e.getMessage().startsWith("enhancer input 'x' has a fixed batch size of 1"), e.getMessage());
    }

    @Test
    void rejectsEnhancerWithIntegerInput() {
        var e = assertThrows(
                ModelValidationException.class,
                () -> ModelContract.checkEnhancer(identity(DataType.UINT8, "N", 1, "H", "W")));
        assertEquals("enhancer input 'x' is uint8, expected float32 or float16", e.getMessage());
    }

    @Test
    void rejectsEnhancerWithTwoInputs() {
        byte[] model = TestGraphs.graph(
                "Add",
                List.of(value("a", DataType.FLOAT, "N", 1, "H", "W"), value("b", DataType.FLOAT, "N", 1, "H", "W")),
                value("out", DataType.FLOAT, "N", 1, "H", "W"));
        var e = assertThrows(ModelValidationException.class, () -> ModelContract.checkEnhancer(model));
        assertTrue(e.getMessage().startsWith("enhancer has 2 inputs"), e.getMessage());
    }

    @Test
    void rejectsScorerUploadedAsEnhancer() {
        var e = assertThrows(
                ModelValidationException.class,
                () -> ModelContract.checkEnhancer(OnnxModels.writeScorer(ScorerWeights.random(1L))));
        assertEquals("enhancer output 'score' has 2 dimensions [?,1], expected 4 [N,1,H,W]", e.getMessage());
    }

    @Test
    void rejectsEnhancerUploadedAsScorer() {
        var e = assertThrows(
                ModelValidationException.class,
                () -> ModelContract.checkScorer(OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 1L))));
        assertEquals("scorer output 'y_enhanced' has 4 dimensions [?,1,?,?], expected 2 [N,1]", e.getMessage());
    }

    @Test
    void rejectsCorruptBytesWithAClearMessage() {
        byte[] good = OnnxModels.writeEnhancer(EdsrWeights.random(4, 1, 1L));
        byte[] truncated = Arrays.copyOf(good, good.length / 3);
        var e = assertThrows(ModelValidationException.class, () -> ModelContract.checkEnhancer(truncated));
        assertTrue(
                e.getMessage()
                        .startsWith("enhancer model is not a loadable ONNX model (" + truncated.length + " bytes)"),
                e.getMessage());
        var empty = assertThrows(ModelValidationException.class, () -> ModelContract.checkScorer(new byte[0]));
        assertEquals("scorer model is empty (0 bytes), expected an ONNX file", empty.getMessage());
    }

    @Test
    void rejectsEnhancerThatChangesTheFrameSize() {
        // Declares [N,1,H,W] out but actually halves the size with a strided max-pool.
        byte[] model = TestGraphs.graph(
                "MaxPool",
                List.of(value("x", DataType.FLOAT, "N", 1, "H", "W")),
                value("out", DataType.FLOAT, "N", 1, "H", "W"));
        byte[] withPool = withAttribute(model);
        var e = assertThrows(ModelValidationException.class, () -> ModelContract.checkEnhancer(withPool));
        assertTrue(
                e.getMessage().contains("expected [1,1,24,24] (the model must keep the frame size)")
                        || e.getMessage().startsWith("enhancer failed on"),
                e.getMessage());
    }

    private static byte[] withAttribute(byte[] model) {
        try {
            var proto = ai.onnx.proto.OnnxMl.ModelProto.parseFrom(model).toBuilder();
            var node = proto.getGraphBuilder().getNodeBuilder(0);
            node.addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder()
                    .setName("kernel_shape")
                    .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INTS)
                    .addInts(2)
                    .addInts(2));
            node.addAttribute(ai.onnx.proto.OnnxMl.AttributeProto.newBuilder()
                    .setName("strides")
                    .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.INTS)
                    .addInts(2)
                    .addInts(2));
            return proto.build().toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
