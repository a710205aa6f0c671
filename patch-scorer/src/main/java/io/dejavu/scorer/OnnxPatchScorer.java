package io.dejavu.scorer;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.dejavu.enhancer.ByteIoGraph;
import io.dejavu.enhancer.EnhancementException;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.ExecutionProvider;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.enhancer.OrtSessions;
import io.dejavu.enhancer.PatchGrid;
import io.dejavu.enhancer.onnx.ModelContract;
import io.dejavu.enhancer.onnx.ModelValidationException;
import io.dejavu.enhancer.onnx.ScorerSignature;
import io.dejavu.protocol.video.I420Frame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * The caller's learned patch scorer (ONNX, [N,1,P,P] in, [N,1] predicted dB gain out): all patches
 * of a frame run as one batch, sent as bytes (the model is wrapped to divide by 255 itself).
 * Buffers and tensors are allocated once per frame size. Not thread-safe.
 *
 * <pre>{@code
 * try (OnnxPatchScorer scorer = OnnxPatchScorer.open(Files.readAllBytes(dir.resolve("scorer.onnx")),
 *         EnhancerOptions.cpu(2))) {
 *     scorer.score(frame, grid, scores);
 * }
 * }</pre>
 */
public final class OnnxPatchScorer implements PatchScorer {
    private final OrtSessions.Opened opened;
    private final ScorerSignature signature;
    private ByteBuffer in;
    private FloatBuffer out;
    private OnnxTensor inTensor;
    private OnnxTensor outTensor;
    private int tensorCount;
    private int tensorPatch;
    private boolean closed;

    private OnnxPatchScorer(OrtSessions.Opened opened, ScorerSignature signature) {
        this.opened = opened;
        this.signature = signature;
    }

    /**
     * Loads and checks a scorer model (see {@link ModelContract#checkScorer}).
     *
     * @throws ModelLoadException if it cannot be loaded or breaks the scorer contract
     */
    public static OnnxPatchScorer open(byte[] onnx, EnhancerOptions options) throws ModelLoadException {
        ScorerSignature sig = ModelContract.checkScorer(onnx);
        byte[] wrapped = ByteIoGraph.wrapScorer(onnx, sig);
        int p = sig.patchSize() == ScorerSignature.DYNAMIC ? 32 : sig.patchSize();
        OrtSessions.Opened opened = OrtSessions.open("scorer", wrapped, options, session -> {
            ByteBuffer zeros = ByteBuffer.allocateDirect(p * p);
            try (OnnxTensor t = OnnxTensor.createTensor(
                            OrtEnvironment.getEnvironment(), zeros, new long[] {1, 1, p, p}, OnnxJavaType.UINT8);
                    OrtSession.Result r = session.run(Map.of(ByteIoGraph.INPUT, t))) {
                long[] shape = ((OnnxTensor) r.get(0)).getInfo().getShape();
                if (shape.length != 2 || shape[0] != 1 || shape[1] != 1) {
                    throw new ModelValidationException(
                            "scorer output for 1 patch has shape " + Arrays.toString(shape) + ", expected [1, 1]");
                }
            }
        });
        return new OnnxPatchScorer(opened, sig);
    }

    /** Reads the file and {@link #open(byte[], EnhancerOptions) opens} it. */
    public static OnnxPatchScorer open(Path file, EnhancerOptions options) throws ModelLoadException {
        try {
            return open(Files.readAllBytes(file), options);
        } catch (java.io.IOException e) {
            throw new ModelLoadException("cannot read scorer model " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "onnx";
    }

    public ExecutionProvider provider() {
        return opened.provider();
    }

    public ScorerSignature signature() {
        return signature;
    }

    @Override
    public boolean acceptsPatchSize(int patchSize) {
        return signature.acceptsPatchSize(patchSize);
    }

    @Override
    public void score(I420Frame frame, PatchGrid grid, float[] scores) throws EnhancementException {
        if (closed) {
            throw new IllegalStateException("scorer is closed");
        }
        int p = grid.patchSize();
        if (!acceptsPatchSize(p)) {
            throw new IllegalArgumentException(
                    "scorer takes " + signature.patchSize() + "x" + signature.patchSize() + " patches, got " + p);
        }
        int n = grid.count();
        if (scores.length < n) {
            throw new IllegalArgumentException("scores has room for " + scores.length + ", expected " + n);
        }
        try {
            prepare(n, p);
            byte[] y = frame.y();
            int w = frame.width();
            int pp = p * p;
            for (int i = 0; i < n; i++) {
                int src = grid.patchY(i) * w + grid.patchX(i);
                int dst = i * pp;
                for (int r = 0; r < p; r++) {
                    in.put(dst, y, src, p);
                    src += w;
                    dst += p;
                }
            }
            try (OrtSession.Result r = opened.session()
                    .run(Map.of(ByteIoGraph.INPUT, inTensor), Map.of(signature.outputName(), outTensor))) {
                out.get(0, scores, 0, n);
            }
        } catch (OrtException e) {
            throw new EnhancementException("scorer failed on " + n + " patches: " + e.getMessage(), e);
        }
    }

    private void prepare(int n, int p) throws OrtException {
        if (inTensor != null && tensorCount == n && tensorPatch == p) {
            return;
        }
        closeTensors();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        in = ByteBuffer.allocateDirect(n * p * p).order(ByteOrder.nativeOrder());
        out = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        inTensor = OnnxTensor.createTensor(env, in, new long[] {n, 1, p, p}, OnnxJavaType.UINT8);
        outTensor = OnnxTensor.createTensor(env, out, new long[] {n, 1});
        tensorCount = n;
        tensorPatch = p;
    }

    private void closeTensors() {
        if (inTensor != null) {
            inTensor.close();
            outTensor.close();
            inTensor = null;
            outTensor = null;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeTensors();
        opened.close();
    }
}
