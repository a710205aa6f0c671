package io.dejavu.enhancer;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import io.dejavu.enhancer.onnx.EnhancerSignature;
import io.dejavu.enhancer.onnx.ModelValidationException;
import io.dejavu.enhancer.onnx.Precision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Wraps a caller's enhancer so it takes and returns luminance bytes: {@code uint8 [N,1,H,W]} in,
 * divided by 255 inside the graph (for fp16 models a 256-entry table of the fp16 values of
 * {@code v / 255}: two kernels instead of three, the same values); output times 255, rounded half
 * up, clamped to 0..255 (one Clip) and cast back to uint8 inside the graph.
 *
 * <p>Why: the frame's Y plane then goes to ONNX Runtime with one memory copy and comes back with
 * one, host-device transfers shrink to one byte per pixel (from four in fp32, two in fp16), and the
 * per-pixel conversion loops run on the device instead of in Java. On the GPU these copies and
 * loops were a large part of a 720p frame's time.
 *
 * <pre>{@code
 * EnhancerSignature sig = ModelContract.checkEnhancer(onnx);
 * byte[] wrapped = ByteIoGraph.wrap(onnx, sig);    // run with ByteIoGraph.INPUT / OUTPUT, uint8
 * }</pre>
 */
public final class ByteIoGraph {
    /** Input name of a wrapped enhancer or scorer: uint8 [N,1,H,W]. */
    public static final String INPUT = "dejavu_y_u8";
    /** Output name of a wrapped enhancer: uint8 [N,1,H,W]. */
    public static final String OUTPUT = "dejavu_y_u8_enhanced";

    private ByteIoGraph() {}

    /**
     * A scorer that takes uint8 patches ({@link #INPUT}) instead of floats in [0,1]; its output is
     * unchanged. Same reasons as for the enhancer: one byte per pixel to copy, no Java loop.
     */
    public static byte[] wrapScorer(byte[] onnx, io.dejavu.enhancer.onnx.ScorerSignature sig)
            throws ModelValidationException {
        OnnxMl.ModelProto model = parse(onnx);
        OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder();
        String in = sig.inputName();
        OnnxMl.ValueInfoProto original = removeInput(g, in);
        g.addInput(retype(original, INPUT, DataType.UINT8));
        g.addInitializer(scalar("dejavu_io_255", 255f));
        g.addNode(0, node("Div", in, "dejavu_io_in_f", "dejavu_io_255"));
        g.addNode(0, cast(INPUT, "dejavu_io_in_f", DataType.FLOAT));
        return model.toBuilder().setGraph(g).build().toByteArray();
    }

    private static OnnxMl.ModelProto parse(byte[] onnx) throws ModelValidationException {
        try {
            return OnnxMl.ModelProto.parseFrom(onnx);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ModelValidationException("model is not a readable ONNX protobuf: " + e.getMessage(), e);
        }
    }

    private static OnnxMl.ValueInfoProto removeInput(OnnxMl.GraphProto.Builder g, String name)
            throws ModelValidationException {
        for (int i = 0; i < g.getInputCount(); i++) {
            if (g.getInput(i).getName().equals(name)) {
                OnnxMl.ValueInfoProto v = g.getInput(i);
                g.removeInput(i);
                return v;
            }
        }
        throw new ModelValidationException("input '" + name + "' is not among the graph's inputs");
    }

    /** The enhancer wrapped for uint8 input and output; see the class comment. */
    public static byte[] wrap(byte[] onnx, EnhancerSignature sig) throws ModelValidationException {
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(onnx);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ModelValidationException("enhancer model is not a readable ONNX protobuf: " + e.getMessage(), e);
        }
        OnnxMl.GraphProto.Builder g = model.getGraph().toBuilder();
        boolean half = sig.precision() == Precision.FP16;
        String in = sig.inputName();
        String out = sig.outputName();
        String p = "dejavu_io_";

        OnnxMl.ValueInfoProto original = null;
        for (int i = 0; i < g.getInputCount(); i++) {
            if (g.getInput(i).getName().equals(in)) {
                original = g.getInput(i);
                g.removeInput(i);
                break;
            }
        }
        if (original == null) {
            throw new ModelValidationException("enhancer input '" + in + "' is not among the graph's inputs");
        }
        g.addInput(retype(original, INPUT, DataType.UINT8));
        g.addInitializer(scalar(p + "255", 255f));
        g.addInitializer(scalar(p + "half", 0.5f));
        g.addInitializer(scalar(p + "zero", 0f));

