package io.dejavu.scorer.policy;

import java.time.Duration;
import java.util.Locale;

/**
 * Picks the largest k whose predicted cost fits a time budget per frame, so the pipeline keeps up
 * with the call's frame rate on whatever machine it runs.
 *
 * <p>It learns from the last {@value #WINDOW} frames: the fixed cost of scoring and selection
 * (median of the last 9 frames, so one preempted run does not stop enhancement); the cost of
 * enhancing k patches as {@code a + b * k} (weighted least squares over recent (k, time) pairs,
 * leaving out frames whose cost per patch is over 3x the median as stalls; with too little spread
 * in k, {@code time / k}, which overestimates and so errs on the safe side); and the cost of a
 * full-frame run (median of the last 5) when one was tried or measured at warm-up. It plans for
 * {@value #HEADROOM_PERCENT}% of the budget divided by the 90th percentile of how far recent frames
 * overran their prediction (so on a jittery machine nine frames in ten still fit), grows k at most
 * two-fold per frame while it explores, shrinks k in proportion after a frame that overran, and
 * after a few k = 0 frames tries one patch to notice when the machine got faster. While it
 * enhances at least a quarter of the patches, it runs a full frame again every
 * {@value #REFRESH_FULL_FRAMES} frames (a fifth of that while the newest full frame fitted): with halos that many patches can cost more than the whole
 * frame, and one slow full-frame sample (warm-up's, say) must not keep the pipeline on the dearer
 * path for the rest of the call. When the full frame really is too dear, one frame in
 * {@value #REFRESH_FULL_FRAMES} pays for finding out (only when it was measured at no more than
 * twice the budget, or when enhancing every patch would cost no more than that: patches with halos
 * bound the whole frame's cost, so one slow sample cannot keep the full frame out for the call).
 */
public final class TimeBudgetPolicy implements KPolicy {
    static final int WINDOW = 30;
    static final int HEADROOM_PERCENT = 90;
    private static final int PROBE_AFTER_IDLE_FRAMES = 5;
    private static final double DECAY = 0.8;
    static final int REFRESH_FULL_FRAMES = 50;

    private final long budgetNanos;
    private final int[] ks = new int[WINDOW];
    private final double[] times = new double[WINDOW];
    private int samples;
    private int next;
    private final double[] fixedSamples = new double[9];
    private int fixedCount;
    private double fixedNanos = Double.NaN;
    private final double[] fullSamples = new double[5];
    private int fullCount;
    private double fullNanos = Double.NaN;
    private int framesSinceFull;
    private double lastFullNanos = Double.NaN;
    private int lastK;
    private int idleFrames;
    private double lastTotalNanos;
    private final double[] overrun = new double[WINDOW];
    private int overrunCount;

    public TimeBudgetPolicy(Duration perFrame) {
        this.budgetNanos = new KPolicySpec.Budget(perFrame).perFrame().toNanos();
    }

    @Override
    public int chooseK(int patchCount) {
        int k = plan(patchCount);
        framesSinceFull++;
        idleFrames = k == 0 ? idleFrames + 1 : 0;
        lastK = k;
        return k;
    }

    private int plan(int n) {
        if (n == 0) {
            return 0;
        }
        // Plan so that nine frames in ten fit: divide by how far actual costs recently exceeded
        // the predictions (90th percentile), which grows with the machine's jitter.
        double budget = budgetNanos * HEADROOM_PERCENT / 100.0 / jitter();
        boolean fullKnown = !Double.isNaN(fullNanos);
        if (fullKnown && fullNanos <= budget) {
            return n;
        }
        if (samples == 0) {
            return Math.max(1, Math.round(n * 0.05f));
        }
        double[] ab = fit();
        double fixed = Double.isNaN(fixedNanos) ? 0 : fixedNanos;
        double avail = budget - fixed - ab[0];
        long k = avail <= 0 ? 0 : (long) Math.floor(avail / ab[1]);
        k = Math.min(k, Math.max(2L * lastK, lastK + 2L));
        if (lastTotalNanos > budgetNanos && lastK > 0 && lastK < n) {
            // The last frame overran: shrink at once in proportion, whatever the model predicts.
            k = Math.min(k, (long) Math.floor(lastK * budget / lastTotalNanos));
        }
        if (k >= n) {
            // All patches fit: a full-frame run is cheaper (no halos); (re)measure it.
            return n;
        }
        if (k <= 0) {
            return idleFrames >= PROBE_AFTER_IDLE_FRAMES ? 1 : 0;
        }
        // A full frame never measured, or measured at over twice the budget, is not worth stalling the
        // call for (warm-up always measures one).
        // Recheck sooner while the newest full frame fitted: a few slow ones (the codec's threads
        // share the cores) moved the median, and it takes several fitting ones to move it back.
        int every = lastFullNanos <= budget ? REFRESH_FULL_FRAMES / 5 : REFRESH_FULL_FRAMES;
        // Enhancing every patch (halos included) costs at least what the whole frame does, so the
        // patches' own line bounds a full-frame sample that was slow once (a cold warm-up beside a
        // call that was starting up measured 75 ms for a 20 ms frame).
        double fullBound = Math.min(fullNanos, fixed + ab[0] + ab[1] * n);
        if (framesSinceFull >= every && 4 * k >= n && fullKnown && fullBound <= 2.0 * budgetNanos) {
            framesSinceFull = 0;
            return n;
        }
        return (int) k;
    }

