package io.dejavu.enhancer.onnx;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.platform.Fp16Conversions;
import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Checks that ONNX bytes are a model Dejavu can run, with messages meant for the person who
 * supplied the model. Loads the model in ONNX Runtime (CPU), checks names, element types and
 * shapes, and runs it once on a small input.
 *
 * <ul>
 *   <li>Enhancer: one input [N,1,H,W] and one output [N,1,H,W], float32 or float16 (both the
 *       same), N, H and W dynamic; the output keeps the input's size.
 *   <li>Scorer: one float32 input [N,1,P,P] (P fixed or dynamic) and one output [N,1].
 * </ul>
 *
 * <pre>{@code
 * try {
 *     EnhancerSignature sig = ModelContract.checkEnhancer(uploadedBytes);
 *     ScorerSignature scorer = ModelContract.checkScorer(scorerBytes);
 * } catch (ModelValidationException e) {
 *     return badRequest(e.getMessage()); // e.g. "enhancer input 'x' has 3 channels, expected 1"
 * }
 * }</pre>
 */
public final class ModelContract {
    private static final int PROBE_SIZE = 24;
    private static final int PROBE_PATCH = 32;
    private static final Set<String> POINTWISE_OPS = Set.of(
            "Relu",
            "LeakyRelu",
            "PRelu",
            "Add",
            "Sub",
            "Mul",
            "Div",
            "Clip",
            "Sigmoid",
            "Tanh",
            "Identity",
            "Cast",
            "Constant",
            "Max",
            "Min",
            "HardSigmoid",
            "Elu",
            "Selu",
            "Neg",
            "Abs",
            "Sqrt",
            "Pow",
            "Exp",
            "Log");

    private ModelContract() {}

    /** Validates an enhancer model; see the class comment for the contract. */
    public static EnhancerSignature checkEnhancer(byte[] onnx) throws ModelValidationException {
        requireBytes("enhancer", onnx);
        try (OrtSession.SessionOptions options = probeOptions();
                OrtSession session = open("enhancer", onnx, options)) {
            EnhancerSignature sig = inspectEnhancer(session, onnx);
            probeEnhancer(session, sig);
            return sig;
        } catch (OrtException e) {
            throw new ModelValidationException("enhancer model could not be closed: " + e.getMessage(), e);
        }
    }

    /** Validates a scorer model; see the class comment for the contract. */
    public static ScorerSignature checkScorer(byte[] onnx) throws ModelValidationException {
        requireBytes("scorer", onnx);
        try (OrtSession.SessionOptions options = probeOptions();
                OrtSession session = open("scorer", onnx, options)) {
            ScorerSignature sig = inspectScorer(session);
            probeScorer(session, sig);
            return sig;
        } catch (OrtException e) {
            throw new ModelValidationException("scorer model could not be closed: " + e.getMessage(), e);
        }
    }

