package io.dejavu.scorer.policy;

/**
 * Decides how many patches of the next frame to enhance. Stateful; used by one thread.
 *
 * <pre>{@code
 * KPolicy policy = KPolicy.of(KPolicySpec.budget(Duration.ofMillis(25)));
 * int k = policy.chooseK(grid.count());
 * ... enhance ...
 * policy.observe(new FrameCost(grid.count(), k, false, score, select, enhance, stitch));
 * }</pre>
 */
public interface KPolicy {
    /**
     * Patches to enhance in the next frame, in {@code 0..patchCount}; {@code patchCount} means the
     * whole frame.
     */
    int chooseK(int patchCount);

    /** Learns from what the last frame cost. */
    void observe(FrameCost cost);

    /** For reports, e.g. {@code "fraction 25%"} or {@code "budget 25.0 ms"}. */
    String describe();

    /** A fresh policy for a spec. */
    static KPolicy of(KPolicySpec spec) {
        if (spec instanceof KPolicySpec.Fraction f) {
            return new FixedFractionPolicy(f.fraction());
        }
        if (spec instanceof KPolicySpec.Budget b) {
            return new TimeBudgetPolicy(b.perFrame());
        }
        throw new IllegalArgumentException("unknown k policy " + spec);
    }
}
