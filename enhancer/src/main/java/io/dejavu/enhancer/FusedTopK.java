package io.dejavu.enhancer;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.dejavu.enhancer.onnx.ModelContract;
import io.dejavu.enhancer.onnx.ScorerSignature;
import io.dejavu.protocol.video.I420Frame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores, selects and enhances the top-k patches of a frame in one ONNX Runtime run of a {@link
 * FusedTopKGraph} (made from an {@link Enhancer}'s model and a scorer), then writes the k patches
 * into the frame: for the GPU, where each run costs a fixed ~0.25 ms of copies, synchronisation and
 * launches and cutting patches in Java is slower than on the device. With CUDA graphs (per frame
 * size and k) the run is one graph launch. The result equals scoring with the scorer, top-k in Java
 * and {@link Enhancer#enhancePatches}.
 *
 * <p>One session per grid (frame size and patch size; the last grid used is kept); one CUDA graph
 * per k, so k should come from a small set (see {@link Enhancer#batchFor}). Not thread-safe.
 *
 * <pre>{@code
 * try (FusedTopK fused = enhancer.openFusedTopK(scorerOnnx)) {
 *     PatchGrid grid = enhancer.grid(1280, 720, 64);
 *     fused.warmUp(grid, new int[] {16, 32, 48});
 *     fused.enhance(frame, grid, 48);   // in place: the 48 best-scored patches enhanced
 * }
 * }</pre>
 */
public final class FusedTopK implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FusedTopK.class);

    private final byte[] wrappedScorer;
    private final byte[] wrappedEnhancer;
    private final EnhancerOptions options;
    private final int halo;
    private GridRun current;
    private boolean closed;

    FusedTopK(byte[] wrappedScorer, byte[] wrappedEnhancer, EnhancerOptions options, int halo) {
        this.wrappedScorer = wrappedScorer;
        this.wrappedEnhancer = wrappedEnhancer;
        this.options = options;
        this.halo = halo;
    }

    /** Checks the scorer against its contract and wraps it for bytes. */
    static byte[] wrapScorer(byte[] scorerOnnx) throws ModelLoadException {
        ScorerSignature sig = ModelContract.checkScorer(scorerOnnx);
        return ByteIoGraph.wrapScorer(scorerOnnx, sig);
    }

    /** One grid's session, frame buffers, and a k tensor and CUDA graph id per k. */
    private final class GridRun implements AutoCloseable {
        final PatchGrid grid;
        final OrtSessions.Opened opened;
        final ByteBuffer in;
        final OnnxTensor inTensor;
        final boolean graphs;
        final Map<Integer, KRun> kRuns = new HashMap<>();
        int nextGraphId = 1;

        GridRun(PatchGrid grid) throws ModelLoadException {
            this.grid = grid;
            byte[] graph = FusedTopKGraph.build(wrappedScorer, wrappedEnhancer, grid);
            int h = grid.height();
            int w = grid.width();
            this.opened = OrtSessions.open(
                    "fused top-k " + w + "x" + h + " patch " + grid.patchSize(),
                    graph,
                    options,
                    options.cudaGraphs() ? Map.of("enable_cuda_graph", "1") : Map.of(),
                    session -> probe(session, h, w));
            this.graphs = opened.provider() == ExecutionProvider.CUDA && options.cudaGraphs();
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            long[] shape = {1, 1, h, w};
            this.in = ByteBuffer.allocateDirect(w * h).order(ByteOrder.nativeOrder());
            try {
                this.inTensor = OnnxTensor.createTensor(env, in, shape, OnnxJavaType.UINT8);
            } catch (OrtException e) {
                opened.close();
                throw new ModelLoadException("fused top-k buffers: " + OrtSessions.reason(e), e);
            }
        }

        KRun kRun(int k) throws OrtException {
            KRun r = kRuns.get(k);
            if (r == null) {
                // k is read on the host when a graph is captured, so every k needs its own graph.
                int id = graphs && nextGraphId <= TensorIo.MAX_GRAPHS ? nextGraphId++ : -1;
                r = new KRun(k, grid.patchSize() * grid.patchSize(), id);
                kRuns.put(k, r);
            }
            return r;
        }

        OrtSession.Result run(KRun r) throws OrtException {
            return opened.session()
                    .run(
                            Map.of(FusedTopKGraph.FRAME, inTensor, FusedTopKGraph.K, r.kTensor),
                            Set.of(),
                            Map.of(FusedTopKGraph.PATCHES, r.patchesTensor, FusedTopKGraph.INDICES, r.indicesTensor),
                            r.runOptions);
        }

        @Override
        public void close() {
            kRuns.values().forEach(KRun::close);
            inTensor.close();
            opened.close();
        }
    }

    /** The k input and the output buffers of one k; they never move, so a CUDA graph can replay them. */
    private static final class KRun implements AutoCloseable {
        final OnnxTensor kTensor;
        final ByteBuffer patches;
        final OnnxTensor patchesTensor;
        final java.nio.LongBuffer indices;
        final OnnxTensor indicesTensor;
        final OrtSession.RunOptions runOptions;

        KRun(int k, int patchPixels, int graphId) throws OrtException {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            kTensor = OnnxTensor.createTensor(env, new long[] {k});
            patches = ByteBuffer.allocateDirect(k * patchPixels).order(ByteOrder.nativeOrder());
            patchesTensor = OnnxTensor.createTensor(env, patches, new long[] {k, patchPixels}, OnnxJavaType.UINT8);
            indices = ByteBuffer.allocateDirect(k * 8)
                    .order(ByteOrder.nativeOrder())
                    .asLongBuffer();
            indicesTensor = OnnxTensor.createTensor(env, indices, new long[] {k});
            runOptions = new OrtSession.RunOptions();
            runOptions.addRunConfigEntry(TensorIo.GRAPH_ID, Integer.toString(graphId));
        }

        @Override
        public void close() {
            kTensor.close();
            patchesTensor.close();
            indicesTensor.close();
            runOptions.close();
        }
    }

    private static void probe(OrtSession session, int h, int w) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        ByteBuffer zeros = ByteBuffer.allocateDirect(w * h);
        try (OnnxTensor f = OnnxTensor.createTensor(env, zeros, new long[] {1, 1, h, w}, OnnxJavaType.UINT8);
                OnnxTensor k = OnnxTensor.createTensor(env, new long[] {1});
                OrtSession.RunOptions noGraph = new OrtSession.RunOptions()) {
            noGraph.addRunConfigEntry(TensorIo.GRAPH_ID, "-1");
            try (OrtSession.Result r = session.run(Map.of(FusedTopKGraph.FRAME, f, FusedTopKGraph.K, k), noGraph)) {
                if (r.size() != 2) {
                    throw new IllegalStateException("fused top-k returned " + r.size() + " outputs, expected 2");
                }
            }
        }
    }

    /** Where the fused graph of the last grid runs; CPU before the first frame. */
    public ExecutionProvider provider() {
        return current == null ? ExecutionProvider.CPU : current.opened.provider();
    }

    private GridRun gridRun(PatchGrid grid) throws ModelLoadException {
        if (grid.halo() < halo) {
            throw new IllegalArgumentException(
                    "grid halo " + grid.halo() + " is smaller than the model's receptive field " + halo);
        }
        if (current == null || !current.grid.equals(grid)) {
            if (current != null) {
                current.close();
                current = null;
            }
            long start = System.nanoTime();
            current = new GridRun(grid);
            LOG.info(
                    "fused top-k graph for {}x{} patch {} ready on {} in {} ms",
                    grid.width(),
                    grid.height(),
                    grid.patchSize(),
                    current.opened.description(),
                    (System.nanoTime() - start) / 1_000_000);
        }
        return current;
    }

    /**
     * Runs each k a few times, so sessions, cuDNN plans and CUDA graphs exist before live frames.
     *
     * @throws ModelLoadException if the fused graph cannot be built or run
     */
    public void warmUp(PatchGrid grid, int[] ks) throws ModelLoadException {
        requireOpen();
        I420Frame blank = I420Frame.blank(grid.width(), grid.height());
        try {
            for (int round = 0; round < 3; round++) {
                for (int k : ks) {
                    enhance(blank, grid, k);
                }
            }
        } catch (EnhancementException e) {
            throw new ModelLoadException("fused top-k failed during warm-up: " + e.getMessage(), e);
        }
    }

    /**
     * Enhances the {@code k} best-scored patches of {@code frame} in place.
     *
     * @throws EnhancementException if ONNX Runtime fails (the frame is left unchanged)
     * @throws IllegalArgumentException if the grid does not fit the frame or k is out of 1..patch count
     */
    public StageNanos enhance(I420Frame frame, PatchGrid grid, int k) throws EnhancementException {
        requireOpen();
        if (grid.width() != frame.width() || grid.height() != frame.height()) {
            throw new IllegalArgumentException("grid is " + grid.width() + "x" + grid.height() + " but the frame is "
                    + frame.width() + "x" + frame.height());
        }
        if (k < 1 || k > grid.count()) {
            throw new IllegalArgumentException("k must be in 1.." + grid.count() + ", got " + k);
        }
        int n = frame.width() * frame.height();
        try {
            GridRun g = gridRun(grid);
            KRun kr = g.kRun(k);
            long t0 = System.nanoTime();
            g.in.put(0, frame.y(), 0, n);
            long t1 = System.nanoTime();
            try (OrtSession.Result r = g.run(kr)) {
                long t2 = System.nanoTime();
                int p = grid.patchSize();
                int w = frame.width();
                byte[] y = frame.y();
                for (int j = 0; j < k; j++) {
                    long index = kr.indices.get(j);
                    if (index < 0 || index >= grid.count()) {
                        // checked before any write, so a bad run leaves the frame as it was
                        throw new EnhancementException(
                                "fused top-k returned patch index " + index + ", expected 0.." + (grid.count() - 1),
                                null);
                    }
                }
                for (int j = 0; j < k; j++) {
                    int i = (int) kr.indices.get(j);
                    int src = j * p * p;
                    int dst = grid.patchY(i) * w + grid.patchX(i);
                    for (int row = 0; row < p; row++) {
                        kr.patches.get(src, y, dst, p);
                        src += p;
                        dst += w;
                    }
                }
                return new StageNanos(t1 - t0, t2 - t1, System.nanoTime() - t2);
            }
        } catch (OrtException e) {
            throw new EnhancementException(
                    "fused top-k failed on a " + frame.width() + "x" + frame.height() + " frame: "
                            + OrtSessions.reason(e),
                    e);
        } catch (ModelLoadException e) {
            throw new EnhancementException("fused top-k graph could not be opened: " + e.getMessage(), e);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("fused top-k is closed");
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
        if (current != null) {
            current.close();
            current = null;
        }
    }
}
