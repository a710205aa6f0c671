package io.dejavu.scorer.policy;

import java.time.Duration;

/**
 * Which k policy to use: configuration, not state ({@link KPolicy#of} makes the stateful policy).
 *
 * <pre>{@code
 * KPolicySpec quarter = KPolicySpec.fraction(0.25);
 * KPolicySpec realtime = KPolicySpec.budget(Duration.ofMillis(25)); // 33 ms at 30 fps minus decode/display
 * }</pre>
 */
public sealed interface KPolicySpec {
    /**
     * Enhance a fixed share of the patches.
     *
     * @param fraction in 0..1; 1 means the whole frame
     */
    record Fraction(double fraction) implements KPolicySpec {
        public Fraction {
            if (!(fraction >= 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction must be in 0..1, got " + fraction);
            }
        }
    }

    /**
     * Enhance as many patches as fit in a time budget per frame, learned from recent frames.
     *
     * @param perFrame time for scoring, selection, enhancement and write-back, in 1 ms..1 s
     */
    record Budget(Duration perFrame) implements KPolicySpec {
        public Budget {
            if (perFrame == null
                    || perFrame.compareTo(Duration.ofMillis(1)) < 0
                    || perFrame.compareTo(Duration.ofSeconds(1)) > 0) {
                throw new IllegalArgumentException("budget per frame must be in 1 ms..1 s, got " + perFrame);
            }
        }
    }

    static KPolicySpec fraction(double fraction) {
        return new Fraction(fraction);
    }

    static KPolicySpec budget(Duration perFrame) {
        return new Budget(perFrame);
    }

    /** Budget for a frame rate minus a reserve for decoding and display, e.g. (30, 8 ms) gives 25.3 ms. */
    static KPolicySpec budgetForFps(double fps, Duration reserve) {
        long nanos = (long) (1e9 / fps) - reserve.toNanos();
        return new Budget(Duration.ofNanos(nanos));
    }
}
