package io.dejavu.enhancer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.platform.Fp16Conversions;
import io.dejavu.enhancer.onnx.EnhancerSignature;
import io.dejavu.enhancer.onnx.ModelContract;
import io.dejavu.enhancer.onnx.ModelValidationException;
import io.dejavu.enhancer.onnx.Precision;
import io.dejavu.protocol.video.I420Frame;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a caller's luminance enhancement model (ONNX, [N,1,H,W] in and out, fp32 or fp16) on I420
 * frames, in place: on the whole frame, or on chosen patches of it in one batch. U and V are never
 * touched; outputs are rounded and clamped to 0..255.
 *
 * <p>Runs on CUDA when {@link EnhancerOptions#provider()} allows it and this ONNX Runtime build
 * has it, else on the CPU ({@link #provider()} says which). Input and output live in direct
 * buffers allocated when a frame size is first seen and reused afterwards. Not thread-safe: one
 * thread (the pipeline's) uses an enhancer at a time.
 *
 * <pre>{@code
 * try (Enhancer enhancer = Enhancer.open(Files.readAllBytes(model), EnhancerOptions.cpu(2))) {
 *     enhancer.warmUp(640, 360, 32);
 *     enhancer.enhanceFrame(frame);                         // whole frame
 *     PatchGrid grid = enhancer.grid(640, 360, 32);
 *     enhancer.enhancePatches(frame, grid, chosen, k);      // only the k chosen patches
 * }
 * }</pre>
 */
public final class Enhancer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Enhancer.class);
    private static final float[] BYTE_TO_FLOAT = new float[256];
    private static final short[] BYTE_TO_HALF = new short[256];
    private static final byte[] HALF_TO_BYTE = new byte[65536];

    static {
        for (int i = 0; i < 256; i++) {
            BYTE_TO_FLOAT[i] = i / 255f;
            BYTE_TO_HALF[i] = Fp16Conversions.floatToFp16(i / 255f);
        }
        for (int h = 0; h < 65536; h++) {
            HALF_TO_BYTE[h] = toByte(Fp16Conversions.fp16ToFloat((short) h));
        }
    }

    private final OrtSessions.Opened opened;
    private final EnhancerSignature signature;
    private final int radius;
    private final TensorIo frameIo;
    private final TensorIo patchIo;
    private final int batchQuantum;
    private float[] floatScratch = new float[0];
    private short[] halfScratch = new short[0];
    private boolean closed;

    private Enhancer(OrtSessions.Opened opened, EnhancerSignature signature, int radius) {
        this.opened = opened;
        this.signature = signature;
        this.radius = radius;
        var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        this.frameIo = new TensorIo(env, signature.precision());
        this.patchIo = new TensorIo(env, signature.precision());
        // cuDNN picks (and with exhaustive search, benchmarks) algorithms per input shape; rounding
        // batch sizes up to a multiple of 8 keeps the number of shapes, and first-run stalls, small.
        this.batchQuantum = opened.provider() == ExecutionProvider.CUDA ? 8 : 1;
    }

    /**
     * Loads and checks a model: it must satisfy {@link ModelContract}'s enhancer contract and run on
     * a small test input.
     *
     * @throws ModelValidationException if the model breaks the contract (message for the user)
     * @throws ModelLoadException if ONNX Runtime cannot load it at all
     */
    public static Enhancer open(byte[] onnx, EnhancerOptions options) throws ModelLoadException {
        EnhancerSignature[] sig = new EnhancerSignature[1];
        OrtSessions.Opened opened = OrtSessions.open("enhancer", onnx, options, session -> {
            sig[0] = ModelContract.inspectEnhancer(session, onnx);
            probe(session, sig[0]);
        });
        int radius = options.receptiveFieldRadius() != EnhancerOptions.FROM_MODEL
                ? options.receptiveFieldRadius()
                : sig[0].receptiveFieldRadius();
        if (radius == EnhancerSignature.UNKNOWN) {
            opened.close();
            throw new ModelValidationException("enhancer model does not declare its receptive field (metadata '"
                    + io.dejavu.enhancer.onnx.OnnxModels.META_RECEPTIVE_FIELD
                    + "') and its graph has operators whose reach cannot be bounded; give the radius in"
                    + " the model metadata or in EnhancerOptions.receptiveFieldRadius");
        }
        LOG.info(
                "enhancer {} ({}) loaded on {}, halo {} px",
                sig[0].architecture(),
                sig[0].precision(),
                opened.description(),
                radius);
        return new Enhancer(opened, sig[0], radius);
    }

    /** Reads the model file and {@link #open(byte[], EnhancerOptions) opens} it. */
    public static Enhancer open(Path file, EnhancerOptions options) throws ModelLoadException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read enhancer model " + file + ": " + e.getMessage(), e);
        }
        return open(bytes, options);
    }

    private static void probe(OrtSession session, EnhancerSignature sig) throws OrtException {
        // A real run on the chosen provider: CUDA problems (missing libraries, no device) show here.
        var env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (TensorIo io = new TensorIo(env, sig.precision())) {
            OnnxTensor[] t = io.tensors(1, 16, 16);
            try (OrtSession.Result r = session.run(Map.of(sig.inputName(), t[0]), Map.of(sig.outputName(), t[1]))) {
                if (r.size() != 1) {
                    throw new IllegalStateException("enhancer returned " + r.size() + " outputs on a test input");
                }
            }
        }
    }

    /** Where the model runs. */
    public ExecutionProvider provider() {
        return opened.provider();
    }

    /** Where the model runs, in words, e.g. {@code "CUDA device 0"} or {@code "CPU 2 threads"}. */
    public String providerDescription() {
        return opened.description();
    }

    /** Why CUDA is not used, when it was asked for; empty otherwise. */
    public Optional<String> fallbackReason() {
        return opened.fallbackReason();
    }

    public Precision precision() {
        return signature.precision();
    }

    public EnhancerSignature signature() {
        return signature;
    }

    /** The halo added around each patch: the model's receptive-field radius. */
    public int receptiveFieldRadius() {
        return radius;
    }

    /** A patch grid for a frame size with this model's halo. */
    public PatchGrid grid(int width, int height, int patchSize) {
        return new PatchGrid(width, height, patchSize, radius);
    }

    /** Batch size actually run for {@code count} patches (rounded up on CUDA to limit shapes). */
    public int batchFor(int count) {
        return (count + batchQuantum - 1) / batchQuantum * batchQuantum;
    }

    /**
     * Runs the model once per shape a call at this frame size will use (whole frame, one patch,
     * every batch size on CUDA), so the first real frame does not pay allocation and algorithm
     * search.
     */
    public void warmUp(int width, int height, int patchSize) throws ModelLoadException {
        requireOpen();
        I420Frame frame = I420Frame.blank(width, height);
        PatchGrid grid = grid(width, height, patchSize);
        int[] all = new int[grid.count()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        long start = System.nanoTime();
        try {
            enhanceFrame(frame);
            enhancePatches(frame, grid, all, 1);
            for (int n = batchQuantum; n < grid.count(); n += batchQuantum) {
                if (batchQuantum > 1 || n == batchQuantum) {
                    enhancePatches(frame, grid, all, n);
                }
            }
            enhancePatches(frame, grid, all, grid.count());
        } catch (EnhancementException e) {
            throw new ModelLoadException(
                    "enhancer failed during warm-up at " + width + "x" + height + ": " + e.getMessage(), e);
        }
        LOG.debug("warm-up at {}x{} patch {} took {} ms", width, height, patchSize, (System.nanoTime() - start) / 1e6);
    }

    /**
     * Enhances the whole luminance plane in place.
     *
     * @throws EnhancementException if ONNX Runtime fails (the frame is left unchanged)
     */
    public StageNanos enhanceFrame(I420Frame frame) throws EnhancementException {
        requireOpen();
        int w = frame.width();
        int h = frame.height();
        int n = w * h;
        long t0 = System.nanoTime();
        byte[] y = frame.y();
        try {
            OnnxTensor[] t = frameIo.tensors(1, h, w);
            if (precision() == Precision.FP16) {
                short[] s = halfScratch(n);
                for (int i = 0; i < n; i++) {
                    s[i] = BYTE_TO_HALF[y[i] & 0xff];
                }
                frameIo.inShorts().put(s, 0, n);
            } else {
                float[] f = floatScratch(n);
                for (int i = 0; i < n; i++) {
                    f[i] = BYTE_TO_FLOAT[y[i] & 0xff];
                }
                frameIo.inFloats().put(f, 0, n);
            }
            long t1 = System.nanoTime();
            run(t);
            long t2 = System.nanoTime();
            if (precision() == Precision.FP16) {
                short[] s = halfScratch(n);
                frameIo.outShorts().get(s, 0, n);
                for (int i = 0; i < n; i++) {
                    y[i] = HALF_TO_BYTE[s[i] & 0xffff];
                }
            } else {
                float[] f = floatScratch(n);
                frameIo.outFloats().get(f, 0, n);
                for (int i = 0; i < n; i++) {
                    y[i] = toByte(f[i]);
                }
            }
            return new StageNanos(t1 - t0, t2 - t1, System.nanoTime() - t2);
        } catch (OrtException e) {
            throw new EnhancementException(
                    "enhancer failed on a " + w + "x" + h + " frame: " + OrtSessions.reason(e), e);
        }
    }

    /**
     * Enhances the first {@code count} patches listed in {@code patches} (indices into {@code grid})
     * in place, as one batch. All tiles are read before any patch is written, so overlapping patches
     * see the original frame.
     *
     * @throws EnhancementException if ONNX Runtime fails (the frame is left unchanged)
     * @throws IllegalArgumentException if the grid does not match the frame or an index is out of range
     */
    public StageNanos enhancePatches(I420Frame frame, PatchGrid grid, int[] patches, int count)
            throws EnhancementException {
        requireOpen();
        if (grid.width() != frame.width() || grid.height() != frame.height()) {
            throw new IllegalArgumentException("grid is " + grid.width() + "x" + grid.height() + " but the frame is "
                    + frame.width() + "x" + frame.height());
        }
        if (grid.halo() < radius) {
            throw new IllegalArgumentException(
                    "grid halo " + grid.halo() + " is smaller than the model's receptive field " + radius);
        }
        if (count < 0 || count > patches.length) {
            throw new IllegalArgumentException("count must be in 0.." + patches.length + ", got " + count);
        }
        if (count == 0) {
            return StageNanos.ZERO;
        }
        int tw = grid.tileWidth();
        int th = grid.tileHeight();
        int tile = tw * th;
        int batch = batchFor(count);
        int width = frame.width();
        byte[] y = frame.y();
        long t0 = System.nanoTime();
        try {
            OnnxTensor[] t = patchIo.tensors(batch, th, tw);
            boolean half = precision() == Precision.FP16;
            float[] f = half ? null : floatScratch(batch * tile);
            short[] s = half ? halfScratch(batch * tile) : null;
            for (int j = 0; j < count; j++) {
                int p = patches[j];
                if (p < 0 || p >= grid.count()) {
                    throw new IllegalArgumentException("patch index " + p + " is outside 0.." + (grid.count() - 1));
                }
                int tx = grid.tileX(p);
                int ty = grid.tileY(p);
                int dst = j * tile;
                for (int r = 0; r < th; r++) {
                    int src = (ty + r) * width + tx;
                    if (half) {
                        for (int c = 0; c < tw; c++) {
                            s[dst + c] = BYTE_TO_HALF[y[src + c] & 0xff];
                        }
                    } else {
                        for (int c = 0; c < tw; c++) {
                            f[dst + c] = BYTE_TO_FLOAT[y[src + c] & 0xff];
                        }
                    }
                    dst += tw;
                }
            }
            // Slots past count (batch rounding) keep stale tiles: computed, never written back.
            if (half) {
                patchIo.inShorts().put(s, 0, count * tile);
            } else {
                patchIo.inFloats().put(f, 0, count * tile);
            }
            long t1 = System.nanoTime();
            run(t);
            long t2 = System.nanoTime();
            if (half) {
                patchIo.outShorts().get(s, 0, count * tile);
            } else {
                patchIo.outFloats().get(f, 0, count * tile);
            }
            int ps = grid.patchSize();
            for (int j = 0; j < count; j++) {
                int p = patches[j];
                int px = grid.patchX(p);
                int py = grid.patchY(p);
                int base = j * tile + (py - grid.tileY(p)) * tw + (px - grid.tileX(p));
                for (int r = 0; r < ps; r++) {
                    int src = base + r * tw;
                    int dst = (py + r) * width + px;
                    if (half) {
                        for (int c = 0; c < ps; c++) {
                            y[dst + c] = HALF_TO_BYTE[s[src + c] & 0xffff];
                        }
                    } else {
                        for (int c = 0; c < ps; c++) {
                            y[dst + c] = toByte(f[src + c]);
                        }
                    }
                }
            }
            return new StageNanos(t1 - t0, t2 - t1, System.nanoTime() - t2);
        } catch (OrtException e) {
            throw new EnhancementException("enhancer failed on " + count + " patches: " + OrtSessions.reason(e), e);
        }
    }

    /**
     * Runs the model on raw values (not the hot path: allocates its result). {@code input} holds
     * {@code n * h * w} values in [0,1]; returns the model's output, same layout, unclamped. For
     * evaluation and checks against a training framework.
     */
    public float[] infer(float[] input, int n, int h, int w) throws EnhancementException {
        requireOpen();
        if (input.length != n * h * w) {
            throw new IllegalArgumentException("input has " + input.length + " values, expected " + n * h * w + " for ["
                    + n + ",1," + h + "," + w + "]");
        }
        try (TensorIo io = new TensorIo(ai.onnxruntime.OrtEnvironment.getEnvironment(), precision())) {
            OnnxTensor[] t = io.tensors(n, h, w);
            float[] out = new float[input.length];
            if (precision() == Precision.FP16) {
                ShortBuffer in = io.inShorts();
                for (float v : input) {
                    in.put(Fp16Conversions.floatToFp16(v));
                }
                try (OrtSession.Result r = opened.session()
                        .run(Map.of(signature.inputName(), t[0]), Map.of(signature.outputName(), t[1]))) {
                    ShortBuffer o = io.outShorts();
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Fp16Conversions.fp16ToFloat(o.get(i));
                    }
                }
            } else {
                io.inFloats().put(input);
                try (OrtSession.Result r = opened.session()
                        .run(Map.of(signature.inputName(), t[0]), Map.of(signature.outputName(), t[1]))) {
                    FloatBuffer o = io.outFloats();
                    o.get(out);
                }
            }
            return out;
        } catch (OrtException e) {
            throw new EnhancementException(
                    "enhancer failed on [" + n + ",1," + h + "," + w + "]: " + OrtSessions.reason(e), e);
        }
    }

    private void run(OnnxTensor[] t) throws OrtException {
        try (OrtSession.Result r =
                opened.session().run(Map.of(signature.inputName(), t[0]), Map.of(signature.outputName(), t[1]))) {
            // Output was written into the pinned buffer; the result owns nothing to read.
        }
    }

    private float[] floatScratch(int n) {
        if (floatScratch.length < n) {
            floatScratch = new float[n];
        }
        return floatScratch;
    }

    private short[] halfScratch(int n) {
        if (halfScratch.length < n) {
            halfScratch = new short[n];
        }
        return halfScratch;
    }

    static byte toByte(float v) {
        int q = Math.round(v * 255f);
        return (byte) (q < 0 ? 0 : Math.min(q, 255));
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("enhancer is closed");
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        frameIo.close();
        patchIo.close();
        opened.close();
    }
}
