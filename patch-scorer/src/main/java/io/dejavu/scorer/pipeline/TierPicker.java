package io.dejavu.scorer.pipeline;

import io.dejavu.enhancer.EnhancementException;
import io.dejavu.enhancer.EnhancerOptions;
import io.dejavu.enhancer.ModelLoadException;
import io.dejavu.protocol.model.ModelTier;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.scorer.policy.KPolicySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Picks the tier of a caller's model that this receiver runs (ADR 0104): the largest whose
 * whole-frame time, measured here on the actual provider and frame size after warm-up, fits the
 * frame budget {@link #MARGIN} times over. The smallest tier is taken when none fits; the
 * time-budget policy then runs it on as many patches as the budget allows. Measuring, not
 * assuming, is the point: the same bundle runs its 32x8 tier on an H100 and its 16x4 tier on a
 * laptop.
 *
 * <pre>{@code
 * FrameEnhancer fe = new TierPicker(EnhancerOptions.defaults(), 32, ScorerChoice.MODEL_IF_PRESENT)
 *         .pick(source, 1280, 720, TierPicker.budget(policySpec), null);
 * fe.tierChoice().orElseThrow().describe();   // "gpu tier: 4.1 ms per frame ..."
 * }</pre>
 */
public final class TierPicker {
    private static final Logger LOG = LoggerFactory.getLogger(TierPicker.class);
    /** A tier's whole-frame time times this must fit the budget: room for jitter, scoring and the stitch. */
    public static final double MARGIN = 1.5;
    /** The frame budget when the policy has none of its own (a fixed fraction): 30 fps less 8 ms. */
    static final Duration DEFAULT_BUDGET = Duration.ofNanos(1_000_000_000L / 30 - 8_000_000L);

    /**
     * Longest a larger tier may take to be timed before it is given up. ONNX Runtime 1.28's CUDA
     * provider never returned from the first fp16 run of a 48x8 network on the H100 (2026-12-06,
     * docs/PERFORMANCE.md "Model tiers"); a receiver must not wait on such a tier for ever.
     */
    public static final Duration LARGER_TIER_DEADLINE = Duration.ofSeconds(60);

    private static final int TIMED_RUNS = 3;

    private final EnhancerOptions options;
    private final int patchSize;
    private final ScorerChoice scorer;
    private final Duration largerTierDeadline;

    public TierPicker(EnhancerOptions options, int patchSize, ScorerChoice scorer) {
        this(options, patchSize, scorer, LARGER_TIER_DEADLINE);
    }

    /** As above, giving a larger tier {@code largerTierDeadline} to be timed. */
    TierPicker(EnhancerOptions options, int patchSize, ScorerChoice scorer, Duration largerTierDeadline) {
        this.options = Objects.requireNonNull(options, "options");
        this.patchSize = patchSize;
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        this.largerTierDeadline = Objects.requireNonNull(largerTierDeadline, "largerTierDeadline");
    }

    /** One tier's measured whole-frame time ({@code NaN} when it was not timed). */
    public record Measured(ModelTier tier, double fullFrameMs) {}

    /**
     * The tier taken and why.
     *
     * @param tier the tier that runs
     * @param width frame width it was chosen for
     * @param height frame height
     * @param budgetMs the frame budget
     * @param measured the tiers timed, largest first
     */
    public record Choice(ModelTier tier, int width, int height, double budgetMs, List<Measured> measured) {
        public Choice {
            measured = List.copyOf(measured);
        }

        /** E.g. {@code "gpu tier for 1280x720: 4.1 ms per frame x 1.5 fits the 25.3 ms budget (cpu 1.5 ms)"}. */
        public String describe() {
            StringBuilder s = new StringBuilder(f("%s tier for %dx%d", tier.id(), width, height));
            Measured mine =
                    measured.stream().filter(m -> m.tier() == tier).findFirst().orElse(null);
            if (mine == null || Double.isNaN(mine.fullFrameMs())) {
                return s.append(": the bundle's only tier").toString();
            }
            boolean fits = mine.fullFrameMs() * MARGIN <= budgetMs;
            s.append(f(
                    ": %.1f ms per frame x %.1f %s the %.1f ms budget",
                    mine.fullFrameMs(), MARGIN, fits ? "fits" : "exceeds (smallest tier)", budgetMs));
            List<String> others = new ArrayList<>();
            for (Measured m : measured) {
                if (m.tier() != tier) {
                    others.add(f("%s %.1f ms", m.tier().id(), m.fullFrameMs()));
                }
            }
            if (!others.isEmpty()) {
                s.append(" (").append(String.join(", ", others)).append(')');
            }
            return s.toString();
        }
    }

    /** The frame budget a policy works to: its own for a time budget, else {@link #DEFAULT_BUDGET}. */
    public static Duration budget(KPolicySpec spec) {
        return spec instanceof KPolicySpec.Budget b ? b.perFrame() : DEFAULT_BUDGET;
    }

    /**
     * Loads and warms up the tier to run for frames of {@code width x height}: each tier from the
     * largest down, until one fits. Tiers not taken are closed.
     *
     * @param smallest the source's {@link ModelTier#CPU} tier already loaded (and owned by the
     *     caller until this returns it or closes it), or null to load it here
     * @return the chosen tier, loaded and warmed up; the caller owns it
     * @throws ModelLoadException if the cpu tier fails to load or warm up (a larger tier that fails
     *     is skipped with a warning; all others are closed)
     */
    public FrameEnhancer pick(ModelSource source, int width, int height, Duration budget, FrameEnhancer smallest)
            throws ModelLoadException {
        double budgetMs = budget.toNanos() / 1e6;
        List<ModelTier> tiers = new ArrayList<>(source.tiers());
        java.util.Collections.reverse(tiers);
        List<Measured> measured = new ArrayList<>();
        try {
            for (ModelTier tier : tiers) {
                boolean last = tier == ModelTier.CPU;
                FrameEnhancer fe;
                try {
                    fe = last && smallest != null ? smallest : load(source, tier);
                } catch (ModelLoadException | RuntimeException e) {
                    if (last) {
                        throw e;
                    }
                    // A larger tier that does not load here (the store checked its graph, so this is
                    // the machine: device memory, a provider) leaves the smaller ones to run.
                    LOG.warn("model {}: {} tier not used: {}", source.name(), tier.id(), e.getMessage());
                    continue;
                }
                if (last) {
                    smallest = null; // from here on owned by this loop
                }
                try {
                    double ms = last
                            ? measure(fe, width, height, tiers.size() == 1, 0)
                            : measureWithinDeadline(fe, width, height, budgetMs);
                    measured.add(new Measured(tier, ms));
                    if (last || ms * MARGIN <= budgetMs) {
                        Choice choice = new Choice(tier, width, height, budgetMs, measured);
                        fe.chosenAs(choice);
                        LOG.info(
                                "model {}: {} on {}",
                                source.name(),
                                choice.describe(),
                                fe.enhancer().providerDescription());
                        return fe;
                    }
                    LOG.debug(
                            "model {}: {} tier takes {} ms per {}x{} frame, over the budget",
                            source.name(),
                            tier.id(),
                            ms,
                            width,
                            height);
                } catch (TimingAbandoned e) {
                    LOG.warn("model {}: {} tier not used: {}", source.name(), tier.id(), e.getMessage());
                    continue; // its session is closed when (if ever) the stuck run returns
                } catch (ModelLoadException | RuntimeException e) {
                    fe.close();
                    if (last) {
                        throw e;
                    }
                    LOG.warn("model {}: {} tier not used: {}", source.name(), tier.id(), e.getMessage());
                    continue;
                }
                fe.close();
            }
        } finally {
            if (smallest != null) {
                smallest.close();
            }
        }
        throw new IllegalStateException("a model source always has a cpu tier");
    }

    private FrameEnhancer load(ModelSource source, ModelTier tier) throws ModelLoadException {
        try {
            return FrameEnhancer.load(source.onlyTier(tier), options, patchSize, scorer);
        } catch (ModelLoadException e) {
            throw new ModelLoadException(tier.id() + " tier: " + e.getMessage(), e);
        }
    }

    /** A larger tier's timing did not finish in time; the tier stays with the thread still inside it. */
    private static final class TimingAbandoned extends Exception {
        TimingAbandoned(String message) {
            super(message);
        }
    }

    /**
     * {@link #measure} of a larger tier on a thread of its own, given up after the deadline: a
     * native run that never returns cannot be interrupted, so the tier is left to that thread,
     * which closes it if the run ever ends, and the smaller tiers are tried.
     */
    private double measureWithinDeadline(FrameEnhancer fe, int width, int height, double budgetMs)
            throws ModelLoadException, TimingAbandoned {
        java.util.concurrent.CompletableFuture<Double> timing = new java.util.concurrent.CompletableFuture<>();
        Thread worker = new Thread(
                () -> {
                    try {
                        timing.complete(measure(fe, width, height, false, budgetMs));
                    } catch (Throwable t) {
                        timing.completeExceptionally(t);
                    }
                },
                "tier-timing");
        worker.setDaemon(true);
        worker.start();
        try {
            return timing.get(largerTierDeadline.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            timing.whenComplete((ms, failure) -> fe.close());
            throw new TimingAbandoned(f(
                    "its timing runs at %dx%d did not finish within %d s (the runtime is stuck in it)",
                    width, height, largerTierDeadline.toSeconds()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            timing.whenComplete((ms, failure) -> fe.close());
            throw new ModelLoadException("interrupted while timing a model tier", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof ModelLoadException m) {
                throw m;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new ModelLoadException("timing a model tier failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Warms up for the size and returns the median whole-frame time (prepare, run and stitch) of a
     * few runs. A larger tier is first timed on one run after the first (which pays for plans and
     * allocation): one over twice {@code dropOverMs} is dropped on that probe, without the whole
     * warm-up (0: never).
     */
    private static double measure(FrameEnhancer fe, int width, int height, boolean onlyTier, double dropOverMs)
            throws ModelLoadException {
        if (onlyTier) {
            fe.warmUp(width, height);
            return Double.NaN;
        }
        I420Frame blank = I420Frame.blank(width, height);
        double[] runs = new double[TIMED_RUNS];
        try {
            fe.enhancer().enhanceFrame(blank);
            double probe = fe.enhancer().enhanceFrame(blank).totalNanos() / 1e6;
            if (dropOverMs > 0 && probe * MARGIN > 2 * dropOverMs) {
                return probe;
            }
            fe.warmUp(width, height);
            for (int i = 0; i < TIMED_RUNS; i++) {
                runs[i] = fe.enhancer().enhanceFrame(blank).totalNanos() / 1e6;
            }
        } catch (EnhancementException e) {
            throw new ModelLoadException("model failed while being timed: " + e.getMessage(), e);
        }
        Arrays.sort(runs);
        return runs[TIMED_RUNS / 2];
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
