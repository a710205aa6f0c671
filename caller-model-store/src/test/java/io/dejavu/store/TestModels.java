package io.dejavu.store;

import ai.onnx.proto.OnnxMl;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.ScorerWeights;
import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.protocol.model.OperatingRange;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Real ONNX bundles for tests, from the enhancer module's graph writer, and broken ones. */
public final class TestModels {
    public static final int CHANNELS = 8;
    public static final int BLOCKS = 2;

    private TestModels() {}

    /** A valid bundle with random weights from {@code seed}; different seeds give different bytes. */
    public static ModelBundle random(String caller, long seed) {
        EdsrWeights w = EdsrWeights.random(CHANNELS, BLOCKS, seed);
        return ModelBundle.of(
                metadata(caller, w.receptiveFieldRadius(), 32, seed),
                OnnxModels.writeEnhancer(w),
                OnnxModels.writeScorer(ScorerWeights.random(seed)));
    }

    /** A valid bundle whose enhancer returns its input unchanged. */
    public static ModelBundle identity(String caller) {
        EdsrWeights w = EdsrWeights.identity(CHANNELS, BLOCKS);
        return ModelBundle.of(
                metadata(caller, w.receptiveFieldRadius(), 32, 0),
                OnnxModels.writeEnhancer(w),
                OnnxModels.writeScorer(ScorerWeights.random(3L)));
    }

    public static ModelMetadata metadata(String caller, int radius, int patch, long seed) {
        return new ModelMetadata(
                caller,
                "edsr-y c" + CHANNELS + " b" + BLOCKS,
                radius,
                patch,
                "vp8",
                150,
                640,
                360,
                Map.of("clips", 1, "seed", seed),
                Map.of("gain_db", 0.5),
                Instant.parse("2026-11-26T06:00:00Z"),
                OperatingRange.derived("vp8", 640, 360, 150));
    }

    /** A bundle built from arbitrary parts, bypassing nothing: the store must judge the parts. */
    public static byte[] zipOf(ModelMetadata meta, byte[] enhancer, byte[] scorer) {
        return ModelBundle.of(meta, enhancer, scorer).toZip();
    }

    /** An enhancer graph whose input has {@code channels} channels and the given fixed or dynamic H/W. */
    public static byte[] identityGraph(Object... dims) {
        return graph("Identity", List.of(value("x", dims)), value("out", dims));
    }

    /** A one-op graph with the given input and output value infos. */
    public static byte[] graph(String op, List<OnnxMl.ValueInfoProto> inputs, OnnxMl.ValueInfoProto output) {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("test");
        g.addAllInput(inputs);
        g.addOutput(output);
        OnnxMl.NodeProto.Builder n = OnnxMl.NodeProto.newBuilder().setOpType(op).addOutput(output.getName());
        inputs.forEach(i -> n.addInput(i.getName()));
        g.addNode(n);
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setVersion(17))
                .setGraph(g)
                .build()
                .toByteArray();
    }

    /** A float tensor value; String dims are symbolic (dynamic), numbers fixed. */
    public static OnnxMl.ValueInfoProto value(String name, Object... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (Object d : dims) {
            var dim = OnnxMl.TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                                .setShape(shape)))
                .build();
    }

    /** A valid scorer graph, for bundles whose enhancer is the part under test. */
    public static byte[] scorer() {
        return OnnxModels.writeScorer(ScorerWeights.random(5L));
    }
}
