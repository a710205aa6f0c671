package io.dejavu.scorer.policy;

/** Enhances {@code round(fraction * patchCount)} patches of every frame. */
public final class FixedFractionPolicy implements KPolicy {
    private final double fraction;

    public FixedFractionPolicy(double fraction) {
        this.fraction = new KPolicySpec.Fraction(fraction).fraction();
    }

    @Override
    public int chooseK(int patchCount) {
        return (int) Math.min(patchCount, Math.round(fraction * patchCount));
    }

    @Override
    public void observe(FrameCost cost) {
        // a fixed fraction does not learn
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "fraction %.0f%%", fraction * 100);
    }
}
