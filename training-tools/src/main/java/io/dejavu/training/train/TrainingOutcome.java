package io.dejavu.training.train;

import io.dejavu.protocol.model.ModelMetadata;
import io.dejavu.training.eval.EvaluationResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a finished training wrote and measured.
 *
 * @param out the model directory
 * @param metadata the metadata written there
 * @param validation the new model on the held-back footage (for the generic model: on the people
 *     it never saw)
 * @param generic the generic model on the same footage, when one was available
 * @param enhancerSteps optimizer steps of the enhancer
 * @param stopReason why enhancer training stopped
 * @param seconds wall-clock time of the whole job
 */
public record TrainingOutcome(
        Path out,
        ModelMetadata metadata,
        EvaluationResult validation,
        Optional<EvaluationResult> generic,
        int enhancerSteps,
        String stopReason,
        double seconds) {
    /** A JSON-ready summary for the CLI. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", out.toString());
        m.put("caller", metadata.caller());
        m.put("frames", validation.frames());
        m.put("gain_db", round(validation.gainDb()));
        generic.ifPresent(g -> {
            m.put("generic_gain_db", round(g.gainDb()));
            m.put("gain_over_generic_db", round(validation.gainDb() - g.gainDb()));
        });
        m.put("psnr_decoded", round(validation.psnrDecoded()));
        m.put("psnr_enhanced", round(validation.psnrEnhanced()));
        m.put("steps", enhancerSteps);
        m.put("stop", stopReason);
        m.put("seconds", Math.round(seconds));
        for (String k :
                new String[] {"scorer_spearman", "scorer_top25_share", "tv_top25_share", "random_top25_share"}) {
            Double v = metadata.metrics().get(k);
            if (v != null) {
                m.put(k, round(v));
            }
        }
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
