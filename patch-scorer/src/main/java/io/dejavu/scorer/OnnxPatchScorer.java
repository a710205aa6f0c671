package io.dejavu.scorer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.dejavu.enhancer.EnhancementException;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.ExecutionProvider;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.enhancer.OrtSessions;
import io.dejavu.enhancer.PatchGrid;
import io.dejavu.enhancer.onnx.ModelContract;
import io.dejavu.enhancer.onnx.ScorerSignature;
import io.dejavu.protocol.video.I420Frame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The caller's learned patch scorer (ONNX, [N,1,P,P] in, [N,1] predicted dB gain out): all patches
 * of a frame run as one batch. Buffers and tensors are allocated once per frame size. Not
 * thread-safe.
 *
 * <pre>{@code
 * try (OnnxPatchScorer scorer = OnnxPatchScorer.open(Files.readAllBytes(dir.resolve("scorer.onnx")),
 *         EnhancerOptions.cpu(2))) {
 *     scorer.score(frame, grid, scores);
 * }
 * }</pre>
 */
public final class OnnxPatchScorer implements PatchScorer {
    private static final float[] BYTE_TO_FLOAT = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_TO_FLOAT[i] = i / 255f;
        }
    }

    private final OrtSessions.Opened opened;
    private final ScorerSignature signature;
    private FloatBuffer in;
    private FloatBuffer out;
    private float[] scratch = new float[0];
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
        ScorerSignature[] sig = new ScorerSignature[1];
        OrtSessions.Opened opened = OrtSessions.open("scorer", onnx, options, session -> {
            sig[0] = ModelContract.inspectScorer(session);
            int p = sig[0].patchSize() == ScorerSignature.DYNAMIC ? 32 : sig[0].patchSize();
            float[] zeros = new float[p * p];
            try (OnnxTensor t = OnnxTensor.createTensor(
                            OrtEnvironment.getEnvironment(), FloatBuffer.wrap(zeros), new long[] {1, 1, p, p});
                    OrtSession.Result r = session.run(Map.of(sig[0].inputName(), t))) {
                long[] shape = ((OnnxTensor) r.get(0)).getInfo().getShape();
                if (shape.length != 2 || shape[0] != 1 || shape[1] != 1) {
                    throw new io.dejavu.enhancer.onnx.ModelValidationException("scorer output for 1 patch has shape "
                            + java.util.Arrays.toString(shape) + ", expected [1, 1]");
                }
            }
        });
        return new OnnxPatchScorer(opened, sig[0]);
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
                int x0 = grid.patchX(i);
                int y0 = grid.patchY(i);
                int dst = i * pp;
                for (int r = 0; r < p; r++) {
                    int src = (y0 + r) * w + x0;
                    for (int c = 0; c < p; c++) {
                        scratch[dst + c] = BYTE_TO_FLOAT[y[src + c] & 0xff];
                    }
                    dst += p;
                }
            }
            in.put(0, scratch, 0, n * pp);
            try (OrtSession.Result r = opened.session()
                    .run(Map.of(signature.inputName(), inTensor), Map.of(signature.outputName(), outTensor))) {
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
        in = ByteBuffer.allocateDirect(n * p * p * 4)
                .order(ByteOrder.nativeOrder())
                .asFloatBuffer();
        out = ByteBuffer.allocateDirect(n * 4).order(ByteOrder.nativeOrder()).asFloatBuffer();
        scratch = new float[n * p * p];
        inTensor = OnnxTensor.createTensor(env, in, new long[] {n, 1, p, p});
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
