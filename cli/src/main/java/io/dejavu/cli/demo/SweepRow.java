package io.dejavu.cli.demo;

import io.dejavu.protocol.model.ModelTier;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One bitrate and one model tier of the demo sweep: real calls at the same cap over the same unseen
 * footage, the callee running that tier of the generic model, of the personal model on the full
 * frame, and of the personal model on the scorer's top-k patches. A variant whose bundle has no such
 * tier is absent from the row (never measured, never zero). Each call measures its own decoded
 * PSNR-Y, so a variant's gain is paired within its call; the row's plain PSNR is the mean over its
 * calls and a variant's PSNR is that mean plus its paired gain, which keeps call-to-call encoder
 * noise out of the comparison between variants.
 *
 * @param tier the tier every call of the row ran
 * @param results the calls, by variant; at least one
 * @param personalModel the personal model's directory (for {@code ./dejavu evaluate})
 * @param guard what the publish guard said about the personal model (the sweep publishes it anyway)
 */
record SweepRow(int targetKbps, ModelTier tier, Map<Variant, DemoResult> results, String personalModel, String guard) {
    SweepRow {
        if (targetKbps <= 0) {
            throw new IllegalArgumentException("target bitrate must be positive, got " + targetKbps);
        }
        Objects.requireNonNull(tier, "tier");
        Objects.requireNonNull(results, "results");
        if (results.isEmpty()) {
            throw new IllegalArgumentException(
                    "a sweep row needs at least one call, got none at " + targetKbps + " kbps, " + tier.id() + " tier");
        }
        results = Collections.unmodifiableMap(new EnumMap<>(results));
        Objects.requireNonNull(personalModel, "personalModel");
        Objects.requireNonNull(guard, "guard");
    }

    /** A cpu-tier row with all three variants, as every sweep had before tiers. */
    SweepRow(
            int targetKbps,
            DemoResult generic,
            DemoResult personalFull,
            DemoResult personalTopK,
            String personalModel,
            String guard) {
        this(
                targetKbps,
                ModelTier.CPU,
                Map.of(
                        Variant.GENERIC,
                        generic,
                        Variant.PERSONAL_FULL,
                        personalFull,
                        Variant.PERSONAL_TOPK,
                        personalTopK),
                personalModel,
                guard);
    }

    /** The three variants in table order, named as in the JSON. */
    enum Variant {
        GENERIC("generic"),
        PERSONAL_FULL("personal_full"),
        PERSONAL_TOPK("personal_topk");

        final String key;

        Variant(String key) {
            this.key = key;
        }
    }

    /** Whether the variant was measured in this row (its bundle has the row's tier). */
    boolean has(Variant v) {
        return results.containsKey(v);
    }

    /** The variant's call; only for a variant the row {@link #has}. */
    DemoResult result(Variant v) {
        DemoResult r = results.get(v);
        if (r == null) {
            throw new IllegalArgumentException(
                    v.key + " has no " + tier.id() + " tier in the row at " + targetKbps + " kbps");
        }
        return r;
    }

    private List<DemoResult> calls() {
        return List.copyOf(results.values());
    }

    /** Any of the row's calls (they share clip, size and codec). */
    DemoResult anyCall() {
        return calls().get(0);
    }

    /** Mean received bitrate over the row's calls. */
    double measuredKbps() {
        return calls().stream().mapToDouble(DemoResult::bitrateKbps).average().orElseThrow();
    }

    /** Mean decoded PSNR-Y over the row's calls. */
    double psnrPlain() {
        return calls().stream().mapToDouble(DemoResult::psnrPlain).average().orElseThrow();
    }

    double gainDb(Variant v) {
        return result(v).gainDb();
    }

    /** The variant's PSNR-Y on the row's common footing: mean plain PSNR plus the paired gain. */
    double psnr(Variant v) {
        return psnrPlain() + gainDb(v);
    }

    /** The row's fields; an absent variant's PSNR, gain and call are null. */
    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target_kbps", targetKbps);
        m.put("tier", tier.id());
        m.put("bitrate_kbps", round(measuredKbps(), 1));
        m.put("size", anyCall().width() + "x" + anyCall().height());
        m.put("psnr_plain", round(psnrPlain(), 3));
        for (Variant v : Variant.values()) {
            m.put("psnr_" + v.key, has(v) ? round(psnr(v), 3) : null);
            m.put("gain_" + v.key + "_db", has(v) ? round(gainDb(v), 3) : null);
        }
        for (Variant v : Variant.values()) {
            m.put(v.key, has(v) ? result(v).toJson() : null);
        }
        m.put("personal_model", personalModel);
        m.put("guard", guard);
        return m;
    }

    private static double round(double v, int digits) {
        if (!Double.isFinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
