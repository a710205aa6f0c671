package io.dejavu.scorer.pipeline;

import io.dejavu.enhancer.EnhancementException;
import io.dejavu.enhancer.Enhancer;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.ExecutionProvider;
import io.dejavu.enhancer.FusedTopK;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.enhancer.PatchGrid;
import io.dejavu.enhancer.StageNanos;
import io.dejavu.enhancer.onnx.ScorerSignature;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.scorer.EdgeEnergyScorer;
import io.dejavu.scorer.OnnxPatchScorer;
import io.dejavu.scorer.PatchScorer;
import io.dejavu.scorer.TopK;
import io.dejavu.scorer.policy.FrameCost;
import io.dejavu.scorer.policy.KPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enhances one frame at a time, synchronously: score every patch, pick the top-k, enhance them in
 * one batch and write them back (or the whole frame when k covers it). The building block of
 * {@link EnhancementPipeline}, the benchmarks and offline evaluation. Owns its enhancer and
 * scorer. Not thread-safe.
 *
 * <pre>{@code
 * try (FrameEnhancer fe = FrameEnhancer.load(ModelSource.fromDirectory(dir), EnhancerOptions.cpu(2),
 *         32, ScorerChoice.MODEL_IF_PRESENT)) {
 *     FrameReport r = fe.enhance(frame, 60);                    // top 60 patches, in place
 *     FrameReport all = fe.enhance(other, Integer.MAX_VALUE);  // whole frame
 * }
 * }</pre>
 */
