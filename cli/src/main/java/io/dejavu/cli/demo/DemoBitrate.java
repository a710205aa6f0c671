package io.dejavu.cli.demo;

import io.dejavu.protocol.model.OperatingRange;
import java.util.Locale;

/**
 * The demo call's bitrate cap and what it means for the clip: bits per pixel per frame, the unit
 * of the models' operating ranges (ADR 0506). By default the cap follows the clip's size and frame
 * rate at the bits per pixel of the 256x256 / 25 fps / 60 kbps call the demo was tuned on, which
 * sits inside the range of {@code models/generic-call} (0.021-0.067); a fixed 60 kbps would give a
 * larger clip fewer bits per pixel, and a smaller one more.
 *
 * @param kbps the sender's video cap
 * @param width the clip's width
 * @param height the clip's height
 * @param fps the clip's frame rate
 * @param chosen whether {@code --bitrate} named it
 */
record DemoBitrate(int kbps, int width, int height, double fps, boolean chosen) {
    /** 60 kbps at 256x256 and 25 fps. */
    static final double BPP = OperatingRange.bitsPerPixel(60, 256, 256, 25);

    static final String BPP_TEXT = String.format(Locale.ROOT, "%.3f", BPP);

    DemoBitrate {
        if (kbps < 30 || kbps > 20_000) {
            throw new IllegalArgumentException("the demo's bitrate must be 30..20000 kbps, got " + kbps);
        }
        OperatingRange.bitsPerPixel(kbps, width, height, fps); // validates size and frame rate
    }

    /** The cap for {@code footage} at {@link #BPP}, rounded to whole kbps. */
    static DemoBitrate forFootage(DemoFootage footage) {
        return forSize(footage.width(), footage.height(), footage.fps());
    }

    static DemoBitrate forSize(int width, int height, double fps) {
        int kbps = (int) Math.round(BPP * width * height * fps / 1000);
        return new DemoBitrate(Math.max(30, Math.min(20_000, kbps)), width, height, fps, false);
    }

    /** The cap {@code --bitrate} named. */
    static DemoBitrate given(int kbps, DemoFootage footage) {
        return new DemoBitrate(kbps, footage.width(), footage.height(), footage.fps(), true);
    }

    /** Bits per pixel per frame at the cap. */
    double bpp() {
        return OperatingRange.bitsPerPixel(kbps, width, height, fps);
    }

    /** E.g. "call at 91 kbps (360x288 at 24 fps: 0.037 bits/pixel, the clip's size at the default density)". */
    String describe() {
        return String.format(
                Locale.ROOT,
                "call at %d kbps (%dx%d at %.0f fps: %.3f bits/pixel, %s)",
                kbps,
                width,
                height,
                fps,
                bpp(),
                chosen ? "--bitrate" : "the clip's size at the default " + BPP_TEXT);
    }
}
