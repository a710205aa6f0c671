package io.dejavu.app.session;

import io.dejavu.app.settings.AppSettings;

/**
 * How to send in a call.
 *
 * @param camera camera device name, empty for the first camera
 * @param microphone microphone device name, empty for the default
 * @param videoFile a video file to send instead of a camera (looping), empty for the camera
 * @param maxBitrateKbps the most the sender may spend on video
 */
public record CallOptions(String camera, String microphone, String videoFile, int maxBitrateKbps) {
    public CallOptions {
        camera = camera == null ? "" : camera;
        microphone = microphone == null ? "" : microphone;
        videoFile = videoFile == null ? "" : videoFile;
        if (maxBitrateKbps <= 0) {
            throw new IllegalArgumentException("max bitrate must be positive kbps, got " + maxBitrateKbps);
        }
    }

    public static CallOptions from(AppSettings s) {
        return new CallOptions(s.camera(), s.microphone(), s.videoFile(), s.targetBitrateKbps());
    }
}
