package io.dejavu.cli.demo;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a headless demo call measured: PSNR-Y of frames received through libwebrtc at the capped
 * bitrate against the frames that were sent, as decoded ({@code psnrPlain}) and as shown after
 * enhancement ({@code psnrEnhanced}), over the same frames; the operating point (cap, size, the
 * clip's frame rate, bits per pixel); and the received video: {@code bitrateKbps} is RTP payload
 * averaged over the measured window, {@code receivedFpsMin} the slowest one-second window of frames
 * decoded, {@code receivedFpsAvg} their average. {@code fps} counts frames measured after the
 * enhancement pipeline (frames it skipped while busy are not).
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
        String tier,
        String model,
        double seconds,
        long droppedByPipeline,
        double enhancedShare,
        String passReason,
        double sourceFps,
        double receivedFpsMin,
        double receivedFpsAvg,
        int slowSeconds,
        int measuredSeconds) {

    /** Whether the received video fell below {@link ReceivedRate#MIN_FPS} in some second. */
    boolean slow() {
        return receivedFpsMin < ReceivedRate.MIN_FPS;
    }

    /** Bits per pixel per frame at the cap and the clip's frame rate. */
    double bitsPerPixel() {
        return targetKbps * 1000.0 / ((double) width * height * sourceFps);
    }

    /** The warning the summary ends with when the call did not look like video, else empty. */
    String warning() {
        if (!slow()) {
            return "";
        }
        return String.format(
                Locale.ROOT,
                "warning: the received video fell below %.0f fps in %d of %d seconds (slowest %.0f fps): the"
                        + " encoder drops frames when the cap is too low for the picture, or the machine is too busy",
                ReceivedRate.MIN_FPS,
                slowSeconds,
                measuredSeconds,
                receivedFpsMin);
    }

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
        m.put("source_fps", round(sourceFps, 2));
        m.put("bits_per_pixel", round(bitsPerPixel(), 4));
        m.put("received_fps_min", round(receivedFpsMin, 1));
        m.put("received_fps_avg", round(receivedFpsAvg, 1));
        m.put("seconds_below_20_fps", slowSeconds);
        m.put("warning", warning());
        m.put("k", round(kPercent / 100.0, 3));
        m.put("ms_per_frame", round(msPerFrame, 2));
        m.put("provider", provider);
        m.put("tier", tier);
        m.put("model", model);
        m.put("seconds", round(seconds, 1));
        m.put("dropped_by_pipeline", droppedByPipeline);
        m.put("enhancing", enhancing());
        m.put("enhanced_frames_share", round(enhancedShare, 3));
        m.put("reason", passReason);
        return m;
    }

    String summary() {
        String text = String.format(
                Locale.ROOT,
                "%s %dx%d at %.0f fps, %s capped at %d kbps (%.3f bits/pixel); received %.1f kbps (video RTP"
                        + " payload over the %d s measured; headers, RTCP and audio not counted), %.1f fps (slowest"
                        + " second %.0f fps): PSNR-Y %.2f dB decoded -> %.2f dB enhanced"
                        + " (%+.2f dB) over %d frames; k %.0f%%, %.1f ms/frame on %s, %s tier; model: %s%s",
                clip,
                width,
                height,
                sourceFps,
                codec,
                targetKbps,
                bitsPerPixel(),
                bitrateKbps,
                measuredSeconds,
                receivedFpsAvg,
                receivedFpsMin,
                psnrPlain,
                psnrEnhanced,
                gainDb(),
                frames,
                kPercent,
                msPerFrame,
                provider,
                tier,
                model,
                enhancedShare >= 1.0
                        ? ""
                        : String.format(
                                Locale.ROOT,
                                "; enhanced %.0f%% of frames, passed the rest through: %s",
                                enhancedShare * 100,
                                passReason));
        return slow() ? text + System.lineSeparator() + "demo: " + warning() : text;
    }

    private static double round(double v, int digits) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return v;
        }
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }
}
