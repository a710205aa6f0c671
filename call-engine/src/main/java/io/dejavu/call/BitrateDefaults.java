package io.dejavu.call;

/**
 * Default video bitrate caps per frame size: the lowest rates at which libwebrtc still delivered
 * at least 20 fps of real talking-head footage at that size on this project's loopback sweep (see
 * docs/perf/call-engine.md). Dejavu keeps resolution and frame rate and lets quality drop, so a
 * cap below these trades frame rate away, which the enhancer cannot give back.
 */
public final class BitrateDefaults {
    private BitrateDefaults() {}

    /** The default cap in kbps for frames of this size. */
    public static int forSize(FrameSize size) {
        int pixels = size.pixels();
        if (pixels <= 320 * 240) {
            return 100;
        }
        if (pixels <= 640 * 360) {
            return 150;
        }
        if (pixels <= 640 * 480) {
            return 200;
        }
        if (pixels <= 1280 * 720) {
            return 500;
        }
        return 1200;
    }
}
