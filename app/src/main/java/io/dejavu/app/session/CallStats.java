package io.dejavu.app.session;

/**
 * The call engine's numbers for the last second.
 *
 * @param width received frame width (0 before the first frame)
 * @param height received frame height
 * @param fpsReceived frames decoded per second
 * @param fpsSent frames sent per second
 * @param kbpsIn received video bitrate
 * @param kbpsOut sent video bitrate
 * @param codec the negotiated video codec, e.g. "VP8"
 * @param framesDropped frames the receive path dropped so far
 */
public record CallStats(
        int width,
        int height,
        double fpsReceived,
        double fpsSent,
        double kbpsIn,
        double kbpsOut,
        String codec,
        long framesDropped) {
    public static final CallStats EMPTY = new CallStats(0, 0, 0, 0, 0, 0, "", 0);

    public CallStats {
        codec = codec == null ? "" : codec;
    }
}
