package io.dejavu.cli.demo;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One bitrate of the demo sweep: three real calls at the same cap over the same unseen footage,
 * the callee enhancing with the generic model, the personal model on the full frame, and the
 * personal model on the scorer's top-k patches. Each call measures its own decoded PSNR-Y, so a
 * variant's gain is paired within its call; the row's plain PSNR is the mean over the three calls
 * and a variant's PSNR is that mean plus its paired gain, which keeps call-to-call encoder noise
 * out of the comparison between variants.
 *
 * @param personalModel the personal model's directory (for {@code ./dejavu evaluate})
 * @param guard what the publish guard said about the personal model (the sweep publishes it anyway)
 */
record SweepRow(
        int targetKbps,
        DemoResult generic,
        DemoResult personalFull,
        DemoResult personalTopK,
        String personalModel,
        String guard) {
    SweepRow {
        if (targetKbps <= 0) {
            throw new IllegalArgumentException("target bitrate must be positive, got " + targetKbps);
        }
        Objects.requireNonNull(generic, "generic");
        Objects.requireNonNull(personalFull, "personalFull");
        Objects.requireNonNull(personalTopK, "personalTopK");
        Objects.requireNonNull(personalModel, "personalModel");
        Objects.requireNonNull(guard, "guard");
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

    DemoResult result(Variant v) {
        return switch (v) {
            case GENERIC -> generic;
            case PERSONAL_FULL -> personalFull;
            case PERSONAL_TOPK -> personalTopK;
        };
    }

    private List<DemoResult> calls() {
        return List.of(generic, personalFull, personalTopK);
    }

    /** Mean received bitrate over the three calls. */
    double measuredKbps() {
        return calls().stream().mapToDouble(DemoResult::bitrateKbps).average().orElseThrow();
    }

    /** Mean decoded PSNR-Y over the three calls. */
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

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("target_kbps", targetKbps);
        m.put("bitrate_kbps", round(measuredKbps(), 1));
        m.put("size", generic.width() + "x" + generic.height());
        m.put("psnr_plain", round(psnrPlain(), 3));
        for (Variant v : Variant.values()) {
            m.put("psnr_" + v.key, round(psnr(v), 3));
            m.put("gain_" + v.key + "_db", round(gainDb(v), 3));
        }
        for (Variant v : Variant.values()) {
            m.put(v.key, result(v).toJson());
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
