package io.dejavu.call;

import io.dejavu.protocol.signaling.IceServer;
import io.dejavu.protocol.video.FrameSize;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Immutable settings of one call, built with {@link #builder()}; every field has a default.
 *
 * <pre>{@code
 * CallOptions options = CallOptions.builder()
 *         .video(VideoSourceSpec.file(Path.of("me.mp4"), new FrameSize(640, 360)))
 *         .codec(VideoCodec.VP8)
 *         .maxBitrateKbps(150)
 *         .qualityTap(true)
 *         .build();
 * }</pre>
 *
 * @param video where outgoing video comes from (default: a 640x360 synthetic pattern at 30 fps)
 * @param codec preferred video codec (default VP8)
 * @param maxBitrateKbps cap on the outgoing video bitrate; 0 means {@link BitrateDefaults#forSize}
 * @param audio whether to send and receive audio (default true)
 * @param qualityTap mark each sent frame with its index and measure PSNR-Y of received frames
 *     against sent ones; both peers must agree (marked frames carry a strip at the top)
 * @param receiveQueueCapacity frames buffered for the consumer of received video (newest wins)
 * @param iceServers STUN/TURN servers; empty means host candidates only
 * @param relayOnly gather only TURN relay candidates (ICE transport policy {@code relay}): media never goes
 *     peer to peer, and neither peer learns the other's addresses; needs a TURN server in {@code iceServers}
 * @param connectTimeout how long negotiation may take before the call fails
 * @param peerLossTimeout how long without any packet from the peer before the call ends
 */
public record CallOptions(
        VideoSourceSpec video,
        VideoCodec codec,
        int maxBitrateKbps,
        boolean audio,
        boolean qualityTap,
        int receiveQueueCapacity,
        List<IceServer> iceServers,
        boolean relayOnly,
        Duration connectTimeout,
        Duration peerLossTimeout) {

    public CallOptions {
        Objects.requireNonNull(video, "video");
        Objects.requireNonNull(codec, "codec");
        if (maxBitrateKbps != 0 && (maxBitrateKbps < 30 || maxBitrateKbps > 20_000)) {
            throw new IllegalArgumentException(
                    "maxBitrateKbps must be 0 (default for the size) or 30..20000, got " + maxBitrateKbps);
        }
        if (receiveQueueCapacity < 1 || receiveQueueCapacity > 64) {
            throw new IllegalArgumentException("receiveQueueCapacity must be 1..64, got " + receiveQueueCapacity);
        }
        iceServers = List.copyOf(iceServers);
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
        }
        if (peerLossTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("peerLossTimeout must be at least 1 s, got " + peerLossTimeout);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder()
                .video(video)
                .codec(codec)
                .maxBitrateKbps(maxBitrateKbps)
                .audio(audio)
                .qualityTap(qualityTap)
                .receiveQueueCapacity(receiveQueueCapacity)
                .iceServers(iceServers)
                .relayOnly(relayOnly)
                .connectTimeout(connectTimeout)
                .peerLossTimeout(peerLossTimeout);
    }

    /** Builder for {@link CallOptions}; see the record's parameters for defaults. */
    public static final class Builder {
        private VideoSourceSpec video = VideoSourceSpec.synthetic(new FrameSize(640, 360), 30);
        private VideoCodec codec = VideoCodec.VP8;
        private int maxBitrateKbps;
        private boolean audio = true;
        private boolean qualityTap;
        private int receiveQueueCapacity = 2;
        private List<IceServer> iceServers = List.of();
        private boolean relayOnly;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration peerLossTimeout = Duration.ofSeconds(3);

        private Builder() {}

        public Builder video(VideoSourceSpec video) {
            this.video = video;
            return this;
        }

        public Builder codec(VideoCodec codec) {
            this.codec = codec;
            return this;
        }

        public Builder maxBitrateKbps(int kbps) {
            this.maxBitrateKbps = kbps;
            return this;
        }

        public Builder audio(boolean audio) {
            this.audio = audio;
            return this;
        }

        public Builder qualityTap(boolean on) {
            this.qualityTap = on;
            return this;
        }

        public Builder receiveQueueCapacity(int frames) {
            this.receiveQueueCapacity = frames;
            return this;
        }

        public Builder iceServers(List<IceServer> servers) {
            this.iceServers = servers;
            return this;
        }

        /** Relay-only ICE (default false): see the record's {@code relayOnly}. */
        public Builder relayOnly(boolean on) {
            this.relayOnly = on;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder peerLossTimeout(Duration timeout) {
            this.peerLossTimeout = timeout;
            return this;
        }

        public CallOptions build() {
            return new CallOptions(
                    video,
                    codec,
                    maxBitrateKbps,
                    audio,
                    qualityTap,
                    receiveQueueCapacity,
                    iceServers,
                    relayOnly,
                    connectTimeout,
                    peerLossTimeout);
        }
    }
}
