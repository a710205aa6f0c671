package io.dejavu.app.call;

import io.dejavu.protocol.video.I420Frame;

/**
 * One received frame as decoded and after enhancement (the same frame when passed through).
 *
 * @param decoded the frame as libwebrtc decoded it
 * @param enhanced the frame after enhancement
 * @param report what the pipeline did
 */
public record EnhancedFrame(I420Frame decoded, I420Frame enhanced, EnhancementReport report) {
    public EnhancedFrame {
        if (decoded == null || enhanced == null || report == null) {
            throw new IllegalArgumentException("decoded, enhanced and report must all be present");
        }
    }
}
