package io.dejavu.enhancer.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.platform.Fp16Conversions;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes Dejavu's two model architectures as ONNX graphs from plain weight arrays, so training
 * (DJL), tests and benchmarks all produce the exact graph the runtime expects.
 *
 * <p>The enhancer has input {@value #ENHANCER_INPUT} [N,1,H,W] and output {@value
 * #ENHANCER_OUTPUT} [N,1,H,W] (N, H, W dynamic, values Y/255); the scorer has input {@value
 * #SCORER_INPUT} [N,1,P,P] and output {@value #SCORER_OUTPUT} [N,1] (N, P dynamic). Both use ONNX
 * opset {@value #OPSET} and carry {@code dejavu.*} metadata properties (architecture, receptive
 * field radius).
 *
 * <pre>{@code
 * byte[] enhancer = OnnxModels.writeEnhancer(EdsrWeights.random(16, 4, 42L), Precision.FP16);
 * byte[] scorer = OnnxModels.writeScorer(ScorerWeights.random(7L));
 * Files.write(dir.resolve("enhancer.onnx"), enhancer);
 * }</pre>
 */
public final class OnnxModels {
    /** Enhancer input name. */
    public static final String ENHANCER_INPUT = "y";
    /** Enhancer output name. */
    public static final String ENHANCER_OUTPUT = "y_enhanced";
    /** Scorer input name. */
    public static final String SCORER_INPUT = "patches";
    /** Scorer output name. */
    public static final String SCORER_OUTPUT = "score";
    /** ONNX operator set the graphs use. */
    public static final int OPSET = 17;
    /** Metadata key holding the architecture string. */
    public static final String META_ARCHITECTURE = "dejavu.architecture";
    /** Metadata key holding the receptive-field radius in pixels. */
    public static final String META_RECEPTIVE_FIELD = "dejavu.receptive_field_radius";

    private static final long IR_VERSION = 8;

    private OnnxModels() {}

    /** The fp32 enhancer graph; same as {@code writeEnhancer(weights, Precision.FP32)}. */
    public static byte[] writeEnhancer(EdsrWeights weights) {
        return writeEnhancer(weights, Precision.FP32);
    }

    /**
     * The enhancer graph with the given precision for input, output and weights. fp16 weights are
     * rounded to the nearest half-precision value.
     */
    public static byte[] writeEnhancer(EdsrWeights weights, Precision precision) {
        Graph g = new Graph("dejavu_edsr_y", precision);
        g.input(ENHANCER_INPUT, "N", 1, "H", "W");
        String x = g.conv("head", ENHANCER_INPUT, weights.head(), 1);
        List<EdsrWeights.ResidualBlock> blocks = weights.blocks();
        for (int i = 0; i < blocks.size(); i++) {
            String prefix = "block" + i;
            String a = g.conv(prefix + "_conv1", x, blocks.get(i).first(), 1);
            String r = g.node("Relu", prefix + "_relu", List.of(a));
            String b = g.conv(prefix + "_conv2", r, blocks.get(i).second(), 1);
            x = g.node("Add", prefix + "_add", List.of(x, b));
        }
        String tail = g.conv("tail", x, weights.tail(), 1);
        g.nodeNamed("Add", "global_residual", List.of(ENHANCER_INPUT, tail), ENHANCER_OUTPUT);
        g.output(ENHANCER_OUTPUT, "N", 1, "H", "W");
        return g.toModel(
                weights.architecture() + (precision == Precision.FP16 ? " fp16" : ""), weights.receptiveFieldRadius());
    }

    /** The fp32 scorer graph. */
    public static byte[] writeScorer(ScorerWeights weights) {
        Graph g = new Graph("dejavu_patch_scorer", Precision.FP32);
        g.input(SCORER_INPUT, "N", 1, "P", "P");
        String x = g.node("Relu", "relu1", List.of(g.conv("conv1", SCORER_INPUT, weights.conv1(), 2)));
        x = g.node("Relu", "relu2", List.of(g.conv("conv2", x, weights.conv2(), 2)));
        x = g.node("Relu", "relu3", List.of(g.conv("conv3", x, weights.conv3(), 2)));
        x = g.node("GlobalAveragePool", "pool", List.of(x));
        String flat = g.node(
                "Flatten",
                "flatten",
                List.of(x),
                AttributeProto.newBuilder()
                        .setName("axis")
                        .setType(AttributeProto.AttributeType.INT)
                        .setI(1)
                        .build());
        String fcW = g.initializer("fc_weight", new long[] {1, ScorerWeights.C2}, weights.fcWeightView());
        String fcB = g.initializer("fc_bias", new long[] {1}, new float[] {weights.fcBias()});
        g.nodeNamed(
                "Gemm",
                "fc",
                List.of(flat, fcW, fcB),
                SCORER_OUTPUT,
                AttributeProto.newBuilder()
                        .setName("transB")
                        .setType(AttributeProto.AttributeType.INT)
                        .setI(1)
                        .build());
        g.output(SCORER_OUTPUT, "N", 1);
        return g.toModel("patch-scorer c8-16-16", 0);
    }

    /** Accumulates nodes and initializers of one graph. */
    private static final class Graph {
        private final GraphProto.Builder graph = GraphProto.newBuilder();
        private final Precision precision;
        private final TensorProto.DataType dataType;

        Graph(String name, Precision precision) {
            this.precision = precision;
            this.dataType = precision == Precision.FP16 ? TensorProto.DataType.FLOAT16 : TensorProto.DataType.FLOAT;
            graph.setName(name);
        }

        void input(String name, Object... dims) {
            graph.addInput(valueInfo(name, dims));
        }

        void output(String name, Object... dims) {
            graph.addOutput(valueInfo(name, dims));
        }

        private ValueInfoProto valueInfo(String name, Object... dims) {
            TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
            for (Object d : dims) {
                TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
                if (d instanceof String param) {
                    dim.setDimParam(param);
                } else {
                    dim.setDimValue(((Number) d).longValue());
                }
                shape.addDim(dim);
            }
            TypeProto type = TypeProto.newBuilder()
                    .setTensorType(TypeProto.Tensor.newBuilder()
                            .setElemType(dataType.getNumber())
                            .setShape(shape))
                    .build();
            return ValueInfoProto.newBuilder().setName(name).setType(type).build();
        }

        String initializer(String name, long[] dims, float[] values) {
            TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(dataType.getNumber());
            for (long d : dims) {
                t.addDims(d);
            }
            ByteBuffer raw;
            if (precision == Precision.FP16) {
                raw = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : values) {
                    raw.putShort(Fp16Conversions.floatToFp16(v));
                }
            } else {
                raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float v : values) {
                    raw.putFloat(v);
                }
            }
            raw.flip();
            t.setRawData(ByteString.copyFrom(raw));
            graph.addInitializer(t);
            return name;
        }

        String conv(String name, String input, ConvWeights w, int stride) {
            String weight = initializer(
                    name + "_weight",
                    new long[] {w.outChannels(), w.inChannels(), w.kernel(), w.kernel()},
                    w.weightView());
            String bias = initializer(name + "_bias", new long[] {w.outChannels()}, w.biasView());
            int pad = w.kernel() / 2;
            return node(
                    "Conv",
                    name,
                    List.of(input, weight, bias),
                    ints("kernel_shape", w.kernel(), w.kernel()),
                    ints("pads", pad, pad, pad, pad),
                    ints("strides", stride, stride),
                    ints("dilations", 1, 1));
        }

        String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
            return nodeNamed(op, name, inputs, name + "_out", attributes);
        }

        String nodeNamed(String op, String name, List<String> inputs, String output, AttributeProto... attributes) {
            NodeProto.Builder n = NodeProto.newBuilder()
                    .setOpType(op)
                    .setName(name)
                    .addAllInput(inputs)
                    .addOutput(output);
            for (AttributeProto a : attributes) {
                n.addAttribute(a);
            }
            graph.addNode(n);
            return output;
        }

        private static AttributeProto ints(String name, long... values) {
            AttributeProto.Builder a =
                    AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
            for (long v : values) {
                a.addInts(v);
            }
            return a.build();
        }

        byte[] toModel(String architecture, int receptiveFieldRadius) {
            return ModelProto.newBuilder()
                    .setIrVersion(IR_VERSION)
                    .setProducerName("dejavu")
                    .setProducerVersion("1")
                    .setDocString(architecture)
                    .addOpsetImport(
                            OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                    .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder()
                            .setKey(META_ARCHITECTURE)
                            .setValue(architecture))
                    .addMetadataProps(OnnxMl.StringStringEntryProto.newBuilder()
                            .setKey(META_RECEPTIVE_FIELD)
                            .setValue(Integer.toString(receptiveFieldRadius)))
                    .setGraph(graph)
                    .build()
                    .toByteArray();
        }
    }
}
