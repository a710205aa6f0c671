package io.dejavu.training.model;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import io.dejavu.enhancer.onnx.EdsrWeights;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.Precision;
import io.dejavu.training.TrainingException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns trained weights into the ONNX graphs the runtime expects, through the enhancer module's
 * writer ({@link OnnxModels}, so training and runtime share one graph definition), and reads
 * enhancer weights back from such a graph (to fine-tune from a shipped model).
 *
 * <pre>{@code
 * Files.write(dir.resolve("enhancer.onnx"), OnnxGraphs.enhancer(net.exportWeights()));
 * }</pre>
 */
public final class OnnxGraphs {

    private OnnxGraphs() {}

    /** The enhancer graph with {@code weights}, serialized by the enhancer module's writer. */
    public static byte[] enhancer(EnhancerWeights weights) {
        if (weights.inputs() != 1) {
            throw new TrainingException("a temporal model (" + weights.inputs() + " input frames) has no enhancer"
                    + " graph: the enhancer runs single-frame models only (ADR 0509)");
        }
        List<ConvWeights> c = weights.convs();
        List<EdsrWeights.ResidualBlock> blocks = new ArrayList<>();
        for (int b = 0; b < weights.architecture().blocks(); b++) {
            blocks.add(new EdsrWeights.ResidualBlock(shared(c.get(1 + 2 * b)), shared(c.get(2 + 2 * b))));
        }
        return OnnxModels.writeEnhancer(
                new EdsrWeights(shared(c.get(0)), blocks, shared(c.get(c.size() - 1))), Precision.FP32);
    }

    /** The scorer graph with {@code weights}, serialized by the enhancer module's writer. */
    public static byte[] scorer(ScorerWeights weights) {
        List<ConvWeights> c = weights.convs();
        return OnnxModels.writeScorer(new io.dejavu.enhancer.onnx.ScorerWeights(
                shared(c.get(0)),
                shared(c.get(1)),
                shared(c.get(2)),
                weights.linear().weight(),
                weights.linear().bias()[0]));
    }

    /**
     * Reads the weights of a scorer written by {@link #scorer}: three Conv nodes and the Gemm.
     *
     * @throws TrainingException if the bytes are not such a graph
     */
    public static ScorerWeights readScorer(byte[] onnx, int patchSize) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new TrainingException("not an ONNX model: " + e.getMessage(), e);
        }
        Map<String, TensorProto> init = new HashMap<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            init.put(t.getName(), t);
        }
        List<ConvWeights> convs = new ArrayList<>();
        ConvWeights linear = null;
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (n.getOpType().equals("Conv") || n.getOpType().equals("Gemm")) {
                TensorProto w = init.get(n.getInput(1));
                TensorProto b = n.getInputCount() > 2 ? init.get(n.getInput(2)) : null;
                if (w == null || b == null) {
                    throw new TrainingException("scorer node " + n.getName() + " lacks constant weights");
                }
                if (n.getOpType().equals("Conv")) {
                    convs.add(new ConvWeights(
                            (int) w.getDims(0), (int) w.getDims(1), (int) w.getDims(2), 2, floats(w), floats(b)));
                } else {
                    linear = new ConvWeights(1, (int) w.getDims(1), 1, 1, floats(w), floats(b));
                }
            }
        }
        if (convs.size() != 3 || linear == null) {
            throw new TrainingException("not a patch-scorer graph: " + convs.size() + " convolutions"
                    + (linear == null ? ", no linear layer" : ""));
        }
        return new ScorerWeights(patchSize, convs, linear);
    }

    /** The enhancer module's weight record as training weights (e.g. {@code EdsrWeights.random} to start from). */
    public static EnhancerWeights fromShared(EdsrWeights w) {
        List<ConvWeights> convs = new ArrayList<>();
        convs.add(local(w.head()));
        for (EdsrWeights.ResidualBlock b : w.blocks()) {
            convs.add(local(b.first()));
            convs.add(local(b.second()));
        }
        convs.add(local(w.tail()));
        return new EnhancerWeights(new Architecture(w.channels(), w.blockCount()), convs);
    }

    private static ConvWeights local(io.dejavu.enhancer.onnx.ConvWeights c) {
        return new ConvWeights(c.outChannels(), c.inChannels(), c.kernel(), 1, c.weight(), c.bias());
    }

    private static io.dejavu.enhancer.onnx.ConvWeights shared(ConvWeights w) {
        return new io.dejavu.enhancer.onnx.ConvWeights(w.out(), w.in(), w.kernel(), w.weight(), w.bias());
    }

    /**
     * Reads the weights of an enhancer written by {@link #enhancer}: the Conv nodes in graph order.
     *
     * @throws TrainingException if the bytes are not such a graph
     */
    public static EnhancerWeights readEnhancer(byte[] onnx) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            throw new TrainingException("not an ONNX model: " + e.getMessage(), e);
        }
        Map<String, TensorProto> init = new HashMap<>();
        for (TensorProto t : model.getGraph().getInitializerList()) {
            init.put(t.getName(), t);
        }
        List<ConvWeights> convs = new ArrayList<>();
        for (NodeProto n : model.getGraph().getNodeList()) {
            if (!n.getOpType().equals("Conv")) {
                continue;
            }
            if (n.getInputCount() != 3) {
                throw new TrainingException("Conv node " + n.getName() + " has no bias; not an EDSR-Y graph");
            }
            TensorProto w = init.get(n.getInput(1));
            TensorProto b = init.get(n.getInput(2));
            if (w == null || b == null || w.getDimsCount() != 4) {
                throw new TrainingException("Conv node " + n.getName() + " lacks constant weights");
            }
            convs.add(new ConvWeights(
                    (int) w.getDims(0), (int) w.getDims(1), (int) w.getDims(2), 1, floats(w), floats(b)));
        }
        if (convs.size() < 2) {
            throw new TrainingException("enhancer graph has " + convs.size() + " convolutions, expected at least 2");
        }
        int channels = convs.get(0).out();
        int blocks = (convs.size() - 2) / 2;
        return new EnhancerWeights(new Architecture(channels, blocks), convs);
    }

    private static float[] floats(TensorProto t) {
        if (t.getDataType() != TensorProto.DataType.FLOAT.getNumber()) {
            throw new TrainingException("tensor " + t.getName() + " is not float32");
        }
        if (!t.getRawData().isEmpty()) {
            ByteBuffer b = t.getRawData().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] out = new float[b.remaining() / 4];
            b.asFloatBuffer().get(out);
            return out;
        }
        float[] out = new float[t.getFloatDataCount()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.getFloatData(i);
        }
        return out;
    }
}
