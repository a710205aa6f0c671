package io.dejavu.enhancer;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.platform.Fp16Conversions;
import io.dejavu.enhancer.onnx.EnhancerSignature;
import io.dejavu.enhancer.onnx.ModelContract;
import io.dejavu.enhancer.onnx.ModelValidationException;
import io.dejavu.enhancer.onnx.OnnxModels;
import io.dejavu.enhancer.onnx.Precision;
import io.dejavu.protocol.video.I420Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
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

    private final OrtSessions.Opened opened;
    /** On CUDA a second session for patch batches; on the CPU the same as {@code opened}. */
    private final OrtSessions.Opened patchOpened;

    private final EnhancerSignature signature;
    private final byte[] rawModel;
    private final byte[] wrappedModel;
    private final EnhancerOptions options;
    private final int radius;
    private final TensorIo frameIo;
    private final TensorIo patchIo;
    private final int batchQuantum;

    private OrtSession rawSession;
    private boolean closed;

    private Enhancer(
            OrtSessions.Opened opened,
            OrtSessions.Opened patchOpened,
            EnhancerSignature signature,
            byte[] rawModel,
            byte[] wrappedModel,
            EnhancerOptions options,
            int radius) {
        this.opened = opened;
        this.patchOpened = patchOpened;
        this.signature = signature;
        this.rawModel = rawModel;
        this.wrappedModel = wrappedModel;
        this.options = options;
        this.radius = radius;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        this.frameIo = new TensorIo(env, graphsOn(opened, options));
        this.patchIo = new TensorIo(env, patchOpened != opened && graphsOn(patchOpened, options));
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
        EnhancerSignature sig = ModelContract.checkEnhancer(onnx);
        int radius = options.receptiveFieldRadius() != EnhancerOptions.FROM_MODEL
                ? options.receptiveFieldRadius()
                : sig.receptiveFieldRadius();
        if (radius == EnhancerSignature.UNKNOWN) {
            throw new ModelValidationException("enhancer model does not declare its receptive field (metadata '"
                    + OnnxModels.META_RECEPTIVE_FIELD
                    + "') and its graph has operators whose reach cannot be bounded; give the radius in"
                    + " the model metadata or in EnhancerOptions.receptiveFieldRadius");
        }
        byte[] wrapped = ByteIoGraph.wrap(onnx, sig);
        OrtSessions.Opened opened =
                OrtSessions.open("enhancer", wrapped, options, frameSessionCuda(options), Enhancer::probe);
        OrtSessions.Opened patchOpened = opened;
        if (opened.provider() == ExecutionProvider.CUDA) {
            // cuDNN re-plans its convolutions whenever a session's input shape changes (measured on
            // an H100: ~30 ms with heuristic search, ~300 ms with exhaustive). Full frames and patch
            // batches alternate, so each gets its own session and keeps its plans.
            try {
                patchOpened =
                        OrtSessions.open("enhancer patches", wrapped, options, graphCuda(options), Enhancer::probe);
            } catch (ModelLoadException | RuntimeException e) {
                opened.close();
                throw e;
            }
            if (patchOpened.provider() != ExecutionProvider.CUDA) {
                patchOpened.close();
                patchOpened = opened;
            }
        }
        LOG.info(
                "enhancer {} ({}) loaded on {}, halo {} px",
                sig.architecture(),
                sig.precision(),
                opened.description(),
                radius);
        return new Enhancer(opened, patchOpened, sig, onnx, wrapped, options, radius);
    }

    private static Map<String, String> graphCuda(EnhancerOptions options) {
        return options.cudaGraphs() ? Map.of("enable_cuda_graph", "1") : Map.of();
    }

    /**
     * The whole-frame session sees one shape per frame size, warmed up before the first frame, so
     * cuDNN's exhaustive search costs nothing later (its stall on a new shape is why patch sessions
     * use the heuristic); with CUDA graphs it measured 1.51 instead of 1.55 ms at 720p on an H100.
     */
    private static Map<String, String> frameSessionCuda(EnhancerOptions options) {
        Map<String, String> m = new java.util.HashMap<>(graphCuda(options));
        m.put("cudnn_conv_algo_search", "EXHAUSTIVE");
        return m;
    }

    private static boolean graphsOn(OrtSessions.Opened session, EnhancerOptions options) {
        return session.provider() == ExecutionProvider.CUDA && options.cudaGraphs();
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

    /** A real run on the chosen provider: CUDA problems (missing libraries, no device) show here. */
    private static void probe(OrtSession session) throws OrtException {
        try (TensorIo io = new TensorIo(OrtEnvironment.getEnvironment());
                OrtSession.RunOptions noGraph = new OrtSession.RunOptions()) {
            // A session with CUDA graphs must not capture this throw-away shape.
            noGraph.addRunConfigEntry(TensorIo.GRAPH_ID, "-1");
            TensorIo.Slot slot = io.slot(1, 24, 24);
            run(session, new TensorIo.Slot(slot.in(), slot.out(), slot.tensors(), noGraph));
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

    /**
     * A runner that scores, selects and enhances the top-k patches in one device run (see {@link
     * FusedTopK}), for this enhancer's model and the given scorer model; the caller owns it. Worth
     * it on CUDA; on the CPU it works but the separate steps are as fast.
     *
     * @throws ModelLoadException if the scorer breaks its contract
     */
    public FusedTopK openFusedTopK(byte[] scorerOnnx) throws ModelLoadException {
        requireOpen();
        return new FusedTopK(FusedTopK.wrapScorer(scorerOnnx), wrappedModel, options, radius);
    }

    /** A patch grid for a frame size with this model's halo. */
    public PatchGrid grid(int width, int height, int patchSize) {
        return new PatchGrid(width, height, patchSize, radius);
    }

    /**
     * Batch size actually run for {@code count} of a grid's {@code gridCount} patches. On CUDA it
     * is rounded up to one of at most about 16 sizes per grid: cuDNN chooses (with exhaustive
     * search, benchmarks) its algorithms per input shape, so every new batch size would stall its
     * first frame; the padding costs little on a GPU. On the CPU the batch is exact.
     */
    public int batchFor(int count, int gridCount) {
        if (batchQuantum == 1) {
            return count;
        }
        int q = quantum(gridCount);
        return (count + q - 1) / q * q;
    }

    private int quantum(int gridCount) {
        int sixteenth = (gridCount + 15) / 16;
        return Math.max(batchQuantum, (sixteenth + batchQuantum - 1) / batchQuantum * batchQuantum);
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
        // With CUDA graphs a shape's first run plans, the next captures; the third replays.
        int rounds = frameIo.graphs() || patchIo.graphs() ? 3 : 1;
        try {
            for (int round = 0; round < rounds; round++) {
                enhanceFrame(frame);
                enhancePatches(frame, grid, all, 1);
                if (batchQuantum > 1) {
                    // every batch shape this grid can produce, so cuDNN's search happens now
                    int q = quantum(grid.count());
                    for (int n = 2 * q; n < grid.count(); n += q) {
                        enhancePatches(frame, grid, all, n);
                    }
                    enhancePatches(frame, grid, all, grid.count());
                } else {
                    enhancePatches(frame, grid, all, Math.max(1, grid.count() / 4));
                }
            }
        } catch (EnhancementException e) {
            throw new ModelLoadException(
                    "enhancer failed during warm-up at " + width + "x" + height + ": " + e.getMessage(), e);
        }
        LOG.debug("warm-up at {}x{} patch {} took {} ms", width, height, patchSize, (System.nanoTime() - start) / 1e6);
    }

    /**
     * Input shapes the sessions have run so far, whole frames and patch batches together; a new one is a
     * first run that plans (on CUDA, cuDNN's algorithm search). Warm-up should leave none for a call at its
     * frame size.
     */
    int shapesRun() {
        return frameIo.shapesSeen() + patchIo.shapesSeen();
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
        try {
            TensorIo.Slot slot = frameIo.slot(1, h, w);
            slot.in().put(0, frame.y(), 0, n);
            long t1 = System.nanoTime();
            run(opened.session(), slot);
            long t2 = System.nanoTime();
            slot.out().get(0, frame.y(), 0, n);
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
        for (int j = 0; j < count; j++) {
            if (patches[j] < 0 || patches[j] >= grid.count()) {
                throw new IllegalArgumentException(
                        "patch index " + patches[j] + " is outside 0.." + (grid.count() - 1));
            }
        }
        if (count == 0) {
            return StageNanos.ZERO;
        }
        int tw = grid.tileWidth();
        int th = grid.tileHeight();
        int tile = tw * th;
        int batch = batchFor(count, grid.count());
        int width = frame.width();
        byte[] y = frame.y();
        long t0 = System.nanoTime();
        try {
            // Room for the largest batch of this grid at once, so growing k never moves the buffers.
            patchIo.ensureCapacity(batchFor(grid.count(), grid.count()) * tile);
            TensorIo.Slot slot = patchIo.slot(batch, th, tw);
            ByteBuffer in = slot.in();
            for (int j = 0; j < count; j++) {
                int p = patches[j];
                int src = grid.tileY(p) * width + grid.tileX(p);
                int dst = j * tile;
                for (int r = 0; r < th; r++) {
                    in.put(dst, y, src, tw);
                    src += width;
                    dst += tw;
                }
            }
            // Slots past count (batch rounding) keep stale tiles: computed, never written back.
            long t1 = System.nanoTime();
            run(patchOpened.session(), slot);
            long t2 = System.nanoTime();
            ByteBuffer out = slot.out();
            int ps = grid.patchSize();
            for (int j = 0; j < count; j++) {
                int p = patches[j];
                int px = grid.patchX(p);
                int py = grid.patchY(p);
                int src = j * tile + (py - grid.tileY(p)) * tw + (px - grid.tileX(p));
                int dst = py * width + px;
                for (int r = 0; r < ps; r++) {
                    out.get(src, y, dst, ps);
                    src += tw;
                    dst += width;
                }
            }
            return new StageNanos(t1 - t0, t2 - t1, System.nanoTime() - t2);
        } catch (OrtException e) {
            throw new EnhancementException("enhancer failed on " + count + " patches: " + OrtSessions.reason(e), e);
        }
    }

    /**
     * Runs the caller's model as given (float input in [0,1], no byte conversion, CPU) on raw values;
     * not the hot path. {@code input} holds {@code n * h * w} values; returns the model's output,
     * same layout, unclamped. For evaluation and checks against a training framework.
     */
    public float[] infer(float[] input, int n, int h, int w) throws EnhancementException {
        requireOpen();
        if (input.length != n * h * w) {
            throw new IllegalArgumentException("input has " + input.length + " values, expected " + n * h * w + " for ["
                    + n + ",1," + h + "," + w + "]");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {n, 1, h, w};
        try {
            if (rawSession == null) {
                try (OrtSession.SessionOptions so = new OrtSession.SessionOptions()) {
                    rawSession = env.createSession(rawModel, so);
                }
            }
            if (precision() == Precision.FP16) {
                ByteBuffer buf = ByteBuffer.allocateDirect(input.length * 2).order(ByteOrder.nativeOrder());
                for (float v : input) {
                    buf.putShort(Fp16Conversions.floatToFp16(v));
                }
                buf.flip();
                try (OnnxTensor t = OnnxTensor.createTensor(env, buf, shape, OnnxJavaType.FLOAT16);
                        OrtSession.Result r = rawSession.run(Map.of(signature.inputName(), t))) {
                    ByteBuffer o = ((OnnxTensor) r.get(0)).getByteBuffer().order(ByteOrder.nativeOrder());
                    float[] out = new float[input.length];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = Fp16Conversions.fp16ToFloat(o.getShort());
                    }
                    return out;
                }
            }
            try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
                    OrtSession.Result r = rawSession.run(Map.of(signature.inputName(), t))) {
                FloatBuffer o = ((OnnxTensor) r.get(0)).getFloatBuffer();
                float[] out = new float[input.length];
                o.get(out);
                return out;
            }
        } catch (OrtException e) {
            throw new EnhancementException(
                    "enhancer failed on [" + n + ",1," + h + "," + w + "]: " + OrtSessions.reason(e), e);
        }
    }

    private static void run(OrtSession session, TensorIo.Slot slot) throws OrtException {
        OnnxTensor[] t = slot.tensors();
        try (OrtSession.Result r = slot.runOptions() == null
                ? session.run(Map.of(ByteIoGraph.INPUT, t[0]), Map.of(ByteIoGraph.OUTPUT, t[1]))
                : session.run(
                        Map.of(ByteIoGraph.INPUT, t[0]),
                        java.util.Set.of(),
                        Map.of(ByteIoGraph.OUTPUT, t[1]),
                        slot.runOptions())) {
            if (r.size() != 1) {
                throw new IllegalStateException("enhancer returned " + r.size() + " outputs");
            }
        }
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
        if (rawSession != null) {
            try {
                rawSession.close();
            } catch (OrtException e) {
                LOG.debug("closing the raw session: {}", e.getMessage());
            }
        }
        if (patchOpened != opened) {
            patchOpened.close();
        }
        opened.close();
    }
}
