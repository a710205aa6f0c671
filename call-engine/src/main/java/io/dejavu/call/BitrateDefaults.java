package io.dejavu.call;

import io.dejavu.protocol.video.FrameSize;

/**
 * Default video bitrate caps per frame size (VP8): the lowest rates at which libwebrtc still
 * delivered the full 25 fps of the harder of two real talking-head clips (a detailed studio shot,
 * {@code hdtf_katiehill_000}) on the loopback sweeps in docs/PERFORMANCE.md: 75 kbps at
 * 320x180 (100 with margin), 200 at 640x360, 250 at 640x480, 800 at 1280x720. Below these,
 * libwebrtc keeps the resolution (webrtc-java's custom source ignores resolution adaptation) and
 * drops frames instead: 640x360 fell to 17.5 fps at 150 kbps and 7.8 fps at 100 kbps. Dejavu keeps
 * resolution and frame rate and lets quality drop, and the enhancer cannot give frames back.
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
            return 200;
        }
        if (pixels <= 640 * 480) {
            return 250;
        }
        if (pixels <= 1280 * 720) {
            return 800;
        }
        return 1500;
    }
}
