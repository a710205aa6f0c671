package io.dejavu.app.settings;

import java.util.Locale;

/**
 * How the enhancer picks k, the number of patches it enhances per frame: a fixed fraction of the
 * frame's patches, or as many as fit in a time budget per frame.
 *
 * <pre>{@code
 * KPolicy p = KPolicy.parse("budget:25");   // 25 ms per frame
 * KPolicy q = KPolicy.fraction(0.25);       // a quarter of the patches
 * }</pre>
 *
 * @param mode fixed fraction or time budget
 * @param value the fraction (0..1] or the budget in milliseconds (1..1000)
 */
public record KPolicy(Mode mode, double value) {
    public enum Mode {
        FRACTION,
        TIME_BUDGET
    }

    public KPolicy {
        if (mode == null) {
            throw new IllegalArgumentException("k policy mode must be FRACTION or TIME_BUDGET, got null");
        }
        if (mode == Mode.FRACTION && !(value > 0 && value <= 1)) {
            throw new IllegalArgumentException("k fraction must be in (0, 1], got " + value);
        }
        if (mode == Mode.TIME_BUDGET && !(value >= 1 && value <= 1000)) {
            throw new IllegalArgumentException("time budget must be 1..1000 ms per frame, got " + value);
        }
    }

    /** A 30 fps frame minus decode and display: the pipeline never falls behind. */
    public static KPolicy defaults() {
        return budget(25);
    }

    public static KPolicy fraction(double fraction) {
        return new KPolicy(Mode.FRACTION, fraction);
    }

    public static KPolicy budget(double millis) {
        return new KPolicy(Mode.TIME_BUDGET, millis);
    }

    /**
     * Reads {@code fraction:0.25} or {@code budget:25} (the form {@link #toString} writes).
     *
     * @throws IllegalArgumentException naming the text and the expected form
     */
    public static KPolicy parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException(
                    "k policy must look like 'fraction:0.25' or 'budget:25', got '" + text + "'");
        }
        double value;
        try {
            value = Double.parseDouble(t.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("k policy value must be a number, got '" + text + "'");
        }
        return switch (t.substring(0, colon)) {
            case "fraction" -> fraction(value);
            case "budget" -> budget(value);
            default ->
                throw new IllegalArgumentException(
                        "k policy must start with 'fraction:' or 'budget:', got '" + text + "'");
        };
    }

    @Override
    public String toString() {
        return mode == Mode.FRACTION ? "fraction:" + value : "budget:" + value;
    }

    /** What the settings screen shows, e.g. "25 % of patches" or "25 ms per frame". */
    public String describe() {
        return mode == Mode.FRACTION
                ? String.format(Locale.ROOT, "%.0f %% of patches", value * 100)
                : String.format(Locale.ROOT, "%.0f ms per frame", value);
    }
}
