package io.dejavu.cli.demo;

import io.dejavu.call.FrameReference;
import io.dejavu.protocol.quality.Quality;
import io.dejavu.protocol.video.I420Frame;
import io.dejavu.scorer.pipeline.FrameResult;
import java.util.Arrays;
import java.util.Optional;

/**
 * Pairs each frame out of the enhancement pipeline with the frame the caller sent (by the quality
 * tap's index) and accumulates PSNR-Y of the decoded and of the shown frame. Rows carrying the
 * tap's index strip are left out of both, so the numbers describe the picture alone. Thread-safe.
 */
final class GainMeter {
    private final FrameReference sent;
    private final int excludedTopRows;
    private long frames;
    private long unmatched;
    private double plainSum;
    private double enhancedSum;
    private double kSum;
    private double msSum;
    private String provider = "none";
    private String tier = "none";
    private long enhancedFrames;
    private String passReason = "";

    /** @param excludedTopRows rows at the top not compared (the tap's index strip) */
    GainMeter(FrameReference sent, int excludedTopRows) {
        this.sent = sent;
        this.excludedTopRows = excludedTopRows;
    }

    void accept(FrameResult result) {
        I420Frame decoded = result.decoded();
        I420Frame shown = result.shown();
        if (decoded.index() < 0) {
            synchronized (this) {
                unmatched++;
            }
            return;
        }
        Optional<byte[]> reference = sent.luma(decoded.index(), decoded.width(), decoded.height());
        if (reference.isEmpty()) {
            synchronized (this) {
                unmatched++;
            }
            return;
        }
        int from = Math.min(excludedTopRows, decoded.height() - 1) * decoded.width();
        byte[] ref = Arrays.copyOfRange(reference.get(), from, reference.get().length);
        double plain = Quality.psnr(ref, Arrays.copyOfRange(decoded.y(), from, decoded.y().length));
        double enhanced = Quality.psnr(ref, Arrays.copyOfRange(shown.y(), from, shown.y().length));
        synchronized (this) {
            frames++;
            plainSum += plain;
            enhancedSum += enhanced;
            kSum += result.report().enhancedAreaPercent();
            msSum += result.report().totalMs();
            if (result.report().enhanced()) {
                provider = result.report().provider();
                tier = result.report().tier();
                enhancedFrames++;
            } else {
                passReason = result.report().passThroughReason();
            }
        }
    }

    synchronized void reset() {
        frames = 0;
        unmatched = 0;
        plainSum = 0;
        enhancedSum = 0;
        kSum = 0;
        msSum = 0;
        enhancedFrames = 0;
        passReason = "";
    }

    /** Share of the measured frames the receiver enhanced (0..1). */
    synchronized double enhancedShare() {
        return frames == 0 ? 0 : (double) enhancedFrames / frames;
    }

    /** Why the last frame passed through unenhanced, or empty when every measured frame was enhanced. */
    synchronized String passReason() {
        return passReason;
    }

    synchronized long frames() {
        return frames;
    }

    synchronized long unmatched() {
        return unmatched;
    }

    synchronized double psnrPlain() {
        return frames == 0 ? Double.NaN : plainSum / frames;
    }

    synchronized double psnrEnhanced() {
        return frames == 0 ? Double.NaN : enhancedSum / frames;
    }

    synchronized double kPercent() {
        return frames == 0 ? Double.NaN : kSum / frames;
    }

    synchronized double msPerFrame() {
        return frames == 0 ? Double.NaN : msSum / frames;
    }

    synchronized String provider() {
        return provider;
    }

    /** The model tier of the last enhanced frame ({@code cpu}, {@code gpu}), or {@code none}. */
    synchronized String tier() {
        return tier;
    }
}
