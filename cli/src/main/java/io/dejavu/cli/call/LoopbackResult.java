package io.dejavu.cli.call;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one loopback call measured on the caller-to-callee video path, over the measurement window
 * (after the warm-up).
 *
 * @param codec MIME subtype the callee actually decoded, e.g. {@code VP8}
 * @param targetKbps the sender's video bitrate cap
 * @param measuredKbps video RTP payload rate the callee received
 * @param framesSent frames the caller pushed into libwebrtc in the window
 * @param framesReceived frames the callee decoded in the window
 * @param fpsReceived framesReceived per second of the window
 * @param fpsSent framesSent per second of the window (the file's own rate when the pump keeps up)
 * @param psnrY mean PSNR-Y in dB of decoded frames against sent ones (strip excluded); null if none paired
 * @param pairedFrames frames that PSNR is the mean of
 * @param setupMs from starting the caller to its peer connection being connected
 * @param width decoded width
 * @param height decoded height
 * @param seconds length of the measurement window
 */
public record LoopbackResult(
        @JsonProperty("codec") String codec,
        @JsonProperty("target_kbps") int targetKbps,
        @JsonProperty("measured_kbps") double measuredKbps,
        @JsonProperty("frames_sent") long framesSent,
        @JsonProperty("frames_received") long framesReceived,
        @JsonProperty("fps_received") double fpsReceived,
        @JsonProperty("fps_sent") double fpsSent,
        @JsonProperty("psnr_y") Double psnrY,
        @JsonProperty("paired_frames") long pairedFrames,
        @JsonProperty("setup_ms") long setupMs,
        @JsonProperty("width") int width,
        @JsonProperty("height") int height,
        @JsonProperty("seconds") double seconds) {}