        // Prepended: uint8 -> float -> /255, or for fp16 a table of fp16(v / 255) indexed by v
        var pre = new java.util.ArrayList<OnnxMl.NodeProto>();
        if (half) {
            g.addInitializer(fp16Table(p + "fp16_of_v_255"));
            pre.add(cast(INPUT, p + "in_index", DataType.INT32));
            pre.add(node("Gather", in, p + "fp16_of_v_255", p + "in_index"));
        } else {
            pre.add(cast(INPUT, p + "in_f", DataType.FLOAT));
            pre.add(node("Div", in, p + "in_f", p + "255"));
        }
        // Appended: (fp16 ->) float -> *255 + 0.5 -> floor -> clamp -> uint8
        String o = out;
        if (half) {
            g.addNode(cast(out, p + "out_f", DataType.FLOAT));
            o = p + "out_f";
        }
        g.addNode(node("Mul", p + "out_255", o, p + "255"));
        g.addNode(node("Add", p + "out_half", p + "out_255", p + "half"));
        g.addNode(node("Floor", p + "out_floor", p + "out_half"));
        if (opset(model) >= 11) {
            g.addNode(node("Clip", p + "out_hi", p + "out_floor", p + "zero", p + "255"));
        } else {
            // Clip takes its bounds as inputs only from opset 11
            g.addNode(node("Max", p + "out_lo", p + "out_floor", p + "zero"));
            g.addNode(node("Min", p + "out_hi", p + "out_lo", p + "255"));
        }
        g.addNode(cast(p + "out_hi", OUTPUT, DataType.UINT8));
        for (int i = pre.size() - 1; i >= 0; i--) {
            g.addNode(0, pre.get(i));
        }
        OnnxMl.ValueInfoProto originalOut = null;
        for (int i = 0; i < g.getOutputCount(); i++) {
            if (g.getOutput(i).getName().equals(out)) {
                originalOut = g.getOutput(i);
                g.removeOutput(i);
                break;
            }
        }
        if (originalOut == null) {
            throw new ModelValidationException("enhancer output '" + out + "' is not among the graph's outputs");
        }
        g.addOutput(retype(originalOut, OUTPUT, DataType.UINT8));
        return model.toBuilder().setGraph(g).build().toByteArray();
    }

    private static long opset(OnnxMl.ModelProto model) {
        long v = 1;
        for (OnnxMl.OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                v = o.getVersion();
            }
        }
        return v;
    }

    /**
     * fp16 bits of {@code v / 255f} for v in 0..255: what Cast(float to fp16) of the division gives
     * (round to nearest even), so the table changes no value.
     */
    private static OnnxMl.TensorProto fp16Table(String name) {
        ByteBuffer raw = ByteBuffer.allocate(512).order(ByteOrder.LITTLE_ENDIAN);
        for (int v = 0; v < 256; v++) {
            raw.putShort(ai.onnxruntime.platform.Fp16Conversions.floatToFp16(v / 255f));
        }
        raw.flip();
        return OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(DataType.FLOAT16.getNumber())
                .addDims(256)
                .setRawData(ByteString.copyFrom(raw))
                .build();
    }

    private static OnnxMl.ValueInfoProto retype(OnnxMl.ValueInfoProto v, String name, DataType type) {
        OnnxMl.ValueInfoProto.Builder b = v.toBuilder().setName(name);
        b.getTypeBuilder().getTensorTypeBuilder().setElemType(type.getNumber());
        return b.build();
    }

    private static OnnxMl.TensorProto scalar(String name, float value) {
        ByteBuffer raw = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
        raw.flip();
        return OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw))
                .build();
    }

    private static OnnxMl.NodeProto cast(String input, String output, DataType to) {
        return OnnxMl.NodeProto.newBuilder()
                .setOpType("Cast")
                .setName(output + "_cast")
                .addInput(input)
                .addOutput(output)
                .addAttribute(OnnxMl.AttributeProto.newBuilder()
                        .setName("to")
                        .setType(OnnxMl.AttributeProto.AttributeType.INT)
                        .setI(to.getNumber()))
                .build();
    }

    private static OnnxMl.NodeProto node(String op, String output, String... inputs) {
        OnnxMl.NodeProto.Builder n =
                OnnxMl.NodeProto.newBuilder().setOpType(op).setName(output).addOutput(output);
        for (String i : inputs) {
            n.addInput(i);
        }
        return n.build();
    }
}
