package io.dejavu.enhancer;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;
import com.google.protobuf.ByteString;
import io.dejavu.enhancer.onnx.ModelValidationException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds one ONNX graph that does a whole top-k frame step on the device: cut every patch of the
 * frame (one Gather), score them with the caller's scorer, pick the k best (TopK), cut their tiles
 * (patch plus halo), enhance them with the caller's enhancer and crop the patches. The frame's
 * luminance goes to the device once; only the k enhanced patches and their indices come back (the
 * caller writes them into the frame, as {@link Enhancer#enhancePatches} does).
 *
 * <p>The result is the same as scoring, selecting and enhancing patch by patch through {@link
 * Enhancer#enhancePatches}: the same scorer and enhancer graphs (both {@link ByteIoGraph wrapped}
 * for bytes), the same {@link PatchGrid} tiles, the same order of patches (TopK sorts by score,
 * largest first, as the Java top-k does). The index tables depend on the grid, so a graph serves one
 * frame size and patch size.
 *
 * <pre>{@code
 * byte[] fused = FusedTopKGraph.build(ByteIoGraph.wrapScorer(scorer, scorerSig),
 *         ByteIoGraph.wrap(enhancer, enhancerSig), new PatchGrid(1280, 720, 64, 10));
 * // inputs FRAME uint8 [1,1,H,W] and K int64 [1]; outputs PATCHES uint8 [k,P*P], INDICES int64 [k]
 * }</pre>
 */
public final class FusedTopKGraph {
    /** Input: the frame's luminance, uint8 [1,1,H,W]. */
    public static final String FRAME = "dejavu_frame_y_u8";
    /** Input: how many patches to enhance, int64 [1], in 1..patch count. */
    public static final String K = "dejavu_k";
    /** Output: the k enhanced patches, best score first, uint8 [k,P*P] (rows of P bytes). */
    public static final String PATCHES = "dejavu_patches_u8_enhanced";
    /** Output: which patches of the grid they are, int64 [k], same order. */
    public static final String INDICES = "dejavu_patch_indices";

    private static final String P = "dejavu_fused_";

    private FusedTopKGraph() {}

    /**
     * @param wrappedScorer a scorer from {@link ByteIoGraph#wrapScorer} (uint8 [N,1,P,P] in, [N,1] out)
     * @param wrappedEnhancer an enhancer from {@link ByteIoGraph#wrap} (uint8 in and out)
     * @param grid the frame size, patch size and halo the graph is for
     */
    public static byte[] build(byte[] wrappedScorer, byte[] wrappedEnhancer, PatchGrid grid)
            throws ModelValidationException {
        OnnxMl.ModelProto scorer = parse(wrappedScorer, "scorer");
        OnnxMl.ModelProto enhancer = parse(wrappedEnhancer, "enhancer");
        if (scorer.getGraph().getOutputCount() != 1) {
            throw new ModelValidationException(
                    "scorer has " + scorer.getGraph().getOutputCount() + " outputs, expected 1 ([N,1] scores)");
        }
        int n = grid.count();
        int p = grid.patchSize();
        int w = grid.width();
        int h = grid.height();
        int tw = grid.tileWidth();
        int th = grid.tileHeight();
        int pp = p * p;
        int[] patchIdx = new int[n * pp];
        int[] cropIdx = new int[n * pp];
        int[] tileIdx = new int[n * th * tw];
        for (int i = 0; i < n; i++) {
            int px = grid.patchX(i);
            int py = grid.patchY(i);
            int tx = grid.tileX(i);
            int ty = grid.tileY(i);
            for (int r = 0; r < p; r++) {
                for (int c = 0; c < p; c++) {
                    int j = i * pp + r * p + c;
                    int f = (py + r) * w + px + c;
                    patchIdx[j] = f;
                    cropIdx[j] = (py - ty + r) * tw + (px - tx + c);
                }
            }
            for (int r = 0; r < th; r++) {
                for (int c = 0; c < tw; c++) {
                    tileIdx[(i * th + r) * tw + c] = (ty + r) * w + tx + c;
                }
            }
        }
        String scores = P + "scores";
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("dejavu_fused_topk");
        g.addInput(valueInfo(FRAME, DataType.UINT8, 1, 1, h, w));
        g.addInput(valueInfo(K, DataType.INT64, 1));
        g.addInitializer(int64(P + "flat_shape", new long[] {1}, new long[] {-1}));
        g.addInitializer(int64(P + "tiles_shape", new long[] {4}, new long[] {-1, 1, th, tw}));
        g.addInitializer(int64(P + "rows_shape", new long[] {2}, new long[] {-1, (long) th * tw}));
        g.addInitializer(int32(P + "patch_idx", new long[] {n, 1, p, p}, patchIdx));
        g.addInitializer(int32(P + "tile_idx", new long[] {n, th, tw}, tileIdx));
        g.addInitializer(int32(P + "crop_idx", new long[] {n, pp}, cropIdx));
        g.addNode(node("Reshape", P + "flat", FRAME, P + "flat_shape"));
        g.addNode(node("Gather", "s_" + ByteIoGraph.INPUT, P + "flat", P + "patch_idx"));
        embed(scorer.getGraph(), "s_", g, Map.of(scorer.getGraph().getOutput(0).getName(), scores));
        g.addNode(node("Reshape", P + "scores_flat", scores, P + "flat_shape"));
        g.addNode(node("TopK", P + "top_values", P + "scores_flat", K).toBuilder()
                .addOutput(INDICES)
                .addAttribute(intAttr("axis", 0))
                .addAttribute(intAttr("largest", 1))
                .addAttribute(intAttr("sorted", 1))
                .build());
        g.addNode(node("Gather", P + "sel_tile_idx", P + "tile_idx", INDICES));
        g.addNode(node("Gather", P + "tiles_hw", P + "flat", P + "sel_tile_idx"));
        g.addNode(node("Reshape", "e_" + ByteIoGraph.INPUT, P + "tiles_hw", P + "tiles_shape"));
        embed(enhancer.getGraph(), "e_", g, Map.of());
        g.addNode(node("Reshape", P + "enhanced_rows", "e_" + ByteIoGraph.OUTPUT, P + "rows_shape"));
        g.addNode(node("Gather", P + "sel_crop", P + "crop_idx", INDICES));
        g.addNode(node("GatherElements", PATCHES, P + "enhanced_rows", P + "sel_crop").toBuilder()
                .addAttribute(intAttr("axis", 1))
                .build());
        g.addOutput(valueInfo(PATCHES, DataType.UINT8, -1, pp));
        g.addOutput(valueInfo(INDICES, DataType.INT64, -1));
        long opset = Math.max(opset(scorer), opset(enhancer));
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(Math.max(8, Math.max(scorer.getIrVersion(), enhancer.getIrVersion())))
                .setProducerName("dejavu")
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(Math.max(16, opset)))
                .setGraph(g)
                .build()
                .toByteArray();
    }

    private static long opset(OnnxMl.ModelProto m) {
        long v = 0;
        for (OnnxMl.OperatorSetIdProto o : m.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                v = Math.max(v, o.getVersion());
            }
        }
        return v;
    }

    private static OnnxMl.ModelProto parse(byte[] onnx, String what) throws ModelValidationException {
        try {
            OnnxMl.ModelProto m = OnnxMl.ModelProto.parseFrom(onnx);
            for (OnnxMl.OperatorSetIdProto o : m.getOpsetImportList()) {
                if (!o.getDomain().isEmpty() && !o.getDomain().equals("ai.onnx")) {
                    throw new ModelValidationException(
                            what + " uses operator domain '" + o.getDomain() + "', which the fused graph cannot merge");
                }
            }
            return m;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new ModelValidationException(what + " is not a readable ONNX protobuf: " + e.getMessage(), e);
        }
    }

    /** Copies a graph's nodes and initializers into {@code dst}, every name prefixed, some renamed. */
    private static void embed(
            OnnxMl.GraphProto src, String prefix, OnnxMl.GraphProto.Builder dst, Map<String, String> rename) {
        UnaryOperator<String> name = s -> s.isEmpty() ? s : rename.getOrDefault(s, prefix + s);
        for (OnnxMl.TensorProto t : src.getInitializerList()) {
            dst.addInitializer(t.toBuilder().setName(name.apply(t.getName())));
        }
        for (OnnxMl.NodeProto n : src.getNodeList()) {
            OnnxMl.NodeProto.Builder b =
                    n.toBuilder().clearInput().clearOutput().setName(prefix + n.getName());
            n.getInputList().forEach(i -> b.addInput(name.apply(i)));
            n.getOutputList().forEach(o -> b.addOutput(name.apply(o)));
            dst.addNode(b);
        }
    }

    private static OnnxMl.NodeProto node(String op, String output, String... inputs) {
        return OnnxMl.NodeProto.newBuilder()
                .setOpType(op)
                .setName(output)
                .addAllInput(List.of(inputs))
                .addOutput(output)
                .build();
    }

    private static OnnxMl.AttributeProto intAttr(String name, long value) {
        return OnnxMl.AttributeProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, DataType type, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            // -1: the k of the run
            shape.addDim(
                    d < 0
                            ? OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("k")
                            : OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(type.getNumber())
                                .setShape(shape)))
                .build();
    }

    private static OnnxMl.TensorProto int64(String name, long[] dims, long[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return tensor(name, DataType.INT64, dims, raw);
    }

    private static OnnxMl.TensorProto int32(String name, long[] dims, int[] values) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            raw.putInt(v);
        }
        return tensor(name, DataType.INT32, dims, raw);
    }

    private static OnnxMl.TensorProto tensor(String name, DataType type, long[] dims, ByteBuffer raw) {
        raw.flip();
        OnnxMl.TensorProto.Builder t =
                OnnxMl.TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        return t.setRawData(ByteString.copyFrom(raw)).build();
    }
}