    /**
     * Checks an already opened enhancer session's inputs and outputs (no test run). The bytes are
     * used to read the receptive field from the graph.
     */
    public static EnhancerSignature inspectEnhancer(OrtSession session, byte[] onnx) throws ModelValidationException {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (inputs.size() != 1) {
                throw new ModelValidationException("enhancer has " + inputs.size() + " inputs " + inputs.keySet()
                        + ", expected exactly 1 input [N,1,H,W]");
            }
            if (outputs.size() != 1) {
                throw new ModelValidationException("enhancer has " + outputs.size() + " outputs " + outputs.keySet()
                        + ", expected exactly 1 output [N,1,H,W]");
            }
            NodeInfo in = inputs.values().iterator().next();
            NodeInfo out = outputs.values().iterator().next();
            Precision precision = requireImageTensor("enhancer input", in);
            Precision outPrecision = requireImageTensor("enhancer output", out);
            if (precision != outPrecision) {
                throw new ModelValidationException("enhancer output '" + out.getName() + "' is " + name(outPrecision)
                        + " but input '" + in.getName() + "' is " + name(precision) + ", expected the same type");
            }
            requireDynamic("enhancer input", in, 2, "height", "frames of any size fit");
            requireDynamic("enhancer input", in, 3, "width", "frames of any size fit");
            int radius = receptiveFieldRadius(session, onnx);
            String arch = session.getMetadata()
                    .getCustomMetadataValue(OnnxModels.META_ARCHITECTURE)
                    .orElse(session.getMetadata().getProducerName());
            return new EnhancerSignature(in.getName(), out.getName(), precision, radius, arch);
        } catch (OrtException e) {
            throw new ModelValidationException("enhancer model could not be inspected: " + e.getMessage(), e);
        }
    }

    /** Checks an already opened scorer session's inputs and outputs (no test run). */
    public static ScorerSignature inspectScorer(OrtSession session) throws ModelValidationException {
        try {
            Map<String, NodeInfo> inputs = session.getInputInfo();
            Map<String, NodeInfo> outputs = session.getOutputInfo();
            if (inputs.size() != 1) {
                throw new ModelValidationException("scorer has " + inputs.size() + " inputs " + inputs.keySet()
                        + ", expected exactly 1 input [N,1,P,P]");
            }
            if (outputs.size() != 1) {
                throw new ModelValidationException("scorer has " + outputs.size() + " outputs " + outputs.keySet()
                        + ", expected exactly 1 output [N,1]");
            }
            NodeInfo in = inputs.values().iterator().next();
            NodeInfo out = outputs.values().iterator().next();
            if (requireImageTensor("scorer input", in) != Precision.FP32) {
                throw new ModelValidationException(
                        "scorer input '" + in.getName() + "' is float16, expected float32 (scorers run in fp32)");
            }
            long[] shape = ((TensorInfo) in.getInfo()).getShape();
            int patch;
            if (shape[2] < 0 && shape[3] < 0) {
                patch = ScorerSignature.DYNAMIC;
            } else if (shape[2] == shape[3] && shape[2] > 0) {
                patch = (int) shape[2];
            } else {
                throw new ModelValidationException("scorer input '" + in.getName() + "' is " + dim(shape[2]) + "x"
                        + dim(shape[3]) + ", expected square patches [N,1,P,P] with P fixed or both dynamic");
            }
            if (!(out.getInfo() instanceof TensorInfo outInfo)) {
                throw new ModelValidationException(
                        "scorer output '" + out.getName() + "' is not a tensor, expected a float32 tensor [N,1]");
            }
            if (outInfo.type != OnnxJavaType.FLOAT) {
                throw new ModelValidationException("scorer output '" + out.getName() + "' is "
                        + outInfo.type.name().toLowerCase() + ", expected float32");
            }
            long[] os = outInfo.getShape();
            if (os.length != 2) {
                throw new ModelValidationException("scorer output '" + out.getName() + "' has " + os.length
                        + " dimensions " + shapeString(os) + ", expected 2 [N,1]");
            }
            if (os[1] != 1 && os[1] >= 0) {
                throw new ModelValidationException("scorer output '" + out.getName() + "' has " + os[1]
                        + " values per patch, expected 1 (the predicted gain)");
            }
            if (shape[0] > 0) {
                throw new ModelValidationException("scorer input '" + in.getName() + "' has a fixed batch size of "
                        + shape[0] + ", expected a dynamic batch dimension (all patches of a frame run as one batch)");
            }
            return new ScorerSignature(in.getName(), out.getName(), patch);
        } catch (OrtException e) {
            throw new ModelValidationException("scorer model could not be inspected: " + e.getMessage(), e);
        }
    }

    private static void requireBytes(String what, byte[] onnx) throws ModelValidationException {
        if (onnx == null || onnx.length == 0) {
            throw new ModelValidationException(what + " model is empty (0 bytes), expected an ONNX file");
        }
    }

    private static OrtSession.SessionOptions probeOptions() throws ModelValidationException {
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            return options;
        } catch (OrtException e) {
            throw new ModelValidationException("ONNX Runtime could not start: " + e.getMessage(), e);
        }
    }

    private static OrtSession open(String what, byte[] onnx, OrtSession.SessionOptions options)
            throws ModelValidationException {
        try {
            return OrtEnvironment.getEnvironment().createSession(onnx, options);
        } catch (OrtException e) {
            throw new ModelValidationException(
                    what + " model is not a loadable ONNX model (" + onnx.length + " bytes): " + ortReason(e), e);
        }
    }

    /** ORT messages start with an error-code prefix that means nothing to a user. */
    static String ortReason(OrtException e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("message: ");
        return i >= 0 ? m.substring(i + "message: ".length()).trim() : m.trim();
    }

    private static Precision requireImageTensor(String what, NodeInfo node) throws ModelValidationException {
        if (!(node.getInfo() instanceof TensorInfo info)) {
            throw new ModelValidationException(
                    what + " '" + node.getName() + "' is not a tensor, expected a float tensor [N,1,H,W]");
        }
        Precision precision;
        if (info.type == OnnxJavaType.FLOAT) {
            precision = Precision.FP32;
        } else if (info.type == OnnxJavaType.FLOAT16) {
            precision = Precision.FP16;
        } else {
            throw new ModelValidationException(what + " '" + node.getName() + "' is "
                    + info.type.name().toLowerCase() + ", expected float32 or float16");
        }
        long[] shape = info.getShape();
        if (shape.length != 4) {
            throw new ModelValidationException(what + " '" + node.getName() + "' has " + shape.length + " dimensions "
                    + shapeString(shape) + ", expected 4 [N,1,H,W]");
        }
        if (shape[1] != 1) {
            String channels = shape[1] < 0 ? "a dynamic number of" : Long.toString(shape[1]);
            throw new ModelValidationException(
                    what + " '" + node.getName() + "' has " + channels + " channels, expected 1 (luminance only)");
        }
        if (shape[0] > 0) {
            throw new ModelValidationException(what + " '" + node.getName() + "' has a fixed batch size of " + shape[0]
                    + ", expected a dynamic batch dimension (patches run as one batch)");
        }
        return precision;
    }

    private static void requireDynamic(String what, NodeInfo node, int axis, String axisName, String why)
            throws ModelValidationException {
        long[] shape = ((TensorInfo) node.getInfo()).getShape();
        if (shape[axis] > 0) {
            throw new ModelValidationException(what + " '" + node.getName() + "' has a fixed " + axisName + " of "
                    + shape[axis] + ", expected a dynamic " + axisName + " so " + why);
        }
    }

    private static void probeEnhancer(OrtSession session, EnhancerSignature sig) throws ModelValidationException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int n = PROBE_SIZE * PROBE_SIZE;
        long[] shape = {1, 1, PROBE_SIZE, PROBE_SIZE};
        try (OnnxTensor input = probeTensor(env, sig.precision(), n, shape);
                OrtSession.Result result = session.run(Map.of(sig.inputName(), input))) {
            OnnxValue value = result.get(0);
            if (!(value instanceof OnnxTensor out)) {
                throw new ModelValidationException(
                        "enhancer output '" + sig.outputName() + "' is not a tensor when run on a test input");
            }
            long[] outShape = out.getInfo().getShape();
            if (!Arrays.equals(outShape, shape)) {
                throw new ModelValidationException("enhancer output for a " + PROBE_SIZE + "x" + PROBE_SIZE
                        + " input is " + shapeString(outShape) + ", expected " + shapeString(shape)
                        + " (the model must keep the frame size)");
            }
            requireFinite("enhancer", out, sig.precision());
        } catch (OrtException e) {
            throw new ModelValidationException(
                    "enhancer failed on a 1x1x" + PROBE_SIZE + "x" + PROBE_SIZE + " test input: " + ortReason(e), e);
        }
    }

    private static void probeScorer(OrtSession session, ScorerSignature sig) throws ModelValidationException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int p = sig.patchSize() == ScorerSignature.DYNAMIC ? PROBE_PATCH : sig.patchSize();
        long[] shape = {2, 1, p, p};
        try (OnnxTensor input = probeTensor(env, Precision.FP32, 2 * p * p, shape);
                OrtSession.Result result = session.run(Map.of(sig.inputName(), input))) {
            OnnxValue value = result.get(0);
            if (!(value instanceof OnnxTensor out)) {
                throw new ModelValidationException(
                        "scorer output '" + sig.outputName() + "' is not a tensor when run on test patches");
            }
            long[] outShape = out.getInfo().getShape();
            if (!Arrays.equals(outShape, new long[] {2, 1})) {
                throw new ModelValidationException("scorer output for 2 patches of " + p + "x" + p + " is "
                        + shapeString(outShape) + ", expected [2,1] (one score per patch)");
            }
            requireFinite("scorer", out, Precision.FP32);
        } catch (OrtException e) {
            throw new ModelValidationException(
                    "scorer failed on 2 test patches of " + p + "x" + p + ": " + ortReason(e), e);
        }
    }

    private static OnnxTensor probeTensor(OrtEnvironment env, Precision precision, int n, long[] shape)
            throws OrtException {
        // A smooth ramp with a little texture: realistic enough to expose NaN-producing weights.
        if (precision == Precision.FP16) {
            ByteBuffer buf = ByteBuffer.allocateDirect(n * 2).order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                buf.putShort(Fp16Conversions.floatToFp16(probeValue(i, n)));
            }
            buf.flip();
            return OnnxTensor.createTensor(env, buf, shape, OnnxJavaType.FLOAT16);
        }
        FloatBuffer buf =
                ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < n; i++) {
            buf.put(probeValue(i, n));
        }
        buf.flip();
        return OnnxTensor.createTensor(env, buf, shape);
    }

    private static float probeValue(int i, int n) {
        return 0.2f + 0.6f * i / n + ((i * 7) % 5) * 0.02f;
    }

    private static void requireFinite(String what, OnnxTensor out, Precision precision)
            throws ModelValidationException {
        if (precision == Precision.FP16) {
            ByteBuffer b = out.getByteBuffer().order(ByteOrder.nativeOrder());
            while (b.remaining() >= 2) {
                if (!Float.isFinite(Fp16Conversions.fp16ToFloat(b.getShort()))) {
                    throw new ModelValidationException(what + " produced NaN or infinity on a test input");
                }
            }
            return;
        }
        FloatBuffer f = out.getFloatBuffer();
        while (f.hasRemaining()) {
            if (!Float.isFinite(f.get())) {
                throw new ModelValidationException(what + " produced NaN or infinity on a test input");
            }
        }
    }

    /**
     * The receptive-field radius: the model's own metadata when present, else an upper bound
     * summing the reach of every convolution (exact for a chain of convolutions, safe for any
     * graph of convolutions and point-wise operators), else {@link EnhancerSignature#UNKNOWN}.
     */
    private static int receptiveFieldRadius(OrtSession session, byte[] onnx) throws OrtException {
        var declared = session.getMetadata().getCustomMetadataValue(OnnxModels.META_RECEPTIVE_FIELD);
        if (declared.isPresent()) {
            try {
                int r = Integer.parseInt(declared.get().trim());
                if (r >= 0) {
                    return r;
                }
            } catch (NumberFormatException ignored) {
                // fall through to the graph bound
            }
        }
        return graphRadiusBound(onnx);
    }

    static int graphRadiusBound(byte[] onnx) {
        OnnxMl.ModelProto model;
        try {
            model = OnnxMl.ModelProto.parseFrom(onnx);
        } catch (InvalidProtocolBufferException e) {
            return EnhancerSignature.UNKNOWN;
        }
        Map<String, OnnxMl.TensorProto> initializers = new java.util.HashMap<>();
        for (OnnxMl.TensorProto t : model.getGraph().getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        int radius = 0;
        for (OnnxMl.NodeProto node : model.getGraph().getNodeList()) {
            if (POINTWISE_OPS.contains(node.getOpType())) {
                continue;
            }
            if (!node.getOpType().equals("Conv")) {
                return EnhancerSignature.UNKNOWN;
            }
            long kernel = 0;
            long dilation = 1;
            long stride = 1;
            for (OnnxMl.AttributeProto a : node.getAttributeList()) {
                switch (a.getName()) {
                    case "kernel_shape" ->
                        kernel = a.getIntsList().stream()
                                .mapToLong(Long::longValue)
                                .max()
                                .orElse(0);
                    case "dilations" ->
                        dilation = a.getIntsList().stream()
                                .mapToLong(Long::longValue)
                                .max()
                                .orElse(1);
                    case "strides" ->
                        stride = a.getIntsList().stream()
                                .mapToLong(Long::longValue)
                                .max()
                                .orElse(1);
                    default -> {}
                }
            }
            if (kernel == 0 && node.getInputCount() > 1 && initializers.containsKey(node.getInput(1))) {
                OnnxMl.TensorProto w = initializers.get(node.getInput(1));
                if (w.getDimsCount() == 4) {
                    kernel = Math.max(w.getDims(2), w.getDims(3));
                }
            }
            if (kernel == 0 || stride != 1) {
                return EnhancerSignature.UNKNOWN;
            }
            radius += (int) (dilation * (kernel - 1) / 2 + (kernel % 2 == 0 ? 1 : 0));
        }
        return radius;
    }

    private static String name(Precision p) {
        return p == Precision.FP16 ? "float16" : "float32";
    }

    private static String dim(long d) {
        return d < 0 ? "?" : Long.toString(d);
    }

    static String shapeString(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(dim(shape[i]));
        }
        return sb.append(']').toString();
    }
}