    /**
     * {a, b} of time = a + b k by least squares over the window, weighting each older frame by
     * {@value #DECAY} so a machine that slows down (another app, thermal throttling) shows within a
     * few frames. The intercept is held to at most half the mean time so that samples at nearly the
     * same k cannot produce a wild line; b > 0.
     */
    private double[] fit() {
        int m = Math.min(samples, WINDOW);
        double[] ratios = new double[m];
        for (int age = 0; age < m; age++) {
            int i = Math.floorMod(next - 1 - age, WINDOW);
            ratios[age] = times[i] / ks[i];
        }
        double[] sorted = ratios.clone();
        java.util.Arrays.sort(sorted);
        // Frames that stalled (preempted thread, GC) would drag the line up for many frames.
        double outlier = 3 * sorted[m / 2];
        double sw = 0;
        double mk = 0;
        double mt = 0;
        double w = 1;
        for (int age = 0; age < m; age++, w *= DECAY) {
            int i = Math.floorMod(next - 1 - age, WINDOW);
            if (ratios[age] > outlier) {
                continue;
            }
            sw += w;
            mk += w * ks[i];
            mt += w * times[i];
        }
        mk /= sw;
        mt /= sw;
        double vk = 0;
        double ckt = 0;
        w = 1;
        for (int age = 0; age < m; age++, w *= DECAY) {
            int i = Math.floorMod(next - 1 - age, WINDOW);
            if (ratios[age] > outlier) {
                continue;
            }
            vk += w * (ks[i] - mk) * (ks[i] - mk);
            ckt += w * (ks[i] - mk) * (times[i] - mt);
        }
        if (sw > 0 && m >= 3 && vk / sw >= 1.0) {
            double b = ckt / vk;
            double a = mt - b * mk;
            if (b > 0 && a >= 0 && a <= 0.5 * mt) {
                return new double[] {a, b};
            }
        }
        return new double[] {0, sw > 0 ? mt / Math.max(mk, 1) : sorted[m / 2]};
    }

    @Override
    public void observe(FrameCost cost) {
        lastTotalNanos = cost.totalNanos();
        if (!cost.fullFrame() && cost.k() > 0 && samples > 0) {
            double predicted = predictMillis(cost.k()) * 1e6;
            if (predicted > 0) {
                overrun[overrunCount++ % overrun.length] = cost.totalNanos() / predicted;
            }
        }
        if (cost.fullFrame()) {
            framesSinceFull = 0;
            lastFullNanos = cost.totalNanos();
            fullSamples[fullCount++ % fullSamples.length] = cost.totalNanos();
            double[] recent = java.util.Arrays.copyOf(fullSamples, Math.min(fullCount, fullSamples.length));
            java.util.Arrays.sort(recent);
            // Lower median: the first full frame after patches may pay a one-off re-plan on a GPU.
            fullNanos = recent[(recent.length - 1) / 2];
            return;
        }
        if (cost.k() == 0) {
            return;
        }
        // Median of the last few: one preempted scoring run must not stop enhancement for many frames.
        fixedSamples[fixedCount++ % fixedSamples.length] = cost.scoreNanos() + cost.selectNanos();
        double[] recent = java.util.Arrays.copyOf(fixedSamples, Math.min(fixedCount, fixedSamples.length));
        java.util.Arrays.sort(recent);
        fixedNanos = recent[recent.length / 2];
        ks[next] = cost.k();
        times[next] = cost.enhanceNanos() + cost.stitchNanos();
        next = (next + 1) % WINDOW;
        samples++;
    }

    /** 90th percentile of actual / predicted cost over recent frames, at least 1. */
    private double jitter() {
        int m = Math.min(overrunCount, overrun.length);
        if (m < 5) {
            return 1;
        }
        double[] sorted = java.util.Arrays.copyOf(overrun, m);
        java.util.Arrays.sort(sorted);
        return Math.max(1, Math.min(4, sorted[(int) Math.ceil(0.9 * m) - 1]));
    }

    /** Predicted milliseconds for k patches (scoring included), NaN before the first frame. */
    public double predictMillis(int k) {
        if (samples == 0) {
            return Double.NaN;
        }
        double[] ab = fit();
        return ((Double.isNaN(fixedNanos) ? 0 : fixedNanos) + ab[0] + ab[1] * k) / 1e6;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "budget %.1f ms", budgetNanos / 1e6);
    }
}