public final class FrameEnhancer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameEnhancer.class);
    /**
     * Scorer name in reports of fused frames: scoring and selection ran inside the enhance stage,
     * so their own stage times read 0.
     */
    public static final String FUSED_SCORER = "onnx+fused";

    private final String name;
    private final Enhancer enhancer;
    private final PatchScorer scorer;
    private final int patchSize;
    private ModelTier tier = ModelTier.CPU;
    private TierPicker.Choice tierChoice;
    private final TopK topK = new TopK();
    /**
     * Score, select and enhance in one device run; null unless on CUDA with a scorer model, and set
     * to null for good when it fails (the separate steps take over).
     */
    private FusedTopK fused;

    private PatchGrid grid;
    private float[] scores = new float[0];
    private int[] chosen = new int[0];
    private long lastScore;
    private long lastSelect;
    private StageNanos lastStages = StageNanos.ZERO;
    private List<FrameCost> warmUpCosts = List.of();
    private int warmedWidth;
    private int warmedHeight;
    private boolean closed;

    /**
     * Takes ownership of an enhancer and a scorer.
     *
     * @param patchSize patch side for scoring and enhancement (the scorer must accept it)
     */
    public FrameEnhancer(String name, Enhancer enhancer, PatchScorer scorer, int patchSize) {
        this(name, enhancer, scorer, patchSize, null);
    }

    /**
     * As {@link #FrameEnhancer(String, Enhancer, PatchScorer, int)}, also taking ownership of a
     * {@link FusedTopK} made from the same enhancer and scorer models, used for top-k frames.
     */
    public FrameEnhancer(String name, Enhancer enhancer, PatchScorer scorer, int patchSize, FusedTopK fused) {
        this.fused = fused;
        this.name = Objects.requireNonNull(name, "name");
        this.enhancer = Objects.requireNonNull(enhancer, "enhancer");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        if (patchSize < 4) {
            throw new IllegalArgumentException("patchSize must be at least 4, got " + patchSize);
        }
        if (!scorer.acceptsPatchSize(patchSize)) {
            throw new IllegalArgumentException(
                    "scorer " + scorer.name() + " does not take " + patchSize + "x" + patchSize + " patches");
        }
        this.patchSize = patchSize;
    }

    /**
     * Loads a model bundle. When its scorer has a fixed patch size, that size wins over {@code
     * patchSize}.
     *
     * @throws ModelLoadException if the enhancer or the scorer cannot be loaded or breaks the contract
     */
    public static FrameEnhancer load(ModelSource source, EnhancerOptions options, int patchSize, ScorerChoice choice)
            throws ModelLoadException {
        Enhancer enhancer = Enhancer.open(source.enhancerOnnx(), options);
        PatchScorer scorer;
        int size = patchSize;
        try {
            if (choice == ScorerChoice.MODEL_IF_PRESENT && source.hasScorer()) {
                OnnxPatchScorer onnx = OnnxPatchScorer.open(source.scorerOnnx(), options);
                if (onnx.signature().patchSize() != ScorerSignature.DYNAMIC) {
                    size = onnx.signature().patchSize();
                }
                scorer = onnx;
            } else {
                scorer = new EdgeEnergyScorer();
            }
        } catch (ModelLoadException | RuntimeException e) {
            enhancer.close();
            throw e;
        }
        FusedTopK fused = null;
        if (scorer instanceof OnnxPatchScorer && options.fusedTopK() && enhancer.provider() == ExecutionProvider.CUDA) {
            try {
                fused = enhancer.openFusedTopK(source.scorerOnnx());
            } catch (ModelLoadException | RuntimeException e) {
                LOG.warn("fused top-k not available, scoring and enhancing in separate runs: {}", e.getMessage());
            }
        }
        return new FrameEnhancer(source.name(), enhancer, scorer, size, fused);
    }

    public String name() {
        return name;
    }

    public Enhancer enhancer() {
        return enhancer;
    }

    public PatchScorer scorer() {
        return scorer;
    }

    public int patchSize() {
        return patchSize;
    }

    /** The model tier this enhancer runs ({@link ModelTier#CPU} unless a {@link TierPicker} chose another). */
    public ModelTier tier() {
        return tier;
    }

    /** How the tier was chosen, when a {@link TierPicker} chose it. */
    public java.util.Optional<TierPicker.Choice> tierChoice() {
        return java.util.Optional.ofNullable(tierChoice);
    }

    void chosenAs(TierPicker.Choice choice) {
        this.tier = choice.tier();
        this.tierChoice = choice;
    }

    /** The grid used for frames of this size (cached). */
    public PatchGrid grid(int width, int height) {
        requireOpen();
        if (grid == null || grid.width() != width || grid.height() != height) {
            int p = Math.min(patchSize, Math.min(width, height));
            grid = enhancer.grid(width, height, p);
            scores = new float[grid.count()];
            chosen = new int[grid.count()];
        }
        return grid;
    }

    /**
     * Runs every shape frames of this size will need, so the first frame is not slow, then times
     * top-k runs at 1/16, 1/8 and 1/4 of the patches and a full-frame run (the faster of two). The timings are returned
     * and kept ({@link #warmUpCosts}) so a time-budget policy can start from them instead of
     * exploring on live frames.
     */
    public List<FrameCost> warmUp(int width, int height) throws ModelLoadException {
        PatchGrid g = grid(width, height);
        enhancer.warmUp(width, height, g.patchSize());
        if (fused != null) {
            try {
                fused.warmUp(g, fusedBatches(g));
            } catch (ModelLoadException | RuntimeException e) {
                dropFused(e);
            }
        }
        I420Frame blank = I420Frame.blank(width, height);
        List<FrameCost> costs = new ArrayList<>();
        try {
            scorer.score(blank, g, scores);
            int n = g.count();
            int last = 0;
            for (int div : new int[] {16, 8, 4}) {
                int k = Math.max(1, n / div);
                if (k == last || k >= n) {
                    continue;
                }
                last = k;
                enhance(blank, k);
                StageNanos s = lastStages;
                costs.add(new FrameCost(
                        n, k, false, lastScore, lastSelect, s.prepareNanos() + s.runNanos(), s.stitchNanos()));
            }
            // Full frame last: on a GPU the policy usually starts there, with the plan still warm. The
            // faster of two runs: the policy never retries a full frame it saw at over twice its budget
            // unless the patches say otherwise, and one run beside a call's start can take 3-4x as long.
            StageNanos full = enhancer.enhanceFrame(blank);
            StageNanos again = enhancer.enhanceFrame(blank);
            if (again.totalNanos() < full.totalNanos()) {
                full = again;
            }
            costs.add(new FrameCost(n, n, true, 0, 0, full.prepareNanos() + full.runNanos(), full.stitchNanos()));
        } catch (EnhancementException e) {
            throw new ModelLoadException("model failed during warm-up: " + e.getMessage(), e);
        }
        warmUpCosts = List.copyOf(costs);
        warmedWidth = width;
        warmedHeight = height;
        return warmUpCosts;
    }

    /** The timings of the last {@link #warmUp} if it was for this frame size, else an empty list. */
    public List<FrameCost> warmUpCosts(int width, int height) {
        return width == warmedWidth && height == warmedHeight ? warmUpCosts : List.of();
    }

    /**
     * Enhances the {@code k} best patches of {@code frame} in place; {@code k >= patchCount} runs
     * the whole frame, {@code k <= 0} leaves it unchanged.
     *
     * @throws EnhancementException if the model fails; the frame is then unchanged
     */
    public FrameReport enhance(I420Frame frame, int k) throws EnhancementException {
        requireOpen();
        long start = System.nanoTime();
        if (k <= 0) {
            return FrameReport.passedThrough(frame.index(), "k = 0", ms(System.nanoTime() - start));
        }
        PatchGrid g = grid(frame.width(), frame.height());
        int n = g.count();
        if (k >= n) {
            StageNanos s = enhancer.enhanceFrame(frame);
            lastStages = s;
            lastScore = 0;
            lastSelect = 0;
            return report(frame, FrameReport.Outcome.ENHANCED_FULL_FRAME, n, n, 100, s, start, "none");
        }
        if (fused != null) {
            int m = enhancer.batchFor(Math.min(k, n), n);
            if (m >= n) {
                return enhance(frame, n);
            }
            StageNanos s;
            try {
                s = fused.enhance(frame, g, m);
            } catch (EnhancementException | RuntimeException e) {
                // The frame is untouched (patches are written only after a good run).
                dropFused(e);
                return enhance(frame, k);
            }
            lastStages = s;
            lastScore = 0;
            lastSelect = 0;
            double area =
                    Math.min(100.0, 100.0 * m * g.patchSize() * g.patchSize() / ((double) g.width() * g.height()));
            return report(frame, FrameReport.Outcome.ENHANCED_PATCHES, m, n, area, s, start, FUSED_SCORER);
        }
        long t0 = System.nanoTime();
        scorer.score(frame, g, scores);
        long t1 = System.nanoTime();
        int m = topK.select(scores, n, k, chosen);
        long t2 = System.nanoTime();
        lastScore = t1 - t0;
        lastSelect = t2 - t1;
        StageNanos s = enhancer.enhancePatches(frame, g, chosen, m);
        lastStages = s;
        double area = Math.min(100.0, 100.0 * m * g.patchSize() * g.patchSize() / ((double) g.width() * g.height()));
        return report(frame, FrameReport.Outcome.ENHANCED_PATCHES, m, n, area, s, start, scorer.name());
    }

    private void dropFused(Exception e) {
        LOG.warn("fused top-k failed, scoring and enhancing in separate runs from now on: {}", e.getMessage());
        fused.close();
        fused = null;
    }

    /** The k values the fused path runs for this grid (batch sizes rounded as on CUDA). */
    private int[] fusedBatches(PatchGrid g) {
        int n = g.count();
        java.util.TreeSet<Integer> ks = new java.util.TreeSet<>();
        for (int k = 1; k < n; k++) {
            int m = enhancer.batchFor(k, n);
            if (m < n) {
                ks.add(m);
            }
        }
        return ks.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether top-k frames run as one fused device run (score, select and enhance together). */
    public boolean fusedTopK() {
        return fused != null;
    }

    /** Lets the policy choose k for this frame, enhances, and tells the policy what it cost. */
    public FrameReport enhance(I420Frame frame, KPolicy policy) throws EnhancementException {
        PatchGrid g = grid(frame.width(), frame.height());
        int k = policy.chooseK(g.count());
        FrameReport r = enhance(frame, k);
        if (r.enhanced()) {
            boolean full = r.outcome() == FrameReport.Outcome.ENHANCED_FULL_FRAME;
            policy.observe(
                    new FrameCost(g.count(), r.k(), full, lastScore, lastSelect, (long) (r.enhanceMs() * 1e6), (long)
                            (r.stitchMs() * 1e6)));
        }
        return r;
    }

    private FrameReport report(
            I420Frame frame,
            FrameReport.Outcome outcome,
            int k,
            int n,
            double area,
            StageNanos s,
            long start,
            String scorerName) {
        return new FrameReport(
                frame.index(),
                outcome,
                k,
                n,
                area,
                ms(lastScore),
                ms(lastSelect),
                ms(s.prepareNanos() + s.runNanos()),
                ms(s.stitchNanos()),
                ms(System.nanoTime() - start),
                enhancer.providerDescription(),
                scorerName,
                "",
                tier.id());
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("frame enhancer " + name + " is closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (fused != null) {
            fused.close();
        }
        scorer.close();
        enhancer.close();
        LOG.debug("closed model {}", name);
    }
}
