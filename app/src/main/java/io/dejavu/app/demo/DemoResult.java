package io.dejavu.app.demo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a headless demo call measured: PSNR-Y of frames received through libwebrtc at the capped
 * bitrate against the frames that were sent, as decoded ({@code psnrPlain}) and as shown after
 * enhancement ({@code psnrEnhanced}), over the same frames.
 */
record DemoResult(
        String clip,
        String codec,
        int targetKbps,
        double bitrateKbps,
        int width,
        int height,
        long frames,
        double psnrPlain,
        double psnrEnhanced,
        double fps,
        double kPercent,
        double msPerFrame,
        String provider,
        String model,
        double seconds,
        long droppedByPipeline,
        double enhancedShare,
        String passReason) {

    /** Whether the receiver enhanced (most of) the measured frames; the gain is 0 where it did not. */
    boolean enhancing() {
        return enhancedShare >= 0.5;
    }

    double gainDb() {
        return psnrEnhanced - psnrPlain;
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clip", clip);
        m.put("codec", codec);
        m.put("target_kbps", targetKbps);
        m.put("bitrate_kbps", round(bitrateKbps, 1));
        m.put("size", width + "x" + height);
        m.put("frames", frames);
        m.put("psnr_plain", round(psnrPlain, 3));
        m.put("psnr_enhanced", round(psnrEnhanced, 3));
        m.put("gain_db", round(gainDb(), 3));
        m.put("fps", round(fps, 1));
        m.put("k", round(kPercent / 100.0, 3));
        m.put("ms_per_frame", round(msPerFrame, 2));
        m.put("provider", provider);
        m.put("model", model);
        m.put("seconds", round(seconds, 1));
        m.put("dropped_by_pipeline", droppedByPipeline);
        m.put("enhancing", enhancing());
        m.put("enhanced_frames_share", round(enhancedShare, 3));
        m.put("reason", passReason);
        return m;
    }

    String summary() {
        return String.format(
                Locale.ROOT,
                "%s %dx%d, %s at %.0f kbps (cap %d), %.1f fps: PSNR-Y %.2f dB decoded -> %.2f dB enhanced"
                        + " (%+.2f dB) over %d frames; k %.0f%%, %.1f ms/frame on %s; model: %s%s",
                clip,
                width,
                height,
                codec,
                bitrateKbps,
                targetKbps,
                fps,
                psnrPlain,
                psnrEnhanced,
                gainDb(),
                frames,
                kPercent,
                msPerFrame,
                provider,
                model,
                enhancedShare >= 1.0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; enhanced %.0f%% of frames, passed the rest through: %s",
                                enhancedShare * 100,
                                passReason));
    }

    private static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
