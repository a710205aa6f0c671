package io.dejavu.learning.footage;

import java.time.Instant;

/**
 * The JSON kept beside a call's video ({@code call.json}): what the call did with the frames. Its
 * presence in a folder without the {@code .part} suffix is what makes a kept call complete.
 *
 * @param format this file's format version
 * @param started when the call started
 * @param width width of the frames as sent
 * @param height height of the frames as sent
 * @param fps frames per second the sender produced
 * @param frames frames in the video
 * @param codec the codec the call sent with, e.g. {@code VP8}
 * @param sendKbps the outgoing video bitrate measured while the kept frames were sent (RTP payload)
 * @param framesSkipped frames not kept because the writer fell behind during the kept stretch
 */
record CallInfo(
        int format,
        Instant started,
        int width,
        int height,
        double fps,
        int frames,
        String codec,
        int sendKbps,
        long framesSkipped) {
    static final int FORMAT = 1;

    CallInfo {
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown footage format " + format + ", expected " + FORMAT);
        }
        if (started == null
                || width <= 0
                || height <= 0
                || !(fps > 0)
                || frames <= 0
                || codec == null
                || sendKbps <= 0) {
            throw new IllegalArgumentException("incomplete call description: " + started + ", " + width + "x" + height
                    + ", " + fps + " fps, " + frames + " frames, " + codec + ", " + sendKbps + " kbps");
        }
    }
}
