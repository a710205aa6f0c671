package io.dejavu.training.eval;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quality of a model on a clip: mean per-frame PSNR-Y and SSIM-Y of the decoded and the enhanced
 * frames against the originals.
 *
 * @param frames frames evaluated
 * @param bitrateKbps bitrate the encoder actually produced
 * @param psnrDecoded mean PSNR-Y of decoded frames
 * @param psnrEnhanced mean PSNR-Y of enhanced frames
 * @param ssimDecoded mean SSIM-Y of decoded frames
 * @param ssimEnhanced mean SSIM-Y of enhanced frames
 * @param k fraction of patches enhanced (1 = full frame)
 * @param msPerFrame mean enhancement time per frame (scoring, enhancement, stitching)
 * @param perFrameGainDb PSNR gain of each frame
 */
public record EvaluationResult(
        int frames,
        double bitrateKbps,
        double psnrDecoded,
        double psnrEnhanced,
        double ssimDecoded,
        double ssimEnhanced,
        double k,
        double msPerFrame,
        List<Double> perFrameGainDb) {
    public EvaluationResult {
        perFrameGainDb = List.copyOf(perFrameGainDb);
    }

    public double gainDb() {
        return psnrEnhanced - psnrDecoded;
    }

    /** The JSON fields of {@code evaluate --json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frames", frames);
        m.put("bitrate_kbps", round(bitrateKbps));
        m.put("psnr_decoded", round(psnrDecoded));
        m.put("psnr_enhanced", round(psnrEnhanced));
        m.put("gain_db", round(gainDb()));
        m.put("ssim_decoded", Math.round(ssimDecoded * 1e5) / 1e5);
        m.put("ssim_enhanced", Math.round(ssimEnhanced * 1e5) / 1e5);
        m.put("k", k);
        m.put("ms_per_frame", round(msPerFrame));
        m.put("frames_worse", perFrameGainDb.stream().filter(g -> g < 0).count());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
