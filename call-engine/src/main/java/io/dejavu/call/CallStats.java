package io.dejavu.call;

/**
 * One second of a call as libwebrtc saw it, delivered to {@link CallListener#onStats} about once a
 * second. Rates cover the interval since the previous report; totals cover the call. Values not
 * known yet are 0 (or {@code Double.NaN} for {@code psnrY}, {@code ""} for codecs).
 *
 * @param elapsedMillis time since the call started
 * @param sendKbps outgoing video bitrate (RTP payload)
 * @param receiveKbps incoming video bitrate (RTP payload)
 * @param targetKbps the encoder's current target bitrate
 * @param fpsSent frames the encoder sent per second
 * @param fpsDecoded frames the decoder produced per second
 * @param sendWidth width of the frames being encoded
 * @param sendHeight height of the frames being encoded
 * @param receiveWidth width of the decoded frames
 * @param receiveHeight height of the decoded frames
 * @param sendCodec MIME type of the codec being sent, e.g. {@code video/VP8}
 * @param receiveCodec MIME type of the codec being received
 * @param rttMillis round-trip time of the selected ICE candidate pair
 * @param packetsLost incoming video packets lost so far
 * @param lossFraction fraction of outgoing video packets the peer reported lost (0..1)
 * @param jitterMillis incoming video jitter
 * @param framesDropped incoming frames libwebrtc dropped before decoding so far
 * @param queueDropped decoded frames dropped from {@link Call#receivedFrames()} so far because its
 *     consumer (the enhancement pipeline) was behind
 * @param qualityLimitation why the encoder is limited: {@code none}, {@code bandwidth}, {@code cpu}
 * @param framesSent video frames sent so far
 * @param framesDecoded video frames decoded so far
 * @param psnrY mean PSNR-Y in dB of received frames paired with sent ones so far (quality tap)
 * @param pairedFrames frames the quality tap paired so far
 * @param videoBytesSent outgoing video RTP payload bytes so far
 * @param videoBytesReceived incoming video RTP payload bytes so far
 */
public record CallStats(
        long elapsedMillis,
        double sendKbps,
        double receiveKbps,
        double targetKbps,
        double fpsSent,
        double fpsDecoded,
        int sendWidth,
        int sendHeight,
        int receiveWidth,
        int receiveHeight,
        String sendCodec,
        String receiveCodec,
        double rttMillis,
        long packetsLost,
        double lossFraction,
        double jitterMillis,
        long framesDropped,
        long queueDropped,
        String qualityLimitation,
        long framesSent,
        long framesDecoded,
        double psnrY,
        long pairedFrames,
        long videoBytesSent,
        long videoBytesReceived) {}
