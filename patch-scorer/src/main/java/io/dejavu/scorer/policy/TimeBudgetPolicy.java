package io.dejavu.scorer.policy;

import java.time.Duration;
import java.util.Locale;

/**
 * Picks the largest k whose predicted cost fits a time budget per frame, so the pipeline keeps up
 * with the call's frame rate on whatever machine it runs.
 *
 * <p>It learns from the last {@value #WINDOW} frames: the fixed cost of scoring and selection (a
 * moving average), the cost of enhancing k patches as {@code a + b * k} (least squares over recent
 * (k, time) pairs; with too little spread in k, {@code time / k}, which overestimates and so errs on
 * the safe side), and the cost of a full-frame run when one was tried. It plans for {@value
 * #HEADROOM_PERCENT}% of the budget to absorb jitter, grows k at most two-fold per frame while it
 * explores, and after a run of k = 0 frames tries one patch to notice when the machine got faster.
 */
public final class TimeBudgetPolicy implements KPolicy {
    static final int WINDOW = 30;
    static final int HEADROOM_PERCENT = 85;
    private static final double ALPHA = 0.2;
    private static final int PROBE_AFTER_IDLE_FRAMES = 15;
    private static final double DECAY = 0.8;

    private final long budgetNanos;
    private final int[] ks = new int[WINDOW];
    private final double[] times = new double[WINDOW];
    private int samples;
    private int next;
    private double fixedNanos = Double.NaN;
    private double fullNanos = Double.NaN;
    private int lastK;
    private int idleFrames;
    private double lastTotalNanos;

    public TimeBudgetPolicy(Duration perFrame) {
        this.budgetNanos = new KPolicySpec.Budget(perFrame).perFrame().toNanos();
    }

    @Override
    public int chooseK(int patchCount) {
        int k = plan(patchCount);
        idleFrames = k == 0 ? idleFrames + 1 : 0;
        lastK = k;
        return k;
    }

    private int plan(int n) {
        if (n == 0) {
            return 0;
        }
        double budget = budgetNanos * HEADROOM_PERCENT / 100.0;
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
            // All patches fit: a full-frame run is cheaper (no halos), unless it was tried and did not.
            return fullKnown ? n - 1 : n;
        }
        if (k <= 0) {
            return idleFrames >= PROBE_AFTER_IDLE_FRAMES ? 1 : 0;
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
        double sw = 0;
        double mk = 0;
        double mt = 0;
        double w = 1;
        for (int age = 0; age < m; age++, w *= DECAY) {
            int i = Math.floorMod(next - 1 - age, WINDOW);
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
            vk += w * (ks[i] - mk) * (ks[i] - mk);
            ckt += w * (ks[i] - mk) * (times[i] - mt);
        }
        if (m >= 3 && vk / sw >= 1.0) {
            double b = ckt / vk;
            double a = mt - b * mk;
            if (b > 0 && a >= 0 && a <= 0.5 * mt) {
                return new double[] {a, b};
            }
        }
        return new double[] {0, mt / Math.max(mk, 1)};
    }

    @Override
    public void observe(FrameCost cost) {
        lastTotalNanos = cost.totalNanos();
        if (cost.fullFrame()) {
            double t = cost.totalNanos();
            fullNanos = Double.isNaN(fullNanos) ? t : fullNanos + ALPHA * (t - fullNanos);
            return;
        }
        if (cost.k() == 0) {
            return;
        }
        double fixed = cost.scoreNanos() + cost.selectNanos();
        fixedNanos = Double.isNaN(fixedNanos) ? fixed : fixedNanos + ALPHA * (fixed - fixedNanos);
        ks[next] = cost.k();
        times[next] = cost.enhanceNanos() + cost.stitchNanos();
        next = (next + 1) % WINDOW;
        samples++;
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
